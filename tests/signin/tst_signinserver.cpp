#include "common/inlinemessage.h"
#include "secrets/inmemorysecretstore.h"
#include "signin/serversigninpage.h"
#include "signin/signindialog.h"
#include "signinwait.h"
#include "storage/migrator.h"
#include "testdatabase.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QSqlError>
#include <QUuid>
#include <QtTest>

using namespace casedesk;

// Sign-in against the test PostgreSQL server that tools/test.sh starts
// (tests/harness/with-postgres.sh). That server trusts every local connection, so the
// wrong-password test adds a pg_hba.conf line asking one role of its own for a SCRAM password,
// reloads the server, and takes the line out again at the end.
class TestSignInServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    QString m_role;
    const QString m_password = u"correct horse battery"_qs;
    QByteArray m_originalHba;

    static QString hbaPath()
    {
        return qEnvironmentVariable("CASEDESK_TEST_PGDATA") + u"/pg_hba.conf"_qs;
    }

    static bool superuserExec(const QString &sql, QString *error = nullptr,
                              const QString &database = u"postgres"_qs)
    {
        Database admin;
        const Status opened = admin.open(test::TestDatabase::postgresServer(database));
        if (!opened) {
            if (error)
                *error = opened.message();
            return false;
        }
        // Role and server statements take no bound parameters; every name here is generated.
        QSqlQuery query(admin.connection());
        if (query.exec(sql))
            return true;
        if (error)
            *error = query.lastError().text();
        return false;
    }

    // A login role with a password, allowed to use `db`, and a worker of the same name in it.
    void addPasswordWorker(Database &db)
    {
        const QString database = db.settings().databaseName;
        QString error;
        QVERIFY2(superuserExec(
                     u"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO "_qs + m_role,
                     &error, database),
                 qPrintable(error));
        // With the server rules migration, workers act through casedesk_user.
        superuserExec(u"GRANT casedesk_user TO "_qs + m_role, nullptr, database);
        const qint64 id = db.insert(u"INSERT INTO workers (username, display_name) VALUES (?, ?) "
                                    "RETURNING id"_qs,
                                    {m_role, u"Pat Example"_qs});
        QVERIFY(id > 0);
        db.exec(u"INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)"_qs,
                {id, u"social_worker"_qs});
    }

    void fill(SignInDialog &dialog, const ConnectionSettings &settings, const QString &user,
              const QString &password)
    {
        dialog.setMode(SignInDialog::Mode::SharedServer);
        ConnectionSettings typed = settings;
        typed.userName = user;
        typed.sslMode = u"disable"_qs;
        dialog.serverPage()->setSettings(typed);
        dialog.serverPage()->setPassword(password);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("CASEDESK_TEST_PGHOST").isEmpty(),
                 "This is a PostgreSQL test: run it through tools/test.sh (or "
                 "tests/harness/with-postgres.sh), which starts the test server.");
        QVERIFY(m_dir.isValid());
        m_role = u"casedesk_signin_"_qs + QUuid::createUuid().toString(QUuid::Id128).left(10);
        QString error;
        QVERIFY2(superuserExec(u"CREATE ROLE "_qs + m_role + u" LOGIN PASSWORD '"_qs + m_password +
                                   u"'"_qs,
                               &error),
                 qPrintable(error));
        QFile hba(hbaPath());
        QVERIFY2(hba.open(QIODevice::ReadOnly), qPrintable(hbaPath()));
        m_originalHba = hba.readAll();
        hba.close();
        QVERIFY(hba.open(QIODevice::WriteOnly | QIODevice::Truncate));
        hba.write("local all " + m_role.toUtf8() + " scram-sha-256\n" + m_originalHba);
        hba.close();
        QVERIFY2(superuserExec(u"SELECT pg_reload_conf()"_qs, &error), qPrintable(error));
        QTest::qWait(300); // the postmaster rereads pg_hba.conf on SIGHUP
    }

    void cleanupTestCase()
    {
        if (!m_originalHba.isEmpty()) {
            QFile hba(hbaPath());
            if (hba.open(QIODevice::WriteOnly | QIODevice::Truncate))
                hba.write(m_originalHba);
            hba.close();
            superuserExec(u"SELECT pg_reload_conf()"_qs);
        }
    }

    void init()
    {
        m_settings = std::make_unique<QSettings>(
            m_dir.filePath(u"casedesk-%1.ini"_qs.arg(QLatin1String(QTest::currentTestFunction()))),
            QSettings::IniFormat);
    }

    void explainsAWrongPasswordThenSignsInWithTheRightOne()
    {
        CASEDESK_TEST_DATABASE(test);
        addPasswordWorker(test.db());
        InMemorySecretStore secrets;
        SignInDialog dialog(m_dir.filePath(u"unused.sqlite"_qs), &secrets, *m_settings, nullptr);
        fill(dialog, test.settings(), m_role, u"not the password"_qs);
        QVERIFY(!dialog.serverPage()->rememberPassword()); // off until ticked
        dialog.serverPage()->findChild<QCheckBox *>(u"rememberPassword"_qs)->setChecked(true);
        QVERIFY(!casedesk::test::signInAndWait(dialog));
        InlineMessage *message = dialog.serverPage()->message();
        QCOMPARE(message->kind(), InlineMessage::Kind::Error);
        QVERIFY2(message->message().contains(u"did not accept the user name or password"_qs),
                 qPrintable(message->message()));
        QCOMPARE(dialog.serverPage()->password(), u"not the password"_qs); // kept
        QCOMPARE(dialog.serverPage()->settings().userName, m_role);
        QVERIFY(secrets.entries().isEmpty());

        dialog.serverPage()->setPassword(m_password);
        QVERIFY2(casedesk::test::signInAndWait(dialog), qPrintable(message->message()));
        Session session = dialog.takeSession();
        QVERIFY(session.isValid());
        QCOMPARE(session.worker.username, m_role);
        QCOMPARE(session.actingRole, u"social_worker"_qs);
        // Remembered in the keychain under server and user, and nowhere else.
        QCOMPARE(secrets.entries().value(dialog.serverPage()->settings().keychainKey()),
                 m_password);
        m_settings->sync();
        QFile ini(m_settings->fileName());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray written = ini.readAll();
        QVERIFY(written.contains(m_role.toUtf8()));
        QVERIFY(!written.contains("horse"));
    }

    void signsInByTypingThePasswordWhenTheKeychainIsUnavailable()
    {
        CASEDESK_TEST_DATABASE(test);
        addPasswordWorker(test.db());
        InMemorySecretStore secrets;
        secrets.setAvailable(false);
        SignInDialog dialog(m_dir.filePath(u"unused.sqlite"_qs), &secrets, *m_settings, nullptr);
        fill(dialog, test.settings(), m_role, m_password);
        dialog.serverPage()->findChild<QCheckBox *>(u"rememberPassword"_qs)->setChecked(true);
        QVERIFY2(casedesk::test::signInAndWait(dialog),
                 qPrintable(dialog.serverPage()->message()->message()));
        QVERIFY(dialog.takeSession().isValid());
        QVERIFY2(dialog.warning().contains(u"could not be saved in the keychain"_qs),
                 qPrintable(dialog.warning()));
    }

    void neverUpgradesAnOlderSharedSchema()
    {
        CASEDESK_TEST_DATABASE(test);
        const QString name = test.settings().databaseName + u"_empty"_qs;
        QString error;
        QVERIFY2(superuserExec(u"CREATE DATABASE "_qs + name, &error), qPrintable(error));
        SignInDialog dialog(m_dir.filePath(u"unused.sqlite"_qs), nullptr, *m_settings, nullptr);
        ConnectionSettings settings = test.settings();
        settings.databaseName = name;
        fill(dialog, settings, settings.userName, QString());
        QVERIFY(!casedesk::test::signInAndWait(dialog));
        const QString text = dialog.serverPage()->message()->message();
        QVERIFY2(text.contains(u"casedesk-admin upgrade"_qs), qPrintable(text));
        Database check;
        QVERIFY(check.open(settings).isOk());
        QVERIFY(!check.connection().tables().contains(u"schema_version"_qs));
    }

    void refusesANewerSharedSchema()
    {
        CASEDESK_TEST_DATABASE(test);
        test.db().exec(u"INSERT INTO schema_version (version, name) VALUES (?, ?)"_qs,
                       {999, u"from_the_future"_qs});
        SignInDialog dialog(m_dir.filePath(u"unused.sqlite"_qs), nullptr, *m_settings, nullptr);
        fill(dialog, test.settings(), test.settings().userName, QString());
        QVERIFY(!casedesk::test::signInAndWait(dialog));
        const QString text = dialog.serverPage()->message()->message();
        QVERIFY2(text.contains(u"newer than this CaseDesk"_qs), qPrintable(text));
    }

    void explainsALoginWithoutAWorker()
    {
        CASEDESK_TEST_DATABASE(test);
        SignInDialog dialog(m_dir.filePath(u"unused.sqlite"_qs), nullptr, *m_settings, nullptr);
        fill(dialog, test.settings(), test.settings().userName, QString());
        QVERIFY(!casedesk::test::signInAndWait(dialog));
        const QString text = dialog.serverPage()->message()->message();
        QVERIFY2(text.contains(u"CaseDesk has no worker with that user name"_qs), qPrintable(text));
    }
};

QTEST_MAIN(TestSignInServer)
#include "tst_signinserver.moc"
