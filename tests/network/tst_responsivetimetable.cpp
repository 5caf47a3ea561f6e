// The panel administrator's timetable reads and writes off the GUI thread (issue 11): opened
// while the link to the server is silent, the window keeps turning its event loop and the view
// says it is reading; a panel added while the link is silent is added once, when the link is
// back; a link lost past the deadline is said in place, with Read again. Over a 40 ms-each-way
// link opening the timetable is one request on the database thread, whatever the time.
#include "common/directory.h"
#include "common/inlinemessage.h"
#include "definitions/definitionregistry.h"
#include "directpayments/paneldialog.h"
#include "directpayments/paneltimetableview.h"
#include "dpfixture.h"
#include "dpscenario.h"
#include "eventloopticker.h"
#include "linksimulator.h"
#include "networkdesk.h"
#include "records/personrecordquery.h"
#include "session/session.h"
#include "testdatabase.h"

#include <QDateEdit>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>
#include <memory>

using namespace casedesk;
using namespace casedesk::test;

class TestResponsiveTimetable : public QObject
{
    Q_OBJECT

    // The panel administrator's session, connected through `link`, as DirectPaymentsScreens
    // builds the screens' context; a request waits at most 2 s.
    struct Desk
    {
        DpFixture f;
        LinkSimulator link{LinkTarget::testPostgres()};
        NetworkDesk admin{link};
        Session &session = admin.session;
        std::unique_ptr<WorkflowEngine> engine;
        std::unique_ptr<DirectPayments> service;
        std::unique_ptr<Directory> directory;

        bool open(QString *error)
        {
            if (!f.create(error))
                return false;
            if (!admin.signIn(f.db().settings().databaseName, QStringLiteral("admin"),
                              dp::PanelAdministrator, 2, error))
                return false;
            engine =
                std::make_unique<WorkflowEngine>(*session.database, DefinitionRegistry::shared());
            service = std::make_unique<DirectPayments>(*session.database, *engine);
            service->setClock([this] { return f.today(); });
            directory = std::make_unique<Directory>(f.db(), DefinitionRegistry::shared());
            // Three panels; Ava's authorised request is on the first one's agenda.
            for (const QDate &day : {QDate(2027, 3, 16), QDate(2027, 4, 13), QDate(2027, 5, 11)}) {
                Status status;
                if (f.dp().addPanel(QDateTime(day, QTime(10, 0)), day.addDays(-7),
                                    QStringLiteral("Civic Centre"), f.admin(), &status) <= 0) {
                    *error = status.message();
                    return false;
                }
            }
            const qint64 child =
                f.addChild(QStringLiteral("Ava"), QStringLiteral("Example"), QStringLiteral("sw"));
            qint64 episode = 0;
            qint64 referral = 0;
            startDirectPayments(f, child, f.sw(), &episode, &referral);
            writeReferral(f, referral, f.sw());
            QString notice;
            managerDecides(f, f.stepOf(child, dp::EnquiryUpdate), f.manager(), dp::Authorise,
                           &notice);
            *error = QStringLiteral("the fixture's case was not authorised");
            return !QTest::currentTestFailed() && session.worker.isValid();
        }
        std::unique_ptr<PanelTimetableView> timetable()
        {
            auto view = std::make_unique<PanelTimetableView>(
                DpContext{*session.database, *service, *directory,
                          Actor{session.worker.id, session.actingRole}, session.background()});
            view->resize(1200, 800);
            view->show();
            return view;
        }
        int panelsOn(const QDate &day)
        {
            return f.db()
                .scalar(QStringLiteral("SELECT count(*) FROM panels WHERE meeting_at >= ? AND "
                                       "meeting_at < ?"),
                        {day.startOfDay().toUTC(), day.addDays(1).startOfDay().toUTC()})
                .toInt();
        }
    };

    // Opens the timetable once, so that the database thread's connection is open and its
    // statements prepared: what follows is what every later opening costs.
    static bool warmUp(Desk &desk)
    {
        auto first = desk.timetable();
        return QTest::qWaitFor([&first] { return !first->isBusy(); }, 10000) &&
               first->panels().size() == 3 && first->message()->message().isEmpty();
    }

