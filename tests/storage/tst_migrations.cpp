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

    // Repeatable scripts (R__*.sql) run after the numbered migrations, again only when their
    // text changed.
    void runsARepeatableScriptAgainOnlyWhenItChanged()
    {
        CASEDESK_TEST_DATABASE(test);
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QStringList shipped = QDir(QStringLiteral(":/migrations")).entryList(QDir::Files);
        QVERIFY(shipped.contains(QLatin1String("R__request_rules.postgres.sql")));
        for (const QString &file : shipped)
            QVERIFY(QFile::copy(QStringLiteral(":/migrations/") + file, directory.filePath(file)));
        const auto writeProbe = [&](int answer) {
            QFile probe(directory.filePath(QStringLiteral("R__probe.sql")));
            QVERIFY(probe.open(QIODevice::WriteOnly | QIODevice::Truncate));
            probe.write(QStringLiteral("CREATE TABLE IF NOT EXISTS probe_runs (answer INTEGER);\n"
                                       "INSERT INTO probe_runs (answer) VALUES (%1);\n")
                            .arg(answer)
                            .toUtf8());
        };
        const auto runs = [&] {
            return test.db().scalar(QStringLiteral("SELECT count(*) FROM probe_runs")).toInt();
        };
        writeProbe(1);
        Migrator migrator(test.db(), directory.path());
        QVERIFY(migrator.upgrade().isOk());
        QCOMPARE(runs(), 1);
        QVERIFY(migrator.upgrade().isOk());
        QCOMPARE(runs(), 1); // unchanged: not run again
        writeProbe(2);
        QVERIFY(migrator.upgrade().isOk());
        QCOMPARE(runs(), 2);
        QCOMPARE(test.db().scalar(QStringLiteral("SELECT max(answer) FROM probe_runs")).toInt(), 2);
        QCOMPARE(migrator.currentVersion(), migrator.requiredVersion());
    }

    void aFailingRepeatableScriptIsReportedAndLeavesNoTrace()
    {
        CASEDESK_TEST_DATABASE(test);
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        for (const QString &file : QDir(QStringLiteral(":/migrations")).entryList(QDir::Files))
            QVERIFY(QFile::copy(QStringLiteral(":/migrations/") + file, directory.filePath(file)));
        QFile probe(directory.filePath(QStringLiteral("R__zz_broken.sql")));
        QVERIFY(probe.open(QIODevice::WriteOnly));
        probe.write("CREATE TABLE half_done (x INTEGER);\nSELECT * FROM no_such_table;\n");
        probe.close();
        const Status status = Migrator(test.db(), directory.path()).upgrade();
        QVERIFY(!status.isOk());
        QVERIFY2(status.message().contains(QLatin1String("R__zz_broken.sql")),
                 qPrintable(status.message()));
        QVERIFY(!test.db().connection().tables().contains(QStringLiteral("half_done")));
        QCOMPARE(
            test.db()
                .scalar(QStringLiteral("SELECT count(*) FROM schema_repeatable WHERE name = ?"),
                        {QStringLiteral("zz_broken")})
                .toInt(),
            0);
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
