// Round trips are what a slow link charges for. Counted through the link simulator: a statement
// CaseDesk has run before on a connection costs one round trip (Qt's QPSQL alone costs three:
// PREPARE, EXECUTE, DEALLOCATE), and the rows come back whole, so a statement may run again while
// the caller still reads the first one's rows.
#include "linksimulator.h"
#include "storage/database.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestRoundTrips : public QObject
{
    Q_OBJECT

private slots:
    void aStatementRunBeforeCostsOneRoundTrip()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        QVERIFY(link.isListening());
        Database db;
        QVERIFY(db.open(TestDatabase::postgresServerThrough(link)).isOk());
        const QString sql = QStringLiteral("SELECT ?::int + 1");

        QCOMPARE(db.scalar(sql, {1}).toInt(), 2); // prepared the first time
        qint64 before = link.clientSends();
        QCOMPARE(db.scalar(sql, {41}).toInt(), 42);
        QCOMPARE(link.clientSends() - before, 1);

        // Ten more: ten round trips, nothing deallocated or prepared again.
        before = link.clientSends();
        for (int i = 0; i < 10; ++i)
            QCOMPARE(db.scalar(sql, {i}).toInt(), i + 1);
        QCOMPARE(link.clientSends() - before, 10);
    }

    void rowsAreReadWholeSoTheSameStatementCanNest()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        Database db;
        QVERIFY(db.open(TestDatabase::postgresServerThrough(link)).isOk());
        const QString sql = QStringLiteral("SELECT generate_series(1, ?::int)");
        QSqlQuery outer = db.exec(sql, {3});
        QVERIFY(outer.isActive());
        QCOMPARE(outer.size(), 3);
        int sum = 0;
        while (outer.next()) {
            QSqlQuery inner = db.exec(sql, {outer.value(0).toInt()});
            while (inner.next())
                sum += inner.value(0).toInt();
        }
        QCOMPARE(sum, 1 + (1 + 2) + (1 + 2 + 3));
    }

    void errorsAndWritesReadAsBefore()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        Database db;
        QVERIFY(db.open(TestDatabase::postgresServerThrough(link)).isOk());
        // DDL cannot be prepared; CaseDesk runs it (migrations) on the connection itself.
        QSqlQuery ddl(db.connection());
        QVERIFY(ddl.exec(QStringLiteral("CREATE TEMPORARY TABLE t (id serial, v text)")));
        QSqlQuery insert = db.exec(QStringLiteral("INSERT INTO t (v) VALUES (?), (?) RETURNING id"),
                                   {QStringLiteral("a"), QVariant(QMetaType(QMetaType::QString))});
        QVERIFY(insert.isActive());
        QCOMPARE(insert.numRowsAffected(), 2);
        QVERIFY(insert.next());
        QCOMPARE(insert.value(0).toInt(), 1);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM t WHERE v IS NULL")).toInt(), 1);
        QString error;
        QSqlQuery bad = db.exec(QStringLiteral("SELECT no_such_column FROM t"), {}, &error);
        QVERIFY(!bad.isActive());
        QVERIFY2(error.contains(QStringLiteral("no_such_column")), qPrintable(error));
        QVERIFY(bad.lastError().isValid());

        // The connection drops: the statement fails, and after reopening works again.
        const QString sql = QStringLiteral("SELECT ?::int * 2");
        QCOMPARE(db.scalar(sql, {2}).toInt(), 4);
        link.resetConnections();
        QVERIFY(!db.exec(sql, {3}).isActive());
        QVERIFY(db.reopen().isOk());
        QCOMPARE(db.scalar(sql, {5}).toInt(), 10);
    }
};

QTEST_MAIN(TestRoundTrips)
#include "tst_roundtrips.moc"