    static void clickOk(PanelDialog *dialog)
    {
        QVERIFY(dialog->okButton());
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    }

private slots:
    void aTimetableOpenedWhileTheLinkIsSilentFillsWhenItIsBack()
    {
        Desk desk;
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        QVERIFY(warmUp(desk));

        desk.link.setBlackHole(true);
        EventLoopTicker ticker;
        auto view = desk.timetable();
        // The view is there at once, empty, reading; a quick answer would never flash a sign.
        QVERIFY(view->isBusy());
        QVERIFY(view->panels().isEmpty());
        QCOMPARE(view->panelTable()->rowCount(), 0);
        QVERIFY(view->busyText().isEmpty());
        QVERIFY(!view->findChild<QPushButton *>(QStringLiteral("addPanelButton"))->isEnabled());
        QTest::qWait(1000);
        QVERIFY2(
            ticker.ticks() >= 30,
            qPrintable(
                QStringLiteral("the event loop turned %1 times in a second").arg(ticker.ticks())));
        QVERIFY(view->isBusy());
        QCOMPARE(view->busyText(), QStringLiteral("Reading the timetable\u2026"));
        QCOMPARE(view->busyLabel()->objectName(), QStringLiteral("timetableBusy"));
        // Another timetable opened meanwhile is closed before its answer comes.
        const int requests = desk.session.background().requestsRun();
        desk.timetable().reset();

        // The link comes back before the deadline: what was held goes through.
        desk.link.setBlackHole(false);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 10000);
        QVERIFY2(view->message()->message().isEmpty(), qPrintable(view->message()->message()));
        QCOMPARE(view->panels().size(), 3);
        QCOMPARE(view->panelTable()->rowCount(), 3);
        QCOMPARE(view->selectedPanelId(), view->panels().first().id);
        QCOMPARE(view->agenda().size(), 1);
        QCOMPARE(view->agenda().first().personName, QStringLiteral("Ava Example"));
        QVERIFY(view->busyText().isEmpty());
        QVERIFY(view->findChild<QPushButton *>(QStringLiteral("addPanelButton"))->isEnabled());
        // The closed view's request ran after this one's; its answer is dropped safely (a
        // continuation on the deleted view would crash the test).
        QTRY_COMPARE(desk.session.background().requestsRun(), requests + 2);
        QTest::qWait(100);

