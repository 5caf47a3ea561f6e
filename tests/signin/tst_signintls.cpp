// The server sign-in page over the harness's TLS listener (tests/harness/with-postgres.sh: a
// certificate for `localhost` signed by a throwaway CA, SCRAM passwords), driven as a worker
// would, offscreen: a new connection asks for verify-full; a CA file that did not sign the
// server's certificate is refused with what to do and "Choose CA certificate…", which (through
// the page's file-chooser seam, answered here) takes the right file, signs in and remembers it
// with the connection; a certificate for another name and a wrong password are explained.
#include "common/inlinemessage.h"
#include "secrets/inmemorysecretstore.h"
#include "securityfixture.h"
#include "session/connectionstore.h"
#include "signin/serversigninpage.h"
#include "signin/signindialog.h"
#include "signinwait.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

template <typename T> T *field(QWidget *parent, const char *name)
{
    T *widget = parent->findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

} // namespace

class TestSignInTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    // Types the connection as a worker would, over the page's own fields.
    static void type(SignInDialog &dialog, const QString &host, const QString &database,
                     const QString &user, const QString &password, const QString &caFile)
    {
        dialog.setMode(SignInDialog::Mode::SharedServer);
        field<QLineEdit>(&dialog, "serverHost")->setText(host);
        field<QSpinBox>(&dialog, "serverPort")
            ->setValue(qEnvironmentVariableIntValue("CASEDESK_TEST_PGTCPPORT"));
        field<QLineEdit>(&dialog, "serverDatabase")->setText(database);
        field<QLineEdit>(&dialog, "serverUser")->setText(user);
        field<QLineEdit>(&dialog, "serverPassword")->setText(password);
        field<QLineEdit>(&dialog, "serverCaFile")->setText(caFile);
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("%1.ini").arg(
                                                     QLatin1String(QTest::currentTestFunction()))),
                                                 QSettings::IniFormat);
    }

    void choosingTheCaCertificateSignsIn()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        InMemorySecretStore secrets;
        SignInDialog dialog(m_dir.filePath(QStringLiteral("unused.sqlite")), &secrets, *m_settings,
                            nullptr);
        // A connection never made before checks the server's certificate and name.
        QCOMPARE(field<QComboBox>(&dialog, "serverSslMode")->currentText(),
                 QStringLiteral("verify-full"));
        type(dialog, QStringLiteral("localhost"), f.settings(sw).databaseName, f.username(sw),
             f.password(sw), qEnvironmentVariable("CASEDESK_TEST_PGWRONGROOTCERT"));
        auto *choose = field<QPushButton>(&dialog, "chooseCaCertificate");
        QVERIFY(choose->isHidden());
        dialog.show(); // clicked as a worker would, on the dialog on screen
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        QVERIFY(!signInAndWait(dialog));
        InlineMessage *message = dialog.serverPage()->message();
        QCOMPARE(message->kind(), InlineMessage::Kind::Error);
        QVERIFY2(message->message().contains(QLatin1String("could not confirm that localhost:")),
                 qPrintable(message->message()));
        QVERIFY2(message->message().contains(QLatin1String("your password was not sent")),
                 qPrintable(message->message()));
        QVERIFY(dialog.serverPage()->isOfferingCaChoice());
        QVERIFY(choose->isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));

        // Cancelling the file dialog changes nothing and does not try again.
        QStringList asked;
        dialog.serverPage()->setFileChooser([&](QWidget *, const QString &current) {
            asked << current;
            return QString();
        });
        QTest::mouseClick(choose, Qt::LeftButton);
        QCOMPARE(asked, QStringList{qEnvironmentVariable("CASEDESK_TEST_PGWRONGROOTCERT")});
        QCOMPARE(dialog.result(), int(QDialog::Rejected));

        // One click: the right CA file is chosen and the worker is signed in with it.
        const QString ca = qEnvironmentVariable("CASEDESK_TEST_PGSSLROOTCERT");
        dialog.serverPage()->setFileChooser([&](QWidget *, const QString &) { return ca; });
        QTest::mouseClick(choose, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 20000);
        QVERIFY(choose->isHidden());
        Session session = dialog.takeSession();
        QVERIFY(session.isValid());
        QCOMPARE(session.worker.username, f.username(sw));
        // The session's connections (its database thread's) use TLS too.
        QVERIFY(session.background()
                    .run([](Database &db) {
                        return db
                            .scalar(QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid "
                                                   "= pg_backend_pid()"))
                            .toBool();
                    })
                    .result());
        // Remembered with the connection; the password is not (Remember password is off).
        const ConnectionSettings stored = ConnectionStore(*m_settings).postgres();
        QCOMPARE(stored.sslRootCertificate, ca);
        QCOMPARE(stored.sslMode, QStringLiteral("verify-full"));
        QCOMPARE(stored.host, QStringLiteral("localhost"));
        QVERIFY(secrets.entries().isEmpty());
        SignInDialog next(m_dir.filePath(QStringLiteral("unused.sqlite")), &secrets, *m_settings,
                          nullptr);
        QCOMPARE(field<QLineEdit>(&next, "serverCaFile")->text(), ca);
    }

    void aCertificateForAnotherNameIsExplainedWithoutOfferingACaFile()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        SignInDialog dialog(m_dir.filePath(QStringLiteral("unused.sqlite")), nullptr, *m_settings,
                            nullptr);
        type(dialog, QStringLiteral("127.0.0.1"), f.settings(sw).databaseName, f.username(sw),
             f.password(sw), qEnvironmentVariable("CASEDESK_TEST_PGSSLROOTCERT"));
        QVERIFY(!signInAndWait(dialog));
        const QString text = dialog.serverPage()->message()->message();
        QVERIFY2(text.contains(QLatin1String("The server's certificate is not for the name "
                                             "127.0.0.1")) &&
                     text.contains(QLatin1String("Type the server name exactly")),
                 qPrintable(text));
        QVERIFY(!dialog.serverPage()->isOfferingCaChoice());
    }

    void aWrongPasswordOverTlsIsExplained()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        SignInDialog dialog(m_dir.filePath(QStringLiteral("unused.sqlite")), nullptr, *m_settings,
                            nullptr);
        type(dialog, QStringLiteral("localhost"), f.settings(sw).databaseName, f.username(sw),
             QStringLiteral("not the password"),
             qEnvironmentVariable("CASEDESK_TEST_PGSSLROOTCERT"));
        QVERIFY(!signInAndWait(dialog));
        const QString text = dialog.serverPage()->message()->message();
        QVERIFY2(text.contains(QLatin1String("did not accept the user name or password")),
                 qPrintable(text));
        QVERIFY(!dialog.serverPage()->isOfferingCaChoice());
        field<QLineEdit>(&dialog, "serverPassword")->setText(f.password(sw));
        QVERIFY2(signInAndWait(dialog), qPrintable(dialog.serverPage()->message()->message()));
    }
};

QTEST_MAIN(TestSignInTls)
#include "tst_signintls.moc"
