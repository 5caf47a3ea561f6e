// Signing in to a server that does not answer (issue 11): the link to it is black-holed, so the
// connection attempt hears nothing. The dialog stays live (its event loop keeps turning, the
// worker can cancel), says it is connecting, ends with a clear message within the connect
// timeout, keeps what was typed, and signs in once the link is back.
#include "common/inlinemessage.h"
#include "eventloopticker.h"
#include "linksimulator.h"
#include "signin/serversigninpage.h"
#include "signin/signindialog.h"
#include "testdatabase.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestSignInLink : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // The test login as a CaseDesk worker, so that signing in as it succeeds.
    static void addWorkerForLogin(TestDatabase &test)
    {
        const qint64 id = test.db().insert(
            u"INSERT INTO workers (username, display_name) VALUES (?, ?) RETURNING id"_qs,
            {test.settings().userName, u"Sam Link"_qs});
        QVERIFY(id > 0);
        test.db().exec(u"INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)"_qs,
                       {id, u"social_worker"_qs});
    }

    void fill(SignInDialog &dialog, const LinkSimulator &link, const TestDatabase &test)
    {
        dialog.setMode(SignInDialog::Mode::SharedServer);
        ConnectionSettings typed =
            TestDatabase::postgresServerThrough(link, test.settings().databaseName);
        typed.userName = test.settings().userName;
        typed.sslMode = u"disable"_qs;
        dialog.serverPage()->setSettings(typed);
        dialog.serverPage()->setPassword(u"typed by the worker"_qs);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aSilentServerEndsWithAMessageAndTheDialogStaysLive()
    {
        CASEDESK_TEST_DATABASE(test);
        addWorkerForLogin(test);
        LinkSimulator link{LinkTarget::testPostgres()};
        QVERIFY(link.isListening());
        QSettings settings(m_dir.filePath(u"silent.ini"_qs), QSettings::IniFormat);
        SignInDialog dialog(m_dir.filePath(u"unused.sqlite"_qs), nullptr, settings, nullptr);
        fill(dialog, link, test);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QPushButton *signInButton = dialog.findChild<QPushButton *>(u"signInButton"_qs);
        QVERIFY(signInButton);
        InlineMessage *message = dialog.serverPage()->message();

        // The page's own connect timeout (libpq connect_timeout), what the worker would get.
        const int connectTimeoutMs = dialog.serverPage()->settings().connectTimeoutSeconds * 1000;
        QVERIFY(connectTimeoutMs > 0);
        link.setBlackHole(true);
        EventLoopTicker ticker;
        QElapsedTimer clock;
        clock.start();
        QFuture<bool> attempt = dialog.signIn();
        // At once: the attempt is on its way, the dialog says so and cannot be pressed twice.
        QVERIFY(!attempt.isFinished());
        QVERIFY(dialog.isSigningIn());
        QVERIFY(!signInButton->isEnabled());
        QVERIFY2(message->message().startsWith(u"Connecting to 127.0.0.1:"_qs),
                 qPrintable(message->message()));
        QFuture<bool> secondPress = dialog.signIn(); // waits for the same attempt
        QVERIFY(!secondPress.isFinished());

        QTRY_VERIFY_WITH_TIMEOUT(attempt.isFinished(), 20000);
        const qint64 took = clock.elapsed();
        QVERIFY(!attempt.result());
        QVERIFY(secondPress.isFinished() && !secondPress.result());
        QVERIFY2(took < connectTimeoutMs + 2000,
                 qPrintable(u"ended after %1 ms (connect timeout %2 ms)"_qs.arg(took).arg(
                     connectTimeoutMs)));
        QVERIFY2(ticker.worstGapMs() < 500,
                 qPrintable(u"the event loop stood still for %1 ms"_qs.arg(ticker.worstGapMs())));
        QVERIFY2(ticker.ticks() > took / 100, qPrintable(u"%1 ticks"_qs.arg(ticker.ticks())));
        QCOMPARE(message->kind(), InlineMessage::Kind::Error);
        QVERIFY2(message->message().contains(u"could not reach the database server"_qs),
                 qPrintable(message->message()));
        QVERIFY(!dialog.isSigningIn());
        QVERIFY(signInButton->isEnabled());
        QCOMPARE(dialog.serverPage()->password(), u"typed by the worker"_qs); // kept
        QCOMPARE(dialog.result(), int(QDialog::Rejected));

        // The link is back: the same dialog signs in.
        link.setBlackHole(false);
        QFuture<bool> again = dialog.signIn();
        QTRY_VERIFY_WITH_TIMEOUT(again.isFinished(), 20000);
        QVERIFY2(again.result(), qPrintable(message->message()));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        Session session = dialog.takeSession();
        QVERIFY(session.isValid());
        QCOMPARE(session.worker.username, test.settings().userName);
        // The GUI thread holds no connection: the session's work runs on its database thread.
        QVERIFY(!session.database->isOpen());
        QVERIFY(session.background()
                    .run([](Database &db) {
                        return db.isOpen() &&
                               db.scalar(u"SELECT count(*) FROM workers"_qs).toInt() > 0;
                    })
                    .result());
    }

    void cancelWhileConnectingClosesAtOnce()
    {
        CASEDESK_TEST_DATABASE(test);
        LinkSimulator link{LinkTarget::testPostgres()};
        QVERIFY(link.isListening());
        QSettings settings(m_dir.filePath(u"cancel.ini"_qs), QSettings::IniFormat);
        SignInDialog dialog(m_dir.filePath(u"unused.sqlite"_qs), nullptr, settings, nullptr);
        fill(dialog, link, test);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        link.setBlackHole(true);
        QFuture<bool> attempt = dialog.signIn();
        QVERIFY(dialog.isSigningIn());
        QDialogButtonBox *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
        QVERIFY(cancel->isEnabled());
        QElapsedTimer clock;
        clock.start();
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(clock.elapsed() < 1000);
        // The attempt that ends later does not sign in behind the worker's back.
        QTRY_VERIFY_WITH_TIMEOUT(attempt.isFinished(), 20000);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.takeSession().isValid());
        link.setBlackHole(false);
    }
};

QTEST_MAIN(TestSignInLink)
#include "tst_signinlink.moc"