        // Work changed three times while a read waits: one more read follows it, not three.
        desk.link.setBlackHole(true);
        const int asked = desk.session.background().requestsRun();
        view->reload();
        view->reload();
        view->reload();
        QVERIFY(view->isBusy());
        QTest::qWait(300);
        desk.link.setBlackHole(false);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 10000);
        QTest::qWait(100);
        QCOMPARE(desk.session.background().requestsRun() - asked, 2);
        QVERIFY2(
            ticker.worstGapMs() < 1000,
            qPrintable(
                QStringLiteral("the event loop stood still for %1 ms").arg(ticker.worstGapMs())));
    }

    void aPanelAddedWhileTheLinkIsSilentIsAddedOnceWhenItIsBack()
    {
        Desk desk;
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        auto view = desk.timetable();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 10000);
        const QDate day(2027, 6, 8);
        QCOMPARE(desk.panelsOn(day), 0);

        QPointer<PanelDialog> dialog = view->addPanel();
        QVERIFY(dialog);
        dialog->meetingDateEdit()->setDate(day);
        dialog->lastSubmissionEdit()->setDate(day.addDays(-7));
        desk.link.setBlackHole(true);
        EventLoopTicker ticker;
        STEP(clickOk(dialog));
        // Asked once: OK is off while the answer is on its way, and clicking it does nothing.
        QVERIFY(dialog->isApplying());
        QVERIFY(!dialog->okButton()->isEnabled());
        STEP(clickOk(dialog));
        QVERIFY(!dialog->tryAccept());
        QTest::qWait(800);
        QVERIFY2(ticker.ticks() >= 25, qPrintable(QString::number(ticker.ticks())));
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->busyLabel()->isVisible());
        QCOMPARE(view->busyText(), QStringLiteral("Adding the panel\u2026"));
        QVERIFY(!view->findChild<QPushButton *>(QStringLiteral("addPanelButton"))->isEnabled());
        QCOMPARE(desk.panelsOn(day), 0); // nothing reached the server

        desk.link.setBlackHole(false);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 10000); // accepted and closed
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 10000);
        QCOMPARE(desk.panelsOn(day), 1);
        QCOMPARE(view->panels().size(), 4);
        QCOMPARE(view->panels().last().meetingDate(), day);
        QCOMPARE(view->selectedPanelId(), view->panels().last().id);
        QVERIFY2(view->message()->message().startsWith(QStringLiteral("Added the panel of 08/06")),
                 qPrintable(view->message()->message()));
        QVERIFY(view->findChild<QPushButton *>(QStringLiteral("addPanelButton"))->isEnabled());
        QTest::qWait(200);
        QCOMPARE(desk.panelsOn(day), 1);
        QVERIFY2(
            ticker.worstGapMs() < 1000,
            qPrintable(
                QStringLiteral("the event loop stood still for %1 ms").arg(ticker.worstGapMs())));
    }

    void aTimetableOnALostLinkSaysSoInPlaceAndReadsAgain()
    {
        Desk desk;
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        QVERIFY(warmUp(desk));

        desk.link.setBlackHole(true);
        EventLoopTicker ticker;
        QElapsedTimer waited;
        waited.start();
        auto view = desk.timetable();
        QSignalSpy done(view.get(), &PanelTimetableView::readDone);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
        // Declared lost at the deadline (2 s), the window live all the while.
        QVERIFY2(waited.elapsed() < 8000, qPrintable(QString::number(waited.elapsed())));
        QVERIFY2(ticker.worstGapMs() < 1000, qPrintable(QString::number(ticker.worstGapMs())));
        QCOMPARE(view->message()->message(), PersonRecordQuery::connectionLostMessage());
        QCOMPARE(view->message()->kind(), InlineMessage::Kind::Error);
        QVERIFY(view->readAgainButton()->isVisibleTo(view.get()));
        QVERIFY(view->busyText().isEmpty());
        QVERIFY(view->panels().isEmpty());
        QVERIFY(!view->findChild<QPushButton *>(QStringLiteral("addPanelButton"))->isEnabled());

        // The link is back: Read again fills the view, on a new connection.
        desk.link.setBlackHole(false);
        QTest::mouseClick(view->readAgainButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 10000);
        QVERIFY2(view->message()->message().isEmpty(), qPrintable(view->message()->message()));
        QVERIFY(!view->readAgainButton()->isVisibleTo(view.get()));
        QCOMPARE(view->panels().size(), 3);
        QCOMPARE(view->agenda().size(), 1);
    }

    void theTimetableOpensThroughASlowLinkInOneRequest()
    {
        Desk desk;
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        desk.link.setDelay(40);
        QVERIFY(warmUp(desk));

        // The panels (one statement, not one each), the first coming panel's agenda, the
        // waiting cases, the Group tray's reviews to schedule (membership, incoming, current)
        // and the social workers: one request, seven statements.
        int requests = desk.session.background().requestsRun();
        qint64 before = desk.link.clientSends();
        auto view = desk.timetable();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 10000);
        QVERIFY2(view->message()->message().isEmpty(), qPrintable(view->message()->message()));
        QCOMPARE(desk.session.background().requestsRun() - requests, 1);
        QCOMPARE(desk.link.clientSends() - before, 7);
        QCOMPARE(view->panels().size(), 3);
        QCOMPARE(view->agenda().size(), 1);

        // Another panel chosen: its agenda, one request of one statement.
        requests = desk.session.background().requestsRun();
        before = desk.link.clientSends();
        QVERIFY(view->selectPanel(view->panels().at(1).id));
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 10000);
        QCOMPARE(desk.session.background().requestsRun() - requests, 1);
        QCOMPARE(desk.link.clientSends() - before, 1);
        QVERIFY(view->agenda().isEmpty());

        // A panel added: the change, then the timetable read again (the new panel selected).
        requests = desk.session.background().requestsRun();
        before = desk.link.clientSends();
        QPointer<PanelDialog> dialog = view->addPanel();
        QVERIFY(dialog);
        dialog->meetingDateEdit()->setDate(QDate(2027, 6, 8));
        dialog->lastSubmissionEdit()->setDate(QDate(2027, 6, 1));
        STEP(clickOk(dialog));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 10000);
        QCOMPARE(view->panels().size(), 4);
        // Two requests: DirectPayments::addPanel's ten statements (its checks, the insert and the
        // audit in a transaction), then the seven of the read.
        QCOMPARE(desk.session.background().requestsRun() - requests, 2);
        QCOMPARE(desk.link.clientSends() - before, 17);
    }
};

QTEST_MAIN(TestResponsiveTimetable)
#include "tst_responsivetimetable.moc"
