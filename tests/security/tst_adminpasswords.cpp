// casedesk-admin never hands a password to the server, and where its login may, keeps the
// statement carrying the SCRAM verifier out of the server's log (issue 10, point 7): with
// log_statement = 'all' on the session, add-worker and set-password leave no verifier in the
// server log (the test server's log is CASEDESK_TEST_PGLOG; the test runs as its superuser).
#include "securityfixture.h"

#include "definitions/definitionregistry.h"
#include "security/accounts.h"
#include "security/identifiers.h"
#include "security/scram.h"

#include <QFile>
#include <QSqlQuery>
#include <QUuid>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

QByteArray serverLog()
{
    QFile log(qEnvironmentVariable("CASEDESK_TEST_PGLOG"));
    if (!log.open(QIODevice::ReadOnly))
        return QByteArray();
    return log.readAll();
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
        const auto storedKeyOf = [](const QString &verifier) {
            return verifier.section(QLatin1Char('$'), 2).section(QLatin1Char(':'), 0, 0).toUtf8();
        };
        QVERIFY(!storedKeyOf(added).isEmpty());
        QVERIFY2(!log.contains(storedKeyOf(added)), "add-worker's verifier is in the server log");
        QVERIFY2(!log.contains(storedKeyOf(changed)),
                 "set-password's verifier is in the server log");
        QVERIFY(!log.contains(password.toUtf8()));
    }
};

QTEST_GUILESS_MAIN(TestAdminPasswords)
#include "tst_adminpasswords.moc"
