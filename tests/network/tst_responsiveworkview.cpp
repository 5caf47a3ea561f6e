// The workview and Find person read off the GUI thread (issue 11): with the link to the server
// silent, the window keeps turning its event loop, typing goes on, the place that waits says so
// after 300 ms, and the read either lands when the link is back or ends with a clear message at
// the request deadline, after which the next read reconnects by itself.
#include "authorityfixture.h"
#include "eventloopticker.h"
#include "linksimulator.h"
#include "mainwindow/mainwindow.h"
#include "networkdesk.h"
#include "record/findpersondialog.h"
#include "session/session.h"
#include "testdatabase.h"
#include "workview/fullworkview.h"
#include "workview/workviewmodel.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestResponsiveWorkview : public QObject
{
    Q_OBJECT

    // The social worker's window, connected through `link`; a request waits at most 3 s.
    struct Desk
    {
        TestDatabase test;
        std::unique_ptr<AuthorityFixture> authority;
        LinkSimulator link{LinkTarget::testPostgres()};
        NetworkDesk sw{link};
        Session &session = sw.session;
        MainWindow *window = nullptr;

        bool open(QString *error)
        {
            if (!test.create(error))
                return false;
            authority = std::make_unique<AuthorityFixture>(test.db());
            if (!sw.signIn(test.settings().databaseName, QStringLiteral("sw"),
                           QStringLiteral("social_worker"), 3, error) ||
                !sw.openBareWindow(error))
                return false;
            window = sw.window();
            return true;
        }
        QLabel *busy() const { return window->findChild<QLabel *>(QStringLiteral("workviewBusy")); }
    };

private slots:
    void theWindowStaysLiveWhileTheLinkIsSilent()
    {
        Desk desk;
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        QVERIFY(desk.busy());
        QVERIFY(!desk.busy()->isVisible());

        desk.link.setBlackHole(true);
        EventLoopTicker ticker;
        desk.window->refresh();
        QVERIFY(desk.window->isReadingWorkview());
        // The worker types in the filter box meanwhile; every key arrives.
        QLineEdit *filter = desk.window->fullWorkview()->filterBox();
        filter->setFocus();
        QTest::keyClicks(filter, QStringLiteral("harvey"));
        QCOMPARE(filter->text(), QStringLiteral("harvey"));
        QTest::qWait(1000);
        QVERIFY2(
            ticker.ticks() >= 30,
            qPrintable(
                QStringLiteral("the event loop turned %1 times in a second").arg(ticker.ticks())));
        QVERIFY(desk.window->isReadingWorkview());
        QVERIFY2(desk.busy()->isVisible(), "nothing says the workview is being read");

        // The link comes back before the deadline: what was held goes through, the read lands.
        desk.link.setBlackHole(false);
        QTRY_VERIFY_WITH_TIMEOUT(!desk.window->isReadingWorkview(), 10000);
        QVERIFY(!desk.busy()->isVisible());
        QVERIFY2(desk.window->statusBar()->currentMessage().startsWith(
                     QStringLiteral("Workview up to date")),
                 qPrintable(desk.window->statusBar()->currentMessage()));
    }

    void aReadOnALostLinkEndsAtTheDeadlineAndTheNextOneReconnects()
    {
        Desk desk;
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        const int rows = desk.window->workviewModel()->rowCount();
        QVERIFY(rows > 0);

        desk.link.setBlackHole(true);
        EventLoopTicker ticker;
        desk.window->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!desk.window->isReadingWorkview(), 10000);
        QVERIFY2(ticker.ticks() >= 100, "the window stopped while the read waited");
        QVERIFY2(desk.window->statusBar()->currentMessage().startsWith(
                     QStringLiteral("Could not read the workview")),
                 qPrintable(desk.window->statusBar()->currentMessage()));
        // What was on screen stays on screen.
        QCOMPARE(desk.window->workviewModel()->rowCount(), rows);
        QVERIFY(!desk.busy()->isVisible());

        // The link is back: F5 reads again on a new connection, without signing in again.
        desk.link.setBlackHole(false);
        desk.link.resetConnections();
        desk.window->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!desk.window->isReadingWorkview(), 10000);
        QVERIFY2(desk.window->statusBar()->currentMessage().startsWith(
                     QStringLiteral("Workview up to date")),
                 qPrintable(desk.window->statusBar()->currentMessage()));
    }

    void findPersonSearchesWhileTheLinkIsSilent()
    {
        Desk desk;
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        FindPersonDialog dialog(desk.session.background(), desk.window);
        dialog.show();
        QTRY_VERIFY(!dialog.isSearching());
        QSignalSpy chosen(&dialog, &FindPersonDialog::personChosen);

        desk.link.setBlackHole(true);
        EventLoopTicker ticker;
        QTest::keyClicks(dialog.searchBox(), QStringLiteral("Testch"));
        QTRY_VERIFY(dialog.isSearching()); // after the typing pause
        // Typing goes on while the search waits; Enter now opens the record once found.
        QTest::keyClicks(dialog.searchBox(), QStringLiteral("ild"));
        QCOMPARE(dialog.searchBox()->text(), QStringLiteral("Testchild"));
        QTest::keyClick(dialog.searchBox(), Qt::Key_Return);
        QTRY_COMPARE(dialog.hint(), QStringLiteral("Searching\u2026"));
        QTest::qWait(500);
        QVERIFY2(ticker.ticks() >= 30, "the event loop stopped while the search waited");
        QCOMPARE(chosen.count(), 0);

        desk.link.setBlackHole(false);
        QTRY_COMPARE_WITH_TIMEOUT(chosen.count(), 1, 10000);
        QCOMPARE(chosen.first().first().toLongLong(), desk.authority->childId);
        // Only the answer to the latest text was shown.
        QCOMPARE(dialog.results()->topLevelItemCount(), 1);
    }
};

QTEST_MAIN(TestResponsiveWorkview)
#include "tst_responsiveworkview.moc"
