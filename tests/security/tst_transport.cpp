// Transport security (issue 10, point 7), over the harness's TLS listener on 127.0.0.1 with a
// certificate for `localhost` signed by a throwaway CA, SCRAM passwords and no plain TCP
// (tests/harness/with-postgres.sh): a worker signs in with their password and works; a wrong
// password, a certificate for another name, a CA that did not sign it, a server that skips the
// SCRAM exchange and an unencrypted connection are each refused, in the worker's words.
#include "securityfixture.h"

#include "session/connectionstore.h"
#include "storage/database.h"

#include <QFile>
#include <QSqlQuery>
#include <QUuid>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestTransport : public QObject
{
    Q_OBJECT

    static QString hbaPath()
    {
        return qEnvironmentVariable("CASEDESK_TEST_PGDATA") + QStringLiteral("/pg_hba.conf");
    }

    static bool reloadServer(Database &admin)
    {
        const bool reloaded = admin.scalar(QStringLiteral("SELECT pg_reload_conf()")).toBool();
        QTest::qWait(300); // the postmaster rereads pg_hba.conf on SIGHUP
        return reloaded;
    }

private slots:
    // What a new connection asks for, before anything is remembered: the server's certificate
    // and name checked, and the password exchange bound to the TLS channel.
    void newConnectionsVerifyTheServer()
    {
        QTemporaryDir dir;
        QSettings stored(dir.filePath(QStringLiteral("new.ini")), QSettings::IniFormat);
        const ConnectionSettings fresh = ConnectionStore(stored).postgres();
        QCOMPARE(fresh.sslMode, QStringLiteral("verify-full"));
        QCOMPARE(fresh.channelBinding, QStringLiteral("require"));
        QVERIFY2(fresh.postgresConnectOptions().contains(QLatin1String("sslmode=verify-full")),
                 qPrintable(fresh.postgresConnectOptions()));
        QVERIFY(fresh.postgresConnectOptions().contains(QLatin1String("channel_binding=require")));
        // Kept with the connection, CA file included.
        ConnectionSettings chosen = fresh;
        chosen.sslMode = QStringLiteral("verify-ca");
        chosen.sslRootCertificate = QStringLiteral("/etc/council ca/root's.crt");
        chosen.channelBinding = QStringLiteral("prefer");
        ConnectionStore(stored).setPostgres(chosen);
        const ConnectionSettings again = ConnectionStore(stored).postgres();
        QCOMPARE(again.sslMode, chosen.sslMode);
        QCOMPARE(again.sslRootCertificate, chosen.sslRootCertificate);
        QCOMPARE(again.channelBinding, chosen.channelBinding);
        // A path with spaces and a quote reaches libpq as one value.
        QVERIFY2(again.postgresConnectOptions().contains(
                     QLatin1String("sslrootcert='/etc/council ca/root\\'s.crt'")),
                 qPrintable(again.postgresConnectOptions()));
        // No channel to bind to without TLS: not sent.
        chosen.sslMode = QStringLiteral("prefer");
        QVERIFY(!chosen.postgresConnectOptions().contains(QLatin1String("channel_binding")));
    }

    void aWorkerSignsInOverTlsWithTheirPasswordAndWorks()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        Database &db = f.db(sw);
        QVERIFY(db.isOpen());
        QCOMPARE(db.settings().host, QStringLiteral("localhost"));
        QCOMPARE(db.settings().sslMode, QStringLiteral("verify-full"));
        // Over TCP (not the trusted socket), encrypted, as the worker's own login.
        QSqlQuery tls = db.exec(
            QStringLiteral("SELECT inet_server_addr()::text, s.ssl, s.version, current_user FROM "
                           "pg_stat_ssl s WHERE s.pid = pg_backend_pid()"));
        QVERIFY(tls.next());
        QCOMPARE(tls.value(0).toString(), QStringLiteral("127.0.0.1/32"));
        QVERIFY(tls.value(1).toBool());
        QVERIFY2(tls.value(2).toString().startsWith(QLatin1String("TLS")),
                 qPrintable(tls.value(2).toString()));
        QCOMPARE(tls.value(3).toString(), f.username(sw));
        // Its password is stored as a SCRAM verifier, the only kind the listener accepts.
        QVERIFY(f.admin()
                    .scalar(QStringLiteral("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM "
                                           "pg_authid WHERE rolname = ?"),
                            {f.username(sw)})
                    .toBool());
        // And works: a visit for their child, started.
        Status status;
        const Actor actor = f.as(sw, QStringLiteral("social_worker"));
        const qint64 visit = f.engine(sw).createStep(
            f.childId, QStringLiteral("Child in Need Visit"), Assignee::me(), actor, &status);
        QVERIFY2(visit > 0, qPrintable(status.message()));
        EXPECT_OK(f.engine(sw).startStep(visit, actor));
        QCOMPARE(f.workOf(sw), QStringList{QStringLiteral("started: Child in Need Visit")});
    }

    void aWrongPasswordIsRefusedInTheWorkersWords()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        Database db;
        const Status opened = db.open(f.settings(sw), f.password(sw) + QStringLiteral("x"));
        QVERIFY(!opened);
        QCOMPARE(opened.code(), Status::Code::WrongPassword);
        QVERIFY2(opened.message().contains(QLatin1String("did not accept the user name or "
                                                         "password for ") +
                                           f.username(sw)),
                 qPrintable(opened.message()));
        // The right one still works on a fresh connection.
        EXPECT_OK(db.open(f.settings(sw), f.password(sw)));
    }

    // The certificate names only `localhost`: by address it is not the server asked for.
    void aCertificateForAnotherNameIsRefused()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        ConnectionSettings byAddress = f.settings(sw);
        byAddress.host = QStringLiteral("127.0.0.1");
        Database db;
        const Status opened = db.open(byAddress, f.password(sw));
        QVERIFY(!opened);
        QCOMPARE(opened.code(), Status::Code::ServerNotVerified);
        QVERIFY2(opened.message().contains(
                     QLatin1String("The server's certificate is not for the name 127.0.0.1")),
                 qPrintable(opened.message()));
        QVERIFY(opened.field().isEmpty()); // another CA file would not help
        // verify-ca checks the CA but not the name: that connects, so the name was the reason.
        byAddress.sslMode = QStringLiteral("verify-ca");
        EXPECT_OK(db.open(byAddress, f.password(sw)));
    }

    void aServerSignedByAnotherCaIsRefused()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        ConnectionSettings settings = f.settings(sw);
        settings.sslRootCertificate = qEnvironmentVariable("CASEDESK_TEST_PGWRONGROOTCERT");
        QVERIFY(QFile::exists(settings.sslRootCertificate));
        Database db;
        Status opened = db.open(settings, f.password(sw));
        QVERIFY(!opened);
        QCOMPARE(opened.code(), Status::Code::ServerNotVerified);
        QCOMPARE(opened.field(), Database::CaFileField);
        QVERIFY2(opened.message().contains(QLatin1String("could not confirm that localhost:")) &&
                     opened.message().contains(QLatin1String("Choose the CA certificate file")),
                 qPrintable(opened.message()));
        // A CA file that is not there.
        settings.sslRootCertificate = QDir::temp().filePath(QStringLiteral("no-such-ca.crt"));
        opened = db.open(settings, f.password(sw));
        QCOMPARE(opened.code(), Status::Code::ServerNotVerified);
        QCOMPARE(opened.field(), Database::CaFileField);
        QVERIFY2(
            opened.message().contains(QLatin1String("could not find the CA certificate file ") +
                                      settings.sslRootCertificate),
            qPrintable(opened.message()));
    }

    // channel_binding=require is sent: a server (or a man in the middle) that lets the worker in
    // without the SCRAM exchange is refused by CaseDesk, though the server would have accepted.
    void aSignInWithoutChannelBindingIsRefused()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        QFile hba(hbaPath());
        QVERIFY2(hba.open(QIODevice::ReadOnly), qPrintable(hbaPath()));
        const QByteArray original = hba.readAll();
        hba.close();
        QVERIFY(!original.isEmpty());
        QVERIFY(hba.open(QIODevice::WriteOnly | QIODevice::Truncate));
        hba.write("hostssl all \"" + f.username(sw).toUtf8() + "\" 127.0.0.1/32 trust\n" +
                  original);
        hba.close();
        const auto restore = qScopeGuard([&] {
            QFile back(hbaPath());
            if (back.open(QIODevice::WriteOnly | QIODevice::Truncate))
                back.write(original);
            back.close();
            reloadServer(f.admin());
        });
        QVERIFY(reloadServer(f.admin()));

        ConnectionSettings settings = f.settings(sw);
        QVERIFY(
            settings.postgresConnectOptions().contains(QLatin1String("channel_binding=require")));
        Database db;
        const Status opened = db.open(settings, f.password(sw));
        QVERIFY2(!opened, "signed in without channel binding");
        QCOMPARE(opened.code(), Status::Code::ServerNotVerified);
        QVERIFY2(opened.message().contains(QLatin1String("SCRAM with channel binding")),
                 qPrintable(opened.message()));
        // Without channel_binding=require the same server lets this login in.
        settings.channelBinding = QStringLiteral("disable");
        EXPECT_OK(db.open(settings, f.password(sw)));
    }

    void anUnencryptedConnectionIsRefused()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        ConnectionSettings settings = f.settings(sw);
        settings.sslMode = QStringLiteral("disable");
        Database db;
        const Status opened = db.open(settings, f.password(sw));
        QVERIFY(!opened);
        QVERIFY2(opened.message().contains(QLatin1String("accepts encrypted connections only")),
                 qPrintable(opened.message()));
    }
};

QTEST_GUILESS_MAIN(TestTransport)
#include "tst_transport.moc"
