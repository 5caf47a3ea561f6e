// LinkSimulator in front of the test PostgreSQL: its delay, black hole and reset as a QPSQL
// connection through it sees them; and casedesk-linksim obeys its commands.
#include "linksimulator.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSemaphore>
#include <QThread>
#include <QtTest>

#include <memory>

using namespace casedesk;
using namespace casedesk::test;
using namespace Qt::StringLiterals;

namespace {

// Through `link`; the connect timeout outlasts the black holes here, which must only delay.
ConnectionSettings through(const LinkSimulator &link)
{
    ConnectionSettings settings = TestDatabase::postgresServerThrough(link);
    settings.connectTimeoutSeconds = 30;
    return settings;
}

// The first value of `sql`'s first row, or an invalid QVariant with the reason in `error`.
QVariant firstValue(const Database &db, const QString &sql, QString *error = nullptr)
{
    QString failure;
    QSqlQuery query = db.exec(sql, {}, &failure);
    if (!failure.isEmpty() || !query.next()) {
        if (error)
            *error = failure.isEmpty() ? u"no row"_s : failure;
        return {};
    }
    return query.value(0);
}

} // namespace

class TestLinkSimulator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("CASEDESK_TEST_PGHOST").isEmpty(),
                 "run through tools/test.sh, which starts the test PostgreSQL server");
    }

    void delayHoldsEachWay()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        QVERIFY2(link.isListening(), qPrintable(link.errorString()));
        Database db;
        const Status opened = db.open(through(link));
        QVERIFY2(opened.isOk(), qPrintable(opened.message()));
        QCOMPARE(firstValue(db, u"SELECT 1"_s).toInt(), 1);

        link.setDelay(40);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(firstValue(db, u"SELECT 2"_s).toInt(), 2);
        // At least one round trip: 40 ms there and 40 ms back.
        QVERIFY2(timer.elapsed() >= 80, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));

        link.setDelay(0);
        QCOMPARE(firstValue(db, u"SELECT 3"_s).toInt(), 3);
    }

    void blackHoleHoldsAQueryUntilItEnds()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        QVERIFY2(link.isListening(), qPrintable(link.errorString()));
        // The query blocks its thread, so it runs in one of its own, on a connection of its own.
        QSemaphore connected;
        QSemaphore go;
        Status opened;
        QVariant result;
        QString error;
        std::unique_ptr<QThread> client(QThread::create([&] {
            Database db;
            opened = db.open(through(link));
            connected.release();
            if (!opened.isOk())
                return;
            go.acquire();
            result = firstValue(db, u"SELECT 42"_s, &error);
        }));
        client->start();
        const auto finish = qScopeGuard([&] {
            link.setBlackHole(false);
            go.release();
            client->wait();
        });
        QVERIFY(connected.tryAcquire(1, 30000));
        QVERIFY2(opened.isOk(), qPrintable(opened.message()));

        link.setBlackHole(true);
        go.release();
        QVERIFY2(!client->wait(1000), "the query went through the black hole");
        link.setBlackHole(false);
        QVERIFY2(client->wait(30000), "the query did not finish after the black hole");
        QVERIFY2(result.isValid(), qPrintable(error));
        QCOMPARE(result.toInt(), 42);
    }

    void blackHoleHoldsANewConnection()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        QVERIFY2(link.isListening(), qPrintable(link.errorString()));
        link.setBlackHole(true);
        Status opened = Status::failure(u"not tried"_s);
        QVariant result;
        std::unique_ptr<QThread> client(QThread::create([&] {
            Database db;
            opened = db.open(through(link));
            if (opened.isOk())
                result = firstValue(db, u"SELECT 7"_s);
        }));
        client->start();
        const auto finish = qScopeGuard([&] {
            link.setBlackHole(false);
            client->wait();
        });

        QVERIFY2(!client->wait(1000), "a connection was made through the black hole");
        QCOMPARE(link.connectionCount(), 0);
        link.setBlackHole(false);
        QVERIFY2(client->wait(30000), "the connection was not made after the black hole");
        QVERIFY2(opened.isOk(), qPrintable(opened.message()));
        QCOMPARE(result.toInt(), 7);
    }

    void resetClosesEveryConnection()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        QVERIFY2(link.isListening(), qPrintable(link.errorString()));
        Database first;
        Database second;
        QVERIFY(first.open(through(link)).isOk());
        QVERIFY(second.open(through(link)).isOk());
        QCOMPARE(firstValue(first, u"SELECT 1"_s).toInt(), 1);
        QCOMPARE(link.connectionCount(), 2);

        link.resetConnections();
        QCOMPARE(link.connectionCount(), 0);
        for (const Database *db : {&first, &second}) {
            QString error;
            QVERIFY2(!firstValue(*db, u"SELECT 1"_s, &error).isValid(), "a reset link still works");
            QVERIFY2(isConnectionLoss(error), qPrintable(error));
        }

        Database fresh;
        const Status opened = fresh.open(through(link));
        QVERIFY2(opened.isOk(), qPrintable(opened.message()));
        QCOMPARE(firstValue(fresh, u"SELECT 5"_s).toInt(), 5);
        QCOMPARE(link.connectionCount(), 1);
    }

    void forwardsToATcpTargetToo()
    {
        LinkSimulator inner(LinkTarget::testPostgres());
        LinkSimulator outer(LinkTarget::tcp(LinkSimulator::host(), inner.port()));
        QVERIFY2(outer.isListening(), qPrintable(outer.errorString()));
        Database db;
        const Status opened = db.open(through(outer));
        QVERIFY2(opened.isOk(), qPrintable(opened.message()));
        QCOMPARE(firstValue(db, u"SELECT 6"_s).toInt(), 6);
        QCOMPARE(inner.connectionCount(), 1);
    }

    void programObeysItsCommands()
    {
        QProcess linksim;
        linksim.start(QString::fromUtf8(CASEDESK_LINKSIM_PROGRAM),
                      {u"--to"_s, LinkTarget::testPostgres().localSocketPath});
        const auto finish = qScopeGuard([&] {
            linksim.kill();
            linksim.waitForFinished();
        });
        const QString greeting = readLine(linksim);
        const QRegularExpressionMatch listening =
            QRegularExpression(u"^listening on 127\\.0\\.0\\.1:(\\d+)$"_s).match(greeting);
        QVERIFY2(listening.hasMatch(), qPrintable(greeting));

        ConnectionSettings settings = TestDatabase::postgresServer();
        settings.host = LinkSimulator::host();
        settings.port = listening.captured(1).toInt();
        Database db;
        const Status opened = db.open(settings);
        QVERIFY2(opened.isOk(), qPrintable(opened.message()));
        QCOMPARE(firstValue(db, u"SELECT 1"_s).toInt(), 1);

        QCOMPARE(command(linksim, "delay 5"), u"ok"_s);
        QCOMPARE(command(linksim, "blackhole on"), u"ok"_s);
        QCOMPARE(command(linksim, "blackhole off"), u"ok"_s);
        QCOMPARE(command(linksim, "reset"), u"ok"_s);
        QVERIFY2(!firstValue(db, u"SELECT 1"_s).isValid(), "reset did not reach the simulator");
        QVERIFY(command(linksim, "explode").startsWith("error:"_L1));
        QCOMPARE(command(linksim, "quit"), u"ok"_s);
        QVERIFY(linksim.waitForFinished(10000));
        QCOMPARE(linksim.exitCode(), 0);
    }

private:
    // libpq's words for a connection that went away under a query.
    static bool isConnectionLoss(const QString &error)
    {
        return error.contains("server closed the connection"_L1) ||
               error.contains("connection to server was lost"_L1) ||
               error.contains("Connection reset by peer"_L1) ||
               error.contains("no connection to the server"_L1);
    }

    static QString readLine(QProcess &process)
    {
        QDeadlineTimer deadline(10000);
        while (!process.canReadLine() && !deadline.hasExpired())
            process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        return QString::fromUtf8(process.readLine()).trimmed();
    }

    static QString command(QProcess &process, const char *line)
    {
        process.write(QByteArray(line) + '\n');
        return readLine(process);
    }
};

QTEST_GUILESS_MAIN(TestLinkSimulator)
#include "tst_linksimulator.moc"
