// Bank holidays from GOV.UK (issue 13, item 4): BankHolidayFetch against a real HTTPS server
// started here (QSslServer, with a certificate authority made for the test by openssl), and
// BankHolidayStore on the test database. A good feed is stored and used by the calendar; an
// unchanged one (If-None-Match, 304) only refreshes the time; a certificate nobody vouches for,
// a server that never answers, malformed JSON and a feed with a missing year change nothing.
#include "calendar/bankholidayfeed.h"
#include "calendar/bankholidaystore.h"
#include "testdatabase.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

// GOV.UK's shape: three whole years of England and Wales, and a Scotland division to skip.
QByteArray feed(bool withGap = false)
{
    QStringList events;
    const QList<QPair<const char *, const char *>> days{
        {"2025-01-01", "New Year’s Day"},
        {"2025-04-18", "Good Friday"},
        {"2025-04-21", "Easter Monday"},
        {"2025-05-05", "Early May bank holiday"},
        {"2025-05-26", "Spring bank holiday"},
        {"2025-08-25", "Summer bank holiday"},
        {"2025-12-25", "Christmas Day"},
        {"2025-12-26", "Boxing Day"},
        {"2026-01-01", "New Year’s Day"},
        {"2026-04-03", "Good Friday"},
        {"2026-04-06", "Easter Monday"},
        {"2026-05-04", "Early May bank holiday"},
        {"2026-05-25", "Spring bank holiday"},
        {"2026-08-31", "Summer bank holiday"},
        {"2026-12-25", "Christmas Day"},
        {"2026-12-28", "Boxing Day (substitute day)"},
        {"2027-01-01", "New Year’s Day"},
        {"2027-03-26", "Good Friday"},
        {"2027-03-29", "Easter Monday"},
        {"2027-05-03", "Early May bank holiday"},
        {"2027-05-31", "Spring bank holiday"},
        {"2027-06-07", "Extra bank holiday"},
        {"2027-08-30", "Summer bank holiday"},
        {"2027-12-27", "Christmas Day (substitute day)"},
        {"2027-12-28", "Boxing Day (substitute day)"},
    };
    for (const auto &day : days) {
        const QString date = QString::fromLatin1(day.first);
        if (withGap && date.startsWith(QLatin1String("2026")))
            continue;
        events << QStringLiteral(
                      "{\"title\":\"%1\",\"date\":\"%2\",\"notes\":\"\",\"bunting\":true}")
                      .arg(QString::fromUtf8(day.second), date);
    }
    return QStringLiteral("{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
                          "%1]},\"scotland\":{\"division\":\"scotland\",\"events\":[]}}")
        .arg(events.join(u','))
        .toUtf8();
}

// A tiny HTTPS server: one answer per connection, chosen by `mode`.
class FeedServer : public QObject
{
public:
    enum class Mode
    {
        Feed,      // 200 with ETag "v1"; 304 when asked If-None-Match: "v1"
        Malformed, // 200 with broken JSON
        Gap,       // 200 with 2026 missing
        Silent     // accepts, never answers
    };
    Mode mode = Mode::Feed;
    int requests = 0;
    QByteArray lastRequest;

    bool listen(const QSslCertificate &certificate, const QSslKey &key)
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(certificate);
        tls.setPrivateKey(key);
        m_server.setSslConfiguration(tls);
        QObject::connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                QObject::connect(socket, &QIODevice::readyRead, this,
                                 [this, socket] { answer(socket); });
        });
        return m_server.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    void answer(QTcpSocket *socket)
    {
        lastRequest += socket->readAll();
        if (!lastRequest.contains("\r\n\r\n"))
            return;
        ++requests;
        const QByteArray request = lastRequest;
        lastRequest.clear();
        if (mode == Mode::Silent)
            return;
        QByteArray status = "200 OK";
        QByteArray body;
        if (mode == Mode::Feed && request.contains("If-None-Match: \"v1\""))
            status = "304 Not Modified";
        else if (mode == Mode::Feed)
            body = feed();
        else if (mode == Mode::Gap)
            body = feed(true);
        else
            body = "{\"england-and-wales\": {\"events\": [";
        socket->write("HTTP/1.1 " + status +
                      "\r\nContent-Type: application/json\r\nETag: "
                      "\"v1\"\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QSslServer m_server;
};

} // namespace

