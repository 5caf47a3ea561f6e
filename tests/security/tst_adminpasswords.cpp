// casedesk-admin never hands a password to the server, and where its login may, keeps the
// statement carrying the SCRAM verifier out of the server's log (issue 10, point 7): with
// log_statement = 'all' on the session, add-worker and set-password leave no verifier in the
// server log (the test server's log is CASEDESK_TEST_PGLOG; the test runs as its superuser); and
// the casedesk-admin program, signed in over TLS with a password as a DBA would, on a database
// the server logs every statement of, leaves neither verifier nor password in that log.
#include "securityfixture.h"

#include "definitions/definitionregistry.h"
#include "security/accounts.h"
#include "security/identifiers.h"
#include "security/scram.h"

#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QUuid>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

QByteArray serverLog(qint64 from = 0)
{
    QFile log(qEnvironmentVariable("CASEDESK_TEST_PGLOG"));
    if (!log.open(QIODevice::ReadOnly) || !log.seek(from))
        return QByteArray();
    return log.readAll();
}

qint64 serverLogSize()
{
    return QFileInfo(qEnvironmentVariable("CASEDESK_TEST_PGLOG")).size();
}

QByteArray storedKeyOf(const QString &verifier)
{
    return verifier.section(QLatin1Char('$'), 2).section(QLatin1Char(':'), 0, 0).toUtf8();
}

} // namespace

class TestAdminPasswords : public QObject
{
    Q_OBJECT

private slots:
    void verifiersStayOutOfTheServerLog()
    {
        QVERIFY2(!qEnvironmentVariable("CASEDESK_TEST_PGLOG").isEmpty(),
                 "run through tests/harness/with-postgres.sh (CASEDESK_TEST_PGLOG)");
        CASEDESK_SECURITY_FIXTURE(f);
        QVERIFY(security::execUtility(f.admin(), QStringLiteral("SET log_statement = 'all'")));
        const QString marker = QUuid::createUuid().toString(QUuid::Id128);
        // Logging is on: an ordinary statement shows in the log.
        QCOMPARE(f.admin().scalar(QStringLiteral("SELECT ?::text"), {marker}).toString(), marker);

        Accounts accounts(f.admin(), DefinitionRegistry::shared());
        const QString password = QStringLiteral("Correct horse ") + marker.left(6);
        NewWorker worker;
        worker.username = QStringLiteral("logged.") + marker.left(8);
        worker.displayName = QStringLiteral("Logged Worker");
        worker.roles = {QStringLiteral("social_worker")};
        EXPECT_OK(accounts.addWorker(worker, password));
        QCOMPARE(accounts.serverLogWarning(), QString());
        const QString added =
            f.admin()
                .scalar(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = ?"),
                        {worker.username})
                .toString();
        QVERIFY2(security::isScramVerifier(added), qPrintable(added));
        EXPECT_OK(accounts.setPassword(worker.username, password + QStringLiteral("!")));
        QCOMPARE(accounts.serverLogWarning(), QString());
        const QString changed =
            f.admin()
                .scalar(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = ?"),
                        {worker.username})
                .toString();
        QVERIFY(security::isScramVerifier(changed));
        QVERIFY(changed != added);
        // Still logging after the password transactions.
        const QString after = marker + QStringLiteral("-after");
        QCOMPARE(f.admin().scalar(QStringLiteral("SELECT ?::text"), {after}).toString(), after);

        const QByteArray log = serverLog();
        QVERIFY2(log.contains(marker.toUtf8()), "the server log did not record statements");
        QVERIFY2(log.contains(after.toUtf8()), "logging did not come back on");
        QVERIFY(!storedKeyOf(added).isEmpty());
        QVERIFY2(!log.contains(storedKeyOf(added)), "add-worker's verifier is in the server log");
        QVERIFY2(!log.contains(storedKeyOf(changed)),
                 "set-password's verifier is in the server log");
        QVERIFY(!log.contains(password.toUtf8()));
    }

