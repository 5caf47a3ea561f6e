// casedesk-admin as the IT department runs it: against a fresh database on the test server,
// checking its exit codes, its messages and what it leaves in the database.
#include "security/identifiers.h"
#include "storage/migrator.h"
#include "testdatabase.h"

#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

} // namespace

class TestAdmin : public QObject
{
    Q_OBJECT

    QTemporaryDir m_files;
    QString m_suffix;
    QString m_dbname;
    std::unique_ptr<Database> m_db; // as the superuser, to look at what the tool did

    // A new, empty database on the test server.
    QString createDatabase(const QString &owner = QString())
    {
        const QString name =
            QStringLiteral("casedesk_admin_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        Database server;
        [&] { QVERIFY(server.open(TestDatabase::postgresServer()).isOk()); }();
        QString error;
        // The name is made here; the owner is validated by the caller.
        [&] {
            QVERIFY2(security::execUtility(
                         server,
                         QStringLiteral("CREATE DATABASE ") + name +
                             (owner.isEmpty() ? QString()
                                              : QString(QStringLiteral(" OWNER ") +
                                                        security::quoteIdentifier(server, owner))),
                         &error),
                     qPrintable(error));
        }();
        return name;
    }

    Run admin(const QStringList &arguments, const QByteArray &input = QByteArray(),
              const QString &dbname = QString(), const QString &user = QString())
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("PGPASSWORD"));
        process.setProcessEnvironment(environment);
        const ConnectionSettings server = TestDatabase::postgresServer();
        QStringList all{QStringLiteral("--host"),       server.host,
                        QStringLiteral("--port"),       QString::number(server.port),
                        QStringLiteral("--dbname"),     dbname.isEmpty() ? m_dbname : dbname,
                        QStringLiteral("--username"),   user.isEmpty() ? server.userName : user,
                        QStringLiteral("--sslmode"),    QStringLiteral("disable"),
                        QStringLiteral("--no-password")};
        all += arguments;
        process.start(QStringLiteral(CASEDESK_ADMIN_PROGRAM), all);
        Run run;
        if (!process.waitForStarted(30000))
            return run;
        process.write(input);
        process.closeWriteChannel();
        process.waitForFinished(120000);
        run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    QString file(const QString &name, const QString &content)
    {
        const QString path = m_files.filePath(name);
        QFile out(path);
        if (out.open(QIODevice::WriteOnly))
            out.write(content.toUtf8());
        return path;
    }

    int count(const QString &sql, const QVariantList &values = {})
    {
        return m_db->scalar(sql, values).toInt();
    }