class TestBankHolidays : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QList<QSslCertificate> m_authority;
    FeedServer m_server;
    std::unique_ptr<TestDatabase> m_database;

    bool openssl(std::initializer_list<const char *> words)
    {
        QStringList arguments;
        for (const char *word : words)
            arguments << QString::fromLatin1(word);
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(QStringLiteral("openssl"), arguments);
        if (!process.waitForFinished(60000) || process.exitCode() != 0) {
            qWarning().noquote() << process.readAllStandardError();
            return false;
        }
        return true;
    }

    BankHolidayFetch::Result fetch(BankHolidayFetch::Options options)
    {
        options.url =
            QUrl(QStringLiteral("https://localhost:%1/bank-holidays.json").arg(m_server.port()));
        BankHolidayFetch job(options);
        QSignalSpy finished(&job, &BankHolidayFetch::finished);
        job.start();
        if (!finished.wait(options.timeoutMs + 20000))
            return {};
        return finished.first().first().value<BankHolidayFetch::Result>();
    }

    BankHolidayFetch::Options trusting()
    {
        BankHolidayFetch::Options options;
        options.extraAuthorities = m_authority;
        options.timeoutMs = 5000;
        return options;
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<BankHolidayFetch::Result>();
        QVERIFY(m_dir.isValid());
        // A certificate authority of the test's own, and the server's certificate for localhost.
        QVERIFY(openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                         "/CN=CaseDesk test CA", "-keyout", "ca.key", "-out", "ca.pem"}));
        QVERIFY(openssl({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                         "-keyout", "server.key", "-out", "server.csr"}));
        QFile extensions(m_dir.filePath(QStringLiteral("san.ext")));
        QVERIFY(extensions.open(QIODevice::WriteOnly));
        extensions.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        extensions.close();
        QVERIFY(openssl({"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                         "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out",
                         "server.pem"}));
        m_authority = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("ca.pem")));
        QCOMPARE(m_authority.size(), 1);
        const QList<QSslCertificate> server =
            QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("server.pem")));
        QFile keyFile(m_dir.filePath(QStringLiteral("server.key")));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QSslKey key(&keyFile, QSsl::Rsa);
        QVERIFY(!server.isEmpty() && !key.isNull());
        QVERIFY(m_server.listen(server.first(), key));
    }

    void init()
    {
        m_server.mode = FeedServer::Mode::Feed;
        m_database = std::make_unique<TestDatabase>();
        QString error;
        QVERIFY2(m_database->create(&error), qPrintable(error));
    }

    void cleanup()
    {
        WorkingDaysCalendar::usePublished({});
        m_database.reset();
    }

    void aGoodFeedIsStoredAndCountedBy()
    {
        const BankHolidayFetch::Result result = fetch(trusting());
        QVERIFY2(result.outcome == BankHolidayFetch::Result::Outcome::Fetched,
                 qPrintable(result.error));
        QCOMPARE(result.published.holidays.size(), 25);
        QCOMPARE(result.published.firstYear, 2025);
        QCOMPARE(result.published.lastYear, 2027);
        QCOMPARE(result.published.etag, QStringLiteral("\"v1\""));

        BankHolidayStore store(m_database->db());
        const QDateTime fetchedAt(QDate(2026, 12, 8), QTime(9, 0), Qt::UTC);
        QVERIFY(store.replace(result.published, fetchedAt).isOk());
        const WorkingDaysCalendar::Published stored = store.read();
        QCOMPARE(stored.holidays.size(), 25);
        QCOMPARE(stored.refreshedAt, fetchedAt);

        // Every client that signs in counts by it: the extra day GOV.UK published is not a
        // working day, though CaseDesk's rules know nothing of it.
        const QDate extra(2027, 6, 7);
        QVERIFY(WorkingDaysCalendar::shared().isWorkingDay(extra));
        store.useStoredCalendar();
        QVERIFY(!WorkingDaysCalendar::shared().isWorkingDay(extra));
        QCOMPARE(WorkingDaysCalendar::shared().bankHolidayName(extra),
                 QStringLiteral("Extra bank holiday"));
        QVERIFY2(WorkingDaysCalendar::shared().sourceDescription().contains(
                     QStringLiteral("published by GOV.UK for 2025 to 2027")),
                 qPrintable(WorkingDaysCalendar::shared().sourceDescription()));
        // Years the feed does not cover still follow the rules.
        QVERIFY(!WorkingDaysCalendar::shared().isWorkingDay(QDate(2030, 12, 25)));
    }

    void anUnchangedFeedOnlyRefreshesTheTime()
    {
        BankHolidayStore store(m_database->db());
        BankHolidayFetch::Result first = fetch(trusting());
        QVERIFY(
            store.replace(first.published, QDateTime(QDate(2026, 12, 1), QTime(), Qt::UTC)).isOk());
        BankHolidayFetch::Options options = trusting();
        options.etag = store.read().etag;
        const BankHolidayFetch::Result again = fetch(options);
        QVERIFY2(again.outcome == BankHolidayFetch::Result::Outcome::NotModified,
                 qPrintable(again.error));
        const QDateTime now(QDate(2026, 12, 8), QTime(10, 0), Qt::UTC);
        QVERIFY(store.markUnchanged(now).isOk());
        QCOMPARE(store.read().refreshedAt, now);
        QCOMPARE(store.read().holidays.size(), 25);
    }

    void aCertificateNobodyVouchesForIsRefused()
    {
        BankHolidayFetch::Options options;
        options.timeoutMs = 5000; // the system's authorities only: the test CA is not one
        const BankHolidayFetch::Result result = fetch(options);
        QVERIFY(result.outcome == BankHolidayFetch::Result::Outcome::Failed);
        QVERIFY2(result.error.contains(QStringLiteral("could not prove it is who it claims")),
                 qPrintable(result.error));
    }

    void aServerThatNeverAnswersTimesOut()
    {
        m_server.mode = FeedServer::Mode::Silent;
        BankHolidayFetch::Options options = trusting();
        options.timeoutMs = 1500;
        const BankHolidayFetch::Result result = fetch(options);
        QVERIFY(result.outcome == BankHolidayFetch::Result::Outcome::Failed);
        QVERIFY2(result.error.contains(QStringLiteral("did not answer within 1.5 seconds")),
                 qPrintable(result.error));
    }

    void aBrokenFeedChangesNothing_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("malformed JSON")
            << int(FeedServer::Mode::Malformed) << QStringLiteral("is not valid JSON");
        QTest::newRow("a year missing") << int(FeedServer::Mode::Gap)
                                        << QStringLiteral("bank holidays for 2026 are incomplete");
    }

    void aBrokenFeedChangesNothing()
    {
        QFETCH(int, mode);
        QFETCH(QString, expected);
        m_server.mode = FeedServer::Mode(mode);
        const BankHolidayFetch::Result result = fetch(trusting());
        QVERIFY(result.outcome == BankHolidayFetch::Result::Outcome::Failed);
        QVERIFY2(result.error.contains(expected), qPrintable(result.error));
    }
};

QTEST_GUILESS_MAIN(TestBankHolidays)
#include "tst_bankholidays.moc"
