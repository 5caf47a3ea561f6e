#include "storage/migrator.h"
#include "storage/sqlscript.h"
#include "testdatabase.h"

#include <QtTest>

using namespace casedesk;

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void splitsStatementsOutsideQuotesAndFunctionBodies()
    {
        const QStringList statements = splitSqlStatements(QStringLiteral(
            "CREATE TABLE a (x TEXT DEFAULT ';'); -- a comment; with a semicolon\n"
            "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;\n"
            "SELECT 1"));
        QCOMPARE(statements.size(), 3);
        QVERIFY(statements.at(1).contains(QLatin1String("RETURN 1; END")));
    }

    void migratesAnEmptyDatabaseToTheRequiredVersion()
    {
        CASEDESK_TEST_DATABASE(test);
        Migrator migrator(test.db());
        QVERIFY(migrator.requiredVersion() >= 1);
        QCOMPARE(migrator.currentVersion(), migrator.requiredVersion());
        QVERIFY(migrator.checkCompatible().isOk());
        const QStringList tables = test.db().connection().tables();
        for (const char *table :
             {"people", "relationships", "workers", "teams", "worker_roles", "virtual_workers",
              "virtual_worker_members", "worksteps", "form_answers", "requests", "next_actions",
              "episodes", "events", "panels", "audit_log"})
            QVERIFY2(tables.contains(QLatin1String(table)), table);
    }

    void upgradingTwiceChangesNothing()
    {
        CASEDESK_TEST_DATABASE(test);
        Migrator migrator(test.db());
        const int before = migrator.currentVersion();
        const QString count = QStringLiteral("SELECT count(*) FROM schema_version");
        const int applied = test.db().scalar(count).toInt();
        QVERIFY(migrator.upgrade().isOk());
        QCOMPARE(migrator.currentVersion(), before);
        QCOMPARE(before, migrator.requiredVersion());
        // Versions may skip numbers (branches reserve theirs), so count what was applied.
        QCOMPARE(test.db().scalar(count).toInt(), applied);
    }

    void refusesANewerSchemaWithAClearMessage()
    {
        CASEDESK_TEST_DATABASE(test);
        test.db().exec(QStringLiteral("INSERT INTO schema_version (version, name) VALUES (?, ?)"),
                       {999, QStringLiteral("from_the_future")});
        Migrator migrator(test.db());
        const Status status = migrator.checkCompatible();
        QCOMPARE(status.code(), Status::Code::SchemaTooNew);
        QVERIFY(status.message().contains(QLatin1String("newer than this CaseDesk")));
        QCOMPARE(migrator.upgrade().code(), Status::Code::SchemaTooNew);
    }

    void reportsAnOlderSchemaWithoutTouchingIt()
    {
        CASEDESK_TEST_DATABASE(test);
        test.db().exec(QStringLiteral("DELETE FROM schema_version WHERE version = ?"),
                       {Migrator(test.db()).requiredVersion()});
        Migrator migrator(test.db());
        const Status status = migrator.checkCompatible();
        QCOMPARE(status.code(), Status::Code::SchemaTooOld);
        QVERIFY(status.message().contains(QLatin1String("casedesk-admin upgrade")));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