    QString user(const QString &key) const { return key + QLatin1Char('.') + m_suffix; }

#define EXPECT_RUN(run, expectedCode)                                                              \
    do {                                                                                           \
        const Run &run_ = (run);                                                                   \
        QVERIFY2(                                                                                  \
            run_.code == (expectedCode),                                                           \
            qPrintable(QStringLiteral("exit %1\n%2%3").arg(run_.code).arg(run_.out, run_.err)));   \
    } while (false)

private slots:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::wantsPostgres() &&
                     !qEnvironmentVariable("CASEDESK_TEST_PGHOST").isEmpty(),
                 "This is a PostgreSQL test: run it through tools/test.sh, which starts the test "
                 "server.");
        QVERIFY(m_files.isValid());
    }

    void init()
    {
        m_suffix = QUuid::createUuid().toString(QUuid::Id128).left(8);
        m_dbname = createDatabase();
        m_db = std::make_unique<Database>();
        QVERIFY(m_db->open(TestDatabase::postgresServer(m_dbname)).isOk());
    }

    void cleanup()
    {
        m_db.reset();
    }

    void upgradeCreatesTheSchemaAndSyncsTheRules()
    {
        const Run first = admin({QStringLiteral("upgrade")});
        EXPECT_RUN(first, 0);
        QVERIFY2(first.out.contains(QLatin1String("Schema upgraded from version 0 to")),
                 qPrintable(first.out));
        QVERIFY(first.out.contains(QLatin1String("Rules synced from the definitions")));
        QCOMPARE(Migrator(*m_db).currentVersion(), Migrator(*m_db).requiredVersion());
        QVERIFY(count(QStringLiteral("SELECT count(*) FROM rule_questions WHERE form_code = "
                                     "'C0773' AND owner_role = 'panel'")) > 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM rule_request_roles WHERE request_type "
                                      "= 'CS Manager: Please review and confirm next action' AND "
                                      "kind = 'completed_by' AND role = 'ps_manager'")),
                 1);
        QVERIFY(count(QStringLiteral("SELECT count(*) FROM virtual_workers WHERE code = "
                                     "'cs-cwd-panel'")) == 1);
        // Every table has the server's audit trigger but the log and the rule tables.
        QCOMPARE(count(QStringLiteral(
                     "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                     "c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND "
                     "c.relname NOT IN (SELECT table_name FROM security_unaudited_tables) AND NOT "
                     "EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = "
                     "'casedesk_audit')")),
                 0);
        const Run again = admin({QStringLiteral("upgrade")});
        EXPECT_RUN(again, 0);
        QVERIFY2(again.out.contains(QLatin1String("Schema already at version")),
                 qPrintable(again.out));
    }

    // The deployment: a database owned by a login with CREATEROLE, not a superuser.
    void theDatabaseOwnerAdministersWithoutBeingASuperuser()
    {
        const QString owner = user(QStringLiteral("owner"));
        QString error;
        QVERIFY2(security::execUtility(*m_db,
                                       QStringLiteral("CREATE ROLE ") +
                                           security::quoteIdentifier(*m_db, owner) +
                                           QStringLiteral(" LOGIN CREATEROLE"),
                                       &error),
                 qPrintable(error));
        const QString dbname = createDatabase(owner);
        EXPECT_RUN(admin({QStringLiteral("upgrade")}, {}, dbname, owner), 0);
        EXPECT_RUN(admin({QStringLiteral("add-team"), QStringLiteral("--name"),
                          QStringLiteral("CWD Team")},
                         {}, dbname, owner),
                   0);
        const QString worker = user(QStringLiteral("sw"));
        EXPECT_RUN(admin({QStringLiteral("add-worker"), QStringLiteral("--username"), worker,
                          QStringLiteral("--name"), QStringLiteral("Sam Testworker"),
                          QStringLiteral("--team"), QStringLiteral("CWD Team"),
                          QStringLiteral("--role"), QStringLiteral("social_worker")},
                         {}, dbname, owner),
                   0);
        // The worker signs in as themself and is a CaseDesk worker there, with no more.
        Database asWorker;
        ConnectionSettings settings = TestDatabase::postgresServer(dbname);
        settings.userName = worker;
        QVERIFY(asWorker.open(settings, QStringLiteral("x")).isOk());
        QCOMPARE(
            asWorker.scalar(QStringLiteral("SELECT casedesk_holds_role('social_worker')")).toBool(),
            true);
        QString refused;
        asWorker.exec(QStringLiteral("DELETE FROM audit_log"), {}, &refused);
        QVERIFY2(refused.contains(QLatin1String("permission denied")), qPrintable(refused));
        // The owner is the one who may.
        Database asOwner;
        settings.userName = owner;
        QVERIFY(asOwner.open(settings, QStringLiteral("x")).isOk());
        QString ownerError;
        asOwner.exec(QStringLiteral("UPDATE audit_log SET details = details"), {}, &ownerError);
        QVERIFY2(ownerError.isEmpty(), qPrintable(ownerError));
    }

    void managesWorkerAccounts()
    {
        EXPECT_RUN(admin({QStringLiteral("upgrade")}), 0);
        EXPECT_RUN(admin({QStringLiteral("add-team"), QStringLiteral("--name"),
                          QStringLiteral("CWD Team")}),
                   0);
        const Run duplicateTeam = admin(
            {QStringLiteral("add-team"), QStringLiteral("--name"), QStringLiteral("CWD Team")});
        EXPECT_RUN(duplicateTeam, 3);
        QVERIFY(duplicateTeam.err.contains(QLatin1String("already a team called CWD Team")));

        const QString sw = user(QStringLiteral("sw"));
        const Run added = admin(
            {QStringLiteral("add-worker"), QStringLiteral("--username"), sw,
             QStringLiteral("--name"), QStringLiteral("Sam Testworker"), QStringLiteral("--team"),
             QStringLiteral("CWD Team"), QStringLiteral("--role"), QStringLiteral("social_worker"),
             QStringLiteral("--role"), QStringLiteral("panel"), QStringLiteral("--password-stdin")},
            "correct horse battery staple\n");
        EXPECT_RUN(added, 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pg_authid WHERE rolname = ? AND "
                                      "rolcanlogin AND rolpassword LIKE 'SCRAM-SHA-256$4096:%'"),
                       {sw}),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM worker_roles r JOIN workers w ON w.id "
                                      "= r.worker_id WHERE w.username = ?"),
                       {sw}),
                 2);
        for (const char *group : {"casedesk_user", "casedesk_social_worker", "casedesk_panel"})
            QVERIFY2(m_db->scalar(QStringLiteral("SELECT pg_has_role(?, ?, 'MEMBER')"),
                                  {sw, QLatin1String(group)})
                         .toBool(),
                     group);

        // Refusals change nothing.
        const Run invalid =
            admin({QStringLiteral("add-worker"), QStringLiteral("--username"),
                   QStringLiteral("Robert'); DROP TABLE people;--"), QStringLiteral("--name"),
                   QStringLiteral("x"), QStringLiteral("--role"), QStringLiteral("social_worker")});
        EXPECT_RUN(invalid, 3);
        QVERIFY(invalid.err.contains(QLatin1String("is not a valid user name")));
        const Run unknownRole =
            admin({QStringLiteral("add-worker"), QStringLiteral("--username"),
                   user(QStringLiteral("x")), QStringLiteral("--name"), QStringLiteral("X"),
                   QStringLiteral("--role"), QStringLiteral("wizard")});
        EXPECT_RUN(unknownRole, 3);
        QVERIFY(unknownRole.err.contains(QLatin1String("\"wizard\" is not a CaseDesk role")));
        const Run unknownTeam = admin(
            {QStringLiteral("add-worker"), QStringLiteral("--username"), user(QStringLiteral("y")),
             QStringLiteral("--name"), QStringLiteral("Y"), QStringLiteral("--team"),
             QStringLiteral("Nowhere"), QStringLiteral("--role"), QStringLiteral("social_worker")});
        EXPECT_RUN(unknownTeam, 3);
        QVERIFY(unknownTeam.err.contains(QLatin1String("no team called Nowhere")));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname IN (?, ?)"),
                       {user(QStringLiteral("x")), user(QStringLiteral("y"))}),
                 0);
        EXPECT_RUN(admin({QStringLiteral("add-worker"), QStringLiteral("--username"), sw,
                          QStringLiteral("--name"), QStringLiteral("Again"),
                          QStringLiteral("--role"), QStringLiteral("social_worker")}),
                   3);

        // Virtual worker membership follows the definitions' member roles.
        EXPECT_RUN(admin({QStringLiteral("add-member"), QStringLiteral("--username"), sw,
                          QStringLiteral("--virtual-worker"), QStringLiteral("cs-cwd-panel")}),
                   0);
        const Run notHome =
            admin({QStringLiteral("add-member"), QStringLiteral("--username"), sw,
                   QStringLiteral("--virtual-worker"), QStringLiteral("Haven Cottage")});
        EXPECT_RUN(notHome, 3);
        QVERIFY2(notHome.err.contains(QLatin1String("Only a Short Break Home Staff can be a member "
                                                    "of Haven Cottage")),
                 qPrintable(notHome.err));
        EXPECT_RUN(admin({QStringLiteral("remove-member"), QStringLiteral("--username"), sw,
                          QStringLiteral("--virtual-worker"), QStringLiteral("cs-cwd-panel")}),
                   0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM virtual_worker_members")), 0);

        // Roles, in the table and on the server together.
        EXPECT_RUN(admin({QStringLiteral("revoke-role"), QStringLiteral("--username"), sw,
                          QStringLiteral("--role"), QStringLiteral("panel")}),
                   0);
        QVERIFY(
            !m_db->scalar(QStringLiteral("SELECT pg_has_role(?, 'casedesk_panel', 'MEMBER')"), {sw})
                 .toBool());
        EXPECT_RUN(admin({QStringLiteral("grant-role"), QStringLiteral("--username"), sw,
                          QStringLiteral("--role"), QStringLiteral("ps_manager")}),
                   0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM worker_roles r JOIN workers w ON w.id "
                                      "= r.worker_id WHERE w.username = ? AND r.role = "
                                      "'ps_manager'"),
                       {sw}),
                 1);

        // Retired: no more sign-in; their history stays theirs.
        const Run retired =
            admin({QStringLiteral("retire-worker"), QStringLiteral("--username"), sw});
        EXPECT_RUN(retired, 0);
        QVERIFY(retired.out.contains(QLatin1String("reallocate")));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = ? AND "
                                      "rolcanlogin"),
                       {sw}),
                 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM workers WHERE username = ? AND NOT "
                                      "is_active"),
                       {sw}),
                 1);
    }

    void usageAndConnectionErrorsHaveTheirOwnExitCodes()
    {
        const Run unknown = admin({QStringLiteral("frobnicate")});
        EXPECT_RUN(unknown, 1);
        QVERIFY(unknown.err.contains(QLatin1String("Unknown command \"frobnicate\"")));
        const Run missing = admin({QStringLiteral("add-team")});
        EXPECT_RUN(missing, 1);
        QVERIFY(missing.err.contains(QLatin1String("add-team needs --name")));
        const Run misplaced = admin(
            {QStringLiteral("upgrade"), QStringLiteral("--host"), QStringLiteral("elsewhere")});
        EXPECT_RUN(misplaced, 1);
        QVERIFY2(misplaced.err.contains(QLatin1String("connection options go before the command")),
                 qPrintable(misplaced.err));
        const Run noDatabase =
            admin({QStringLiteral("upgrade")}, {}, QStringLiteral("no_such_database_here"));
        EXPECT_RUN(noDatabase, 2);
        QVERIFY2(noDatabase.err.contains(QLatin1String("no database called")),
                 qPrintable(noDatabase.err));
        const Run help = admin({QStringLiteral("add-worker"), QStringLiteral("--help")});
        EXPECT_RUN(help, 0);
        QVERIFY(help.out.contains(QLatin1String("--password-stdin")));
    }

    void importsChildrenRelationshipsAndDirectPayments()
    {
        EXPECT_RUN(admin({QStringLiteral("upgrade")}), 0);
        EXPECT_RUN(admin({QStringLiteral("add-team"), QStringLiteral("--name"),
                          QStringLiteral("CWD Team")}),
                   0);
        const QString sw = user(QStringLiteral("sw"));
        EXPECT_RUN(admin({QStringLiteral("add-worker"), QStringLiteral("--username"), sw,
                          QStringLiteral("--name"), QStringLiteral("Sam Testworker"),
                          QStringLiteral("--team"), QStringLiteral("CWD Team"),
                          QStringLiteral("--role"), QStringLiteral("social_worker")}),
                   0);
        const QString children =
            file(QStringLiteral("children.csv"),
                 QStringLiteral("person_ref,given_name,family_name,date_of_birth,restricted,"
                                "allocated_worker\n"
                                "T100,Ava,Testchild,2015-04-01,no,%1\n"
                                "T101,\"Ben, junior\",Testchild,2016-09-30,yes,%1\n")
                     .arg(sw));
        const Run imported = admin({QStringLiteral("import-children"), children});
        EXPECT_RUN(imported, 0);
        QVERIFY(imported.out.contains(QLatin1String("2 of 2 rows imported")));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people p JOIN teams t ON t.id = "
                                      "p.team_id WHERE p.is_child AND t.name = 'CWD Team'")),
                 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people WHERE person_ref = 'T101' AND "
                                      "is_restricted AND given_name = 'Ben, junior'")),
                 1);
        // The server recorded each row, and the import its summary.
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE source = 'server' AND "
                                      "entity = 'people' AND action = 'INSERT'")),
                 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'import'")),
                 1);

        const QString relationships = file(
            QStringLiteral("relationships.csv"),
            QStringLiteral("person_ref,related_person_ref,relationship,parental_responsibility,"
                           "related_given_name,related_family_name\n"
                           "T100,A200,Mother,yes,Jo,Testparent\n"
                           "T101,A200,Mother,yes,,\n"));
        const Run related = admin({QStringLiteral("import-relationships"), relationships});
        EXPECT_RUN(related, 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people WHERE person_ref = 'A200' AND "
                                      "NOT is_child")),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM relationships")), 2);

        const QString payments = file(
            QStringLiteral("payments.csv"),
            QStringLiteral("person_ref,start_date,payment_for_ref,weekly_amount,hours_per_week,"
                           "next_review_date,notes\n"
                           "T100,2025-06-01,A200,£96.00,6,2026-06-01,Personal assistant\n"));
        const Run paid = admin({QStringLiteral("import-direct-payments"), payments});
        EXPECT_RUN(paid, 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM episodes e JOIN events v ON "
                                      "v.episode_id = e.id WHERE e.episode_type = 'Direct "
                                      "Payments' AND e.end_date IS NULL AND v.event_type = 'Start "
                                      "Direct Payments' AND v.details LIKE '%£96.00%'")),
                 1);
        // The same again: the child already has an open Direct Payments episode.
        const Run again = admin({QStringLiteral("import-direct-payments"), payments});
        EXPECT_RUN(again, 3);
        QVERIFY2(again.err.contains(QLatin1String("row 1 (line 2) rejected: T100 already has an "
                                                  "open Direct Payments episode")),
                 qPrintable(again.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM episodes")), 1);
    }

    void rejectedRowsAreReportedAndNothingIsWritten()
    {
        EXPECT_RUN(admin({QStringLiteral("upgrade")}), 0);
        const QString path =
            file(QStringLiteral("mixed.csv"),
                 QStringLiteral("person_ref,given_name,family_name,date_of_birth,restricted,"
                                "allocated_worker,team\n"
                                "T300,Cy,Testchild,2014-02-03,,,\n"
                                "T301,,Testchild,2014-13-03,perhaps,nobody,Nowhere\n"
                                "T300,Cy,Again,,,,\n"
                                "T302,Di,Testchild,,no,,\n"));
        const int people = count(QStringLiteral("SELECT count(*) FROM people"));
        const int audit = count(QStringLiteral("SELECT count(*) FROM audit_log"));
        const Run checked = admin({QStringLiteral("import-children"), path});
        EXPECT_RUN(checked, 3);
        QVERIFY2(checked.err.contains(QLatin1String(
                     "row 2 (line 3) rejected: given_name is empty; date_of_birth \"2014-13-03\" "
                     "is not a date as YYYY-MM-DD; restricted \"perhaps\" is not yes or no; "
                     "allocated_worker nobody is not an active worker; there is no team called "
                     "Nowhere")),
                 qPrintable(checked.err));
        QVERIFY2(checked.err.contains(
                     QLatin1String("row 3 (line 4) rejected: person_ref T300 is also on row 1")),
                 qPrintable(checked.err));
        QVERIFY(checked.out.contains(QLatin1String("nothing was imported")));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people")), people);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log")), audit);

        const Run dry =
            admin({QStringLiteral("import-children"), QStringLiteral("--dry-run"), path});
        EXPECT_RUN(dry, 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people")), people);

        const Run skipping =
            admin({QStringLiteral("import-children"), QStringLiteral("--skip-rejected"), path});
        EXPECT_RUN(skipping, 3);
        QVERIFY(skipping.out.contains(QLatin1String("2 of 4 rows imported; 2 rejected")));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people WHERE person_ref IN ('T300', "
                                      "'T302')")),
                 2);
    }

    void aMalformedFileChangesNothing_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unterminated quote")
            << QStringLiteral("person_ref,given_name,family_name\nT400,Ed,Testchild\n"
                              "T401,\"Fay,Testchild\nT402,Gus,Testchild\n")
            << QStringLiteral("line 3: a quoted field is never closed");
        QTest::newRow("unknown column")
            << QStringLiteral("person_ref,given_name,family_name,shoe_size\nT400,Ed,Testchild,9\n")
            << QStringLiteral("unknown column(s) shoe_size");
        QTest::newRow("missing column") << QStringLiteral("person_ref,given_name\nT400,Ed\n")
                                        << QStringLiteral("required column(s) family_name");
        QTest::newRow("ragged row")
            << QStringLiteral("person_ref,given_name,family_name\nT400,Ed,Testchild\nT401,Fay\n")
            << QStringLiteral("line 3: 2 fields, but the header names 3 columns");
    }

    void aMalformedFileChangesNothing()
    {
        QFETCH(QString, content);
        QFETCH(QString, expected);
        EXPECT_RUN(admin({QStringLiteral("upgrade")}), 0);
        const int audit = count(QStringLiteral("SELECT count(*) FROM audit_log"));
        const Run run = admin(
            {QStringLiteral("import-children"), file(QStringLiteral("malformed.csv"), content)});
        EXPECT_RUN(run, 3);
        QVERIFY2(run.err.contains(QLatin1String("malformed.csv is malformed, so nothing was "
                                                "imported")),
                 qPrintable(run.err));
        QVERIFY2(run.err.contains(expected), qPrintable(run.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log")), audit);
    }

    void listsWhoOpenedARecord()
    {
        EXPECT_RUN(admin({QStringLiteral("upgrade")}), 0);
        EXPECT_RUN(admin({QStringLiteral("import-children"),
                          file(QStringLiteral("one.csv"),
                               QStringLiteral("person_ref,given_name,family_name\n"
                                              "T500,Hal,Testchild\n"))}),
                   0);
        const qint64 person = m_db->scalar(QStringLiteral("SELECT id FROM people WHERE "
                                                          "person_ref = 'T500'"))
                                  .toLongLong();
        m_db->exec(QStringLiteral("SELECT casedesk_open_person(?)"), {person});
        const Run viewers =
            admin({QStringLiteral("viewers"), QStringLiteral("--person"), QStringLiteral("T500")});
        EXPECT_RUN(viewers, 0);
        QVERIFY2(viewers.out.contains(QLatin1String("1 opening(s) of the record of T500")),
                 qPrintable(viewers.out));
    }
};

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
