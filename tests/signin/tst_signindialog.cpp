#include "common/inlinemessage.h"
#include "definitions/definitionregistry.h"
#include "secrets/inmemorysecretstore.h"
#include "secrets/keychainsecretstore.h"
#include "signin/localsigninpage.h"
#include "signin/serversigninpage.h"
#include "signin/signindialog.h"
#include "signinwait.h"
#include "storage/migrator.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QtTest>

using namespace casedesk;

namespace {

// A TCP port on this machine with nothing listening on it.
int closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const int port = server.serverPort();
    server.close();
    return port;
}

template <typename T> T *field(QWidget *parent, const char *name)
{
    T *widget = parent->findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

} // namespace

class TestSignInDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    void fillServer(SignInDialog &dialog, const QString &host, int port, const QString &password)
    {
        dialog.setMode(SignInDialog::Mode::SharedServer);
        field<QLineEdit>(&dialog, "serverHost")->setText(host);
        field<QSpinBox>(&dialog, "serverPort")->setValue(port);
        field<QLineEdit>(&dialog, "serverDatabase")->setText(u"casedesk"_qs);
        field<QLineEdit>(&dialog, "serverUser")->setText(u"sam.worker"_qs);
        field<QLineEdit>(&dialog, "serverPassword")->setText(password);
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(
            path(u"casedesk-%1.ini"_qs.arg(QLatin1String(QTest::currentTestFunction()))),
            QSettings::IniFormat);
    }

    void picksADemoWorkerOnThisComputer()
    {
        SignInDialog dialog(path(u"local/casedesk.sqlite"_qs), nullptr, *m_settings,
                            &DefinitionRegistry::shared());
        QCOMPARE(dialog.mode(), SignInDialog::Mode::ThisComputer);
        QVERIFY(casedesk::test::localPageLoaded(dialog));
        QListWidget *workers = field<QListWidget>(&dialog, "localWorkers");
        QVERIFY(workers->count() >= 9);
        QStringList rows;
        for (int row = 0; row < workers->count(); ++row)
            rows << workers->item(row)->text();
        QVERIFY2(
            rows.contains(QStringLiteral("Helen Marsh \u2014 PS/Manager, Panel (CWD Team North)")),
            qPrintable(rows.join(u'\n')));
        QVERIFY(rows.contains(QStringLiteral("Sam Okafor \u2014 Social Worker (CWD Team North)")));

        QCOMPARE(dialog.localPage()->selectedWorker().username, u"sw.demo"_qs); // preselected
        QVERIFY(dialog.localPage()->selectWorker(u"sw.demo"_qs));
        QVERIFY(casedesk::test::signInAndWait(dialog));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        Session session = dialog.takeSession();
        QVERIFY(session.isValid());
        QCOMPARE(session.worker.username, u"sw.demo"_qs);
        QCOMPARE(session.actingRole, u"social_worker"_qs);
        QCOMPARE(session.database->settings().sqlitePath, path(u"local/casedesk.sqlite"_qs));
        // Aimed at the file, never opened on this thread: the database thread opens its own.
        QVERIFY(!session.database->isOpen());
        QFuture<int> stored = session.background().run(
            [](Database &db) { return db.scalar(u"SELECT count(*) FROM workers"_qs).toInt(); });
        QVERIFY(QTest::qWaitFor([&stored] { return stored.isFinished(); }, 10000));
        QVERIFY(stored.result() >= 9);
    }

    void preselectsWhoSignedInLastTime()
    {
        const QString file = path(u"again/casedesk.sqlite"_qs);
        {
            SignInDialog first(file, nullptr, *m_settings, nullptr);
            QVERIFY(casedesk::test::localPageLoaded(first));
            QVERIFY(first.localPage()->selectWorker(u"mgr.demo"_qs));
            QVERIFY(casedesk::test::signInAndWait(first));
            // Read whole by the load, memberships too: the manager acts from the panel's workview.
            const Session session = first.takeSession();
            QCOMPARE(session.worker.username, u"mgr.demo"_qs);
            QVERIFY(!session.worker.virtualWorkers.isEmpty());
        }
        SignInDialog again(file, nullptr, *m_settings, nullptr);
        QVERIFY(casedesk::test::localPageLoaded(again));
        QCOMPARE(again.localPage()->selectedWorker().username, u"mgr.demo"_qs);
    }

    void explainsADataFolderThatCannotBeCreated()
    {
        // A regular file where the folder should be: mkpath fails even for root.
        QFile blocker(path(u"blocker"_qs));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        SignInDialog dialog(path(u"blocker/data/casedesk.sqlite"_qs), nullptr, *m_settings,
                            nullptr);
        QVERIFY(!casedesk::test::localPageLoaded(dialog));
        InlineMessage *message = dialog.localPage()->message();
        QVERIFY(!message->isHidden());
        QCOMPARE(message->kind(), InlineMessage::Kind::Error);
        QVERIFY2(message->message().contains(u"cannot create its data folder"_qs),
                 qPrintable(message->message()));
        QVERIFY(!field<QPushButton>(&dialog, "localRetry")->isHidden());
        QVERIFY(!field<QPushButton>(&dialog, "signInButton")->isEnabled());
        QVERIFY(!casedesk::test::signInAndWait(dialog));
        QVERIFY(dialog.result() != QDialog::Accepted);
    }

    void refusesALocalDatabaseFromANewerCaseDesk()
    {
        const QString file = path(u"newer/casedesk.sqlite"_qs);
        {
            Database db;
            QVERIFY(SessionOpener::openLocal(db, file, *m_settings, false).isOk());
            db.exec(u"INSERT INTO schema_version (version, name) VALUES (?, ?)"_qs,
                    {999, u"from_the_future"_qs});
        }
        SignInDialog dialog(file, nullptr, *m_settings, nullptr);
        QVERIFY(!casedesk::test::localPageLoaded(dialog));
        InlineMessage *message = dialog.localPage()->message();
        QVERIFY(!message->isHidden());
        QVERIFY2(message->message().contains(u"newer than this CaseDesk"_qs),
                 qPrintable(message->message()));
        QCOMPARE(field<QListWidget>(&dialog, "localWorkers")->count(), 0);
    }

    void explainsAnUnreachableServerQuicklyAndKeepsWhatWasTyped()
    {
        SignInDialog dialog(path(u"unused.sqlite"_qs), nullptr, *m_settings, nullptr);
        const int port = closedPort();
        fillServer(dialog, u"127.0.0.1"_qs, port, u"typed secret"_qs);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!casedesk::test::signInAndWait(dialog));
        QVERIFY2(timer.elapsed() < 10000, "connecting to a closed port must fail fast");
        InlineMessage *message = dialog.serverPage()->message();
        QCOMPARE(message->kind(), InlineMessage::Kind::Error);
        QVERIFY(!message->isHidden());
        QVERIFY2(
            message->message().contains(u"could not reach the database server at 127.0.0.1:"_qs +
                                        QString::number(port)),
            qPrintable(message->message()));
        QCOMPARE(field<QLineEdit>(&dialog, "serverHost")->text(), u"127.0.0.1"_qs);
        QCOMPARE(field<QSpinBox>(&dialog, "serverPort")->value(), port);
        QCOMPARE(field<QLineEdit>(&dialog, "serverUser")->text(), u"sam.worker"_qs);
        QCOMPARE(field<QLineEdit>(&dialog, "serverPassword")->text(), u"typed secret"_qs);
        QVERIFY(field<QLineEdit>(&dialog, "serverHost")->isEnabled());
        QVERIFY(dialog.result() != QDialog::Accepted);
    }

    void givesUpOnASilentServerWithinTheTimeout()
    {
        SignInDialog dialog(path(u"unused.sqlite"_qs), nullptr, *m_settings, nullptr);
        // TEST-NET-1 (RFC 5737): never answers, or fails at once where there is no route.
        fillServer(dialog, u"192.0.2.1"_qs, 5432, u"secret"_qs);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!casedesk::test::signInAndWait(dialog));
        QVERIFY2(timer.elapsed() < 15000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(dialog.serverPage()->message()->kind(), InlineMessage::Kind::Error);
        QVERIFY(dialog.serverPage()->message()->message().contains(u"192.0.2.1:5432"_qs));
    }

    void namesWhatIsMissing()
    {
        SignInDialog dialog(path(u"unused.sqlite"_qs), nullptr, *m_settings, nullptr);
        fillServer(dialog, QString(), 5432, QString());
        field<QLineEdit>(&dialog, "serverUser")->clear();
        QVERIFY(!casedesk::test::signInAndWait(dialog));
        const QString text = dialog.serverPage()->message()->message();
        QVERIFY2(text.contains(u"the server"_qs) && text.contains(u"your user name"_qs),
                 qPrintable(text));
    }

    void anUnavailableKeychainStillLetsYouTypeThePassword()
    {
        InMemorySecretStore secrets;
        secrets.setAvailable(false);
        ConnectionSettings remembered;
        remembered.host = u"127.0.0.1"_qs;
        remembered.port = closedPort();
        remembered.databaseName = u"casedesk"_qs;
        remembered.userName = u"sam.worker"_qs;
        {
            SignInDialog first(path(u"unused.sqlite"_qs), &secrets, *m_settings, nullptr);
            first.serverPage()->setSettings(remembered);
            field<QCheckBox>(first.serverPage(), "rememberPassword")->setChecked(true);
            first.serverPage()->storeAfterSignIn(); // as after an earlier sign-in, ticked
        }
        SignInDialog dialog(path(u"unused.sqlite"_qs), &secrets, *m_settings, nullptr);
        QCOMPARE(dialog.mode(), SignInDialog::Mode::SharedServer);
        InlineMessage *note = dialog.serverPage()->keychainMessage();
        QVERIFY(!note->isHidden());
        QCOMPARE(note->message(), KeychainSecretStore::unavailableMessage());
        QVERIFY(note->message().contains(u"typing it"_qs));
        QLineEdit *password = field<QLineEdit>(&dialog, "serverPassword");
        QVERIFY(password->text().isEmpty());
        QVERIFY(password->isEnabled());
        password->setText(u"typed"_qs);
        QVERIFY(!casedesk::test::signInAndWait(dialog));
        // It went on to try the server: the refusal is about the server, not the keychain.
        QVERIFY2(dialog.serverPage()->message()->message().contains(u"could not reach"_qs),
                 qPrintable(dialog.serverPage()->message()->message()));
        QCOMPARE(password->text(), u"typed"_qs);
    }

    void fillsInAndForgetsTheSavedPasswordPerServerAndUser()
    {
        InMemorySecretStore secrets;
        ServerSignInPage page(&secrets, *m_settings);
        ConnectionSettings settings;
        settings.host = u"db.example.invalid"_qs;
        settings.databaseName = u"casedesk"_qs;
        settings.userName = u"sam.worker"_qs;
        page.setSettings(settings);
        page.setPassword(u"s3cret!"_qs);
        QVERIFY(!page.rememberPassword()); // off until the worker ticks it
        field<QCheckBox>(&page, "rememberPassword")->setChecked(true);
        QVERIFY(page.storeAfterSignIn().isEmpty());
        QCOMPARE(secrets.entries().value(settings.keychainKey()), u"s3cret!"_qs);

        // Nothing but the keychain holds the password.
        m_settings->sync();
        QFile ini(m_settings->fileName());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray written = ini.readAll();
        QVERIFY(written.contains("db.example.invalid"));
        QVERIFY(!written.contains("s3cret"));

        ServerSignInPage again(&secrets, *m_settings);
        again.loadSavedPassword();
        QCOMPARE(again.password(), u"s3cret!"_qs);
        QTest::mouseClick(field<QPushButton>(&again, "forgetPassword"), Qt::LeftButton);
        QVERIFY(again.password().isEmpty());
        QVERIFY(secrets.entries().isEmpty());
        QVERIFY(!again.keychainMessage()->isHidden());

        // Another user on the same server has no saved password.
        settings.userName = u"someone.else"_qs;
        QVERIFY(
            secrets.write(u"postgresql://sam.worker@db.example.invalid:5432/casedesk"_qs, u"x"_qs));
        again.setSettings(settings);
        again.loadSavedPassword();
        QVERIFY(again.password().isEmpty());
    }

    void untickingRememberForgetsThePasswordAfterSignIn()
    {
        InMemorySecretStore secrets;
        ServerSignInPage page(&secrets, *m_settings);
        ConnectionSettings settings;
        settings.host = u"db.example.invalid"_qs;
        settings.databaseName = u"casedesk"_qs;
        settings.userName = u"sam.worker"_qs;
        QVERIFY(secrets.write(settings.keychainKey(), u"old"_qs));
        page.setSettings(settings);
        page.setPassword(u"new"_qs);
        field<QCheckBox>(&page, "rememberPassword")->setChecked(false);
        QVERIFY(page.storeAfterSignIn().isEmpty());
        QVERIFY(secrets.entries().isEmpty());
    }
};

QTEST_MAIN(TestSignInDialog)
#include "tst_signindialog.moc"