    void setPasswordOverTlsLeavesNothingInTheServerLog()
    {
        QVERIFY2(!qEnvironmentVariable("CASEDESK_TEST_PGLOG").isEmpty(),
                 "run through tests/harness/with-postgres.sh (CASEDESK_TEST_PGLOG)");
        CASEDESK_SECURITY_FIXTURE(f);
        const QString database = f.admin().settings().databaseName;
        const QString marker = QUuid::createUuid().toString(QUuid::Id128);
        // The DBA's own login, with a password: over TCP the server asks for it (SCRAM, TLS).
        const QString dba = QStringLiteral("dba_") + marker.left(10);
        const QString dbaPassword = QStringLiteral("dba pass ") + marker.right(8);
        QVERIFY(security::execUtility(f.admin(), QStringLiteral("CREATE ROLE ") + dba +
                                                     QStringLiteral(" LOGIN SUPERUSER PASSWORD '") +
                                                     security::scramSha256Verifier(dbaPassword) +
                                                     QLatin1Char('\'')));
        // The server, not the session, logs every statement on this database.
        QVERIFY(security::execUtility(f.admin(), QStringLiteral("ALTER DATABASE ") + database +
                                                     QStringLiteral(" SET log_statement = 'all'")));
        const auto dropDba = qScopeGuard([&] {
            security::execUtility(f.admin(), QStringLiteral("ALTER DATABASE ") + database +
                                                 QStringLiteral(" RESET log_statement"));
            security::execUtility(f.admin(), QStringLiteral("DROP ROLE IF EXISTS ") + dba);
        });
        const qint64 logFrom = serverLogSize();
        Database dbaSession;
        EXPECT_OK(dbaSession.open(TestDatabase::postgresTcp(database, dba), dbaPassword));
        QCOMPARE(dbaSession.scalar(QStringLiteral("SELECT ?::text"), {marker}).toString(), marker);
        dbaSession.close();

        const QString sw = f.username(QStringLiteral("sw"));
        const QString before =
            f.admin()
                .scalar(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = ?"), {sw})
                .toString();
        const QString password = QStringLiteral("New horse ") + marker.mid(10, 8);
        QProcess admin;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PGPASSWORD"), dbaPassword);
        environment.insert(QStringLiteral("PGSSLROOTCERT"),
                           qEnvironmentVariable("CASEDESK_TEST_PGSSLROOTCERT"));
        admin.setProcessEnvironment(environment);
        admin.start(QStringLiteral(CASEDESK_ADMIN_PROGRAM),
                    {QStringLiteral("--host"), QStringLiteral("localhost"),
                     QStringLiteral("--port"), qEnvironmentVariable("CASEDESK_TEST_PGTCPPORT"),
                     QStringLiteral("--dbname"), database, QStringLiteral("--username"), dba,
                     QStringLiteral("--sslmode"), QStringLiteral("verify-full"),
                     QStringLiteral("--no-password"), QStringLiteral("set-password"),
                     QStringLiteral("--username"), sw, QStringLiteral("--password-stdin")});
        QVERIFY(admin.waitForStarted(30000));
        admin.write(password.toUtf8() + '\n');
        admin.closeWriteChannel();
        QVERIFY(admin.waitForFinished(120000));
        const QString errors = QString::fromUtf8(admin.readAllStandardError());
        QVERIFY2(admin.exitStatus() == QProcess::NormalExit && admin.exitCode() == 0,
                 qPrintable(errors));
        QVERIFY2(!errors.contains(QLatin1String("server's log")), qPrintable(errors));
        const QString after =
            f.admin()
                .scalar(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = ?"), {sw})
                .toString();
        QVERIFY(security::isScramVerifier(after));
        QVERIFY(after != before);
        // The new password signs the worker in, over TLS.
        Database worker;
        EXPECT_OK(worker.open(f.settings(QStringLiteral("sw")), password));

        const QByteArray log = serverLog(logFrom);
        QVERIFY2(log.contains(marker.toUtf8()), "the server did not log the database's statements");
        // casedesk-admin's own statements were logged up to the point it switched logging off:
        // its look-up of the worker, with the user name bound.
        QVERIFY2(log.contains("SELECT id, is_active FROM workers WHERE username = $1") &&
                     log.contains(sw.toUtf8()),
                 "casedesk-admin's session was not logged");
        QVERIFY2(!log.contains(storedKeyOf(after)), "set-password's verifier is in the server log");
        QVERIFY2(!log.contains("SCRAM-SHA-256$"), "a verifier is in the server log");
        QVERIFY(!log.contains(password.toUtf8()));
    }
};

QTEST_GUILESS_MAIN(TestAdminPasswords)
#include "tst_adminpasswords.moc"
