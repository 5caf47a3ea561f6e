// The Direct Payments screens in the main window, on the demo data (either backend), the window
// built as the app builds it: the menu follows the acting role, the screens open as work tabs,
// Start Direct Payments from a child's record opens the episode and the referral, and a panel
// outcome recorded from panel meeting mode is finalised through DirectPayments (its notice
// shown) and reaches the worker's workview.
#include "app/workopener.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "demoauthority.h"
#include "directpayments/directpaymentsscreens.h"
#include "directpayments/dpnames.h"
#include "directpayments/episodeworkspaceview.h"
#include "directpayments/firstreviewdialog.h"
#include "directpayments/panelmeetingmode.h"
#include "directpayments/paneltimetableview.h"
#include "directpayments/reportsview.h"
#include "directpayments/reporttableview.h"
#include "directpayments/startdirectpaymentsdialog.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "record/findpersondialog.h"
#include "record/personrecordview.h"
#include "record/recordopener.h"
#include "recordwait.h"
#include "stepwait.h"
#include "workview/workerdirectory.h"
#include "workview/workviewquery.h"

#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimeEdit>
#include <QTreeWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestDpWiring : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DemoAuthority> m_demo;

private slots:
    void initTestCase()
    {
        m_demo = std::make_unique<DemoAuthority>();
        QString error;
        QVERIFY2(m_demo->create(&error), qPrintable(error));
    }

    void menuFollowsTheActingRole()
    {
        // PS/Manager who sits on Panel
        auto screen = m_demo->signIn(DemoSeeder::managerUsername());
        MainWindow &window = *screen->window;
        DirectPaymentsScreens *screens = screen->parts.directPayments;
        QCOMPARE(window.actingRole(), dp::Manager);
        QVERIFY(screens->menu()->menuAction()->isVisible());
        QVERIFY(screens->reportsAction()->isVisible());
        QVERIFY(!screens->timetableAction()->isVisible());
        QVERIFY(window.setActingRole(u"panel"_qs));
        QVERIFY(!screens->menu()->menuAction()->isVisible());
        QVERIFY(window.setActingRole(dp::Manager));
        QVERIFY(screens->menu()->menuAction()->isVisible());
        QCOMPARE(screens->reportsAction()->shortcut(), QKeySequence(u"Ctrl+Shift+E"_qs));
        QVERIFY(screens->reportsAction()->shortcut() !=
                window.openPersonRecordAction()->shortcut());
        screens->reportsAction()->trigger();
        auto *reports = qobject_cast<ReportsView *>(window.workArea()->currentWidget());
        QVERIFY(reports);
        QCOMPARE(window.workArea()->tabText(window.workArea()->currentIndex()),
                 u"Direct Payments reports"_qs);

        // Decline reasons: the keyboard follows the page, the charts above before the tables.
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        // The reports are read off the GUI thread; each Export is there once its table is.
        QTRY_VERIFY(!reports->isBusy());
        reports->tabs()->setCurrentIndex(reports->tabs()->count() - 1);
        QCOMPARE(
            tabTrail(reports->fromEdit(), 7).join(u", "_qs),
            (QStringList{u"declinesFrom"_qs, u"declinesTo"_qs, u"byMonthChartView"_qs,
                         u"byTeamChartView"_qs, u"decline-reasons-by-monthTable"_qs,
                         u"decline-reasons-by-monthExport"_qs, u"decline-reasons-by-teamTable"_qs,
                         u"decline-reasons-by-teamExport"_qs})
                .join(u", "_qs));
        QVERIFY(reports->byMonthReport()->exportButton()->accessibleName().startsWith(
            u"Export Direct Payments decline reasons by month"_qs));
    }

    void panelAdministratorRecordsAnOutcomeFromMeetingMode()
    {
        auto screen = m_demo->signIn(DemoSeeder::panelAdministratorUsername());
        MainWindow &window = *screen->window;
        DirectPaymentsScreens *screens = screen->parts.directPayments;
        WorkOpener *opener = screen->parts.work;
        QVERIFY(screens->timetableAction()->isVisible());
        QVERIFY(screens->meetingAction()->isVisible());

        // The timetable shows the coming panels; the next one has Charlie on its agenda.
        screens->timetableAction()->trigger();
        auto *timetable = qobject_cast<PanelTimetableView *>(window.workArea()->currentWidget());
        QVERIFY(timetable);
        QTRY_VERIFY(!timetable->isBusy()); // read off the GUI thread
        QVERIFY(timetable->panels().size() >= 3);
        // Each table, then the buttons that act on its selected row.
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QCOMPARE(tabTrail(timetable->panelTable(), 4),
                 (QStringList{u"panelTable"_qs, u"addPanelButton"_qs, u"movePanelButton"_qs,
                              u"meetingButton"_qs, u"agendaTable"_qs}));
        QCOMPARE(timetable->panelTable()->accessibleName(), u"Direct Payments panels"_qs);
        QCOMPARE(timetable->agenda().size(), 1);
        QCOMPARE(timetable->agenda().first().personName, u"Charlie Vasquez"_qs);
        const qint64 panelId = timetable->selectedPanelId();
        // Meeting mode is used as the panel meets: its outcomes wait for the meeting (issue 14),
        // so this panel meets this morning.
        QString moved;
        screen->session.database->exec(
            u"UPDATE panels SET meeting_at = ? WHERE id = ?"_qs,
            {QDateTime(QDate::currentDate(), QTime(9, 0)).toUTC(), panelId}, &moved);
        QVERIFY2(moved.isEmpty(), qPrintable(moved));

        // Panel meeting mode from the timetable.
        timetable->findChild<QPushButton *>(u"meetingButton"_qs)->click();
        auto *meeting = qobject_cast<PanelMeetingMode *>(window.workArea()->currentWidget());
        QVERIFY(meeting);
        QTRY_COMPARE(meeting->counter()->text(), u"Case 1 of 1"_qs);
        QCOMPARE(meeting->panelId(), panelId);
        meeting->recordButton()->click();
        // The panel step is opened on the database thread, then its form opens as a tab.
        QTRY_VERIFY2(qobject_cast<StepEditor *>(window.workArea()->currentWidget()),
                     qPrintable(meeting->message()->message()));
        auto *editor = qobject_cast<StepEditor *>(window.workArea()->currentWidget());
        QCOMPARE(opener->engine().step(editor->stepId()).stepType, dp::PanelStep);
        FormEditor *form = editor->formEditor(dp::PanelForm);
        QVERIFY(form);
        QVERIFY(!form->field(dp::q::PanelDate)->value().isEmpty());
        form->field(u"attendees"_qs)->setValue(u"Chair, Direct Payments officer, worker"_qs);
        form->field(u"discussion"_qs)->setValue(u"The panel needs to know more."_qs);
        form->field(dp::q::PanelOutcome)->setValue(dp::FurtherInformationRequested);
        form->field(u"further_information_required"_qs)->setValue(u"Who will be the PA?"_qs);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QVERIFY2(finishAndWait(editor), qPrintable(editor->banner()->message()));

        // Finalised through DirectPayments: the referral goes back to Charlie's worker.
        WorkerDirectory directory(*screen->session.database);
        const QList<WorkviewSection> aisha =
            WorkviewQuery(*screen->session.database)
                .workviewOf(directory.identityByUsername(u"sw.south2"_qs));
        QStringList incoming;
        for (const WorkviewItem &item :
             aisha.first().category(WorkviewCategory::IncomingWork)->items)
            incoming << item.stepType + u" – "_qs + item.personName;
        QVERIFY2(incoming.contains(u"Direct Payments Referral – Charlie Vasquez"_qs),
                 qPrintable(incoming.join(u'\n')));
        // Meeting mode shows the outcome (read again off the GUI thread when work changed).
        QTRY_VERIFY(meeting->currentItem() &&
                    meeting->currentItem()->outcome == dp::FurtherInformationRequested);
    }

    void startDirectPaymentsFromTheRecordOpensTheEpisodeAndTheReferral()
    {
        auto screen = m_demo->signIn(DemoSeeder::socialWorkerUsername(), dp::SocialWorker);
        MainWindow &window = *screen->window;
        QTabWidget *tabs = window.workArea();
        DirectPayments &dp = screen->parts.directPayments->directPayments();

        // Find person: Maisie, whose family has no direct payment yet.
        window.findPersonAction()->trigger();
        auto *find = window.findChild<FindPersonDialog *>();
        QVERIFY(find);
        QTest::keyClicks(find->searchBox(), u"Cartwright, Mai"_qs);
        QTest::keyClick(find->searchBox(), Qt::Key_Return);
        // Enter before the results came: the record opens once they do.
        QTRY_VERIFY(qobject_cast<PersonRecordView *>(tabs->currentWidget()));
        auto *record = qobject_cast<PersonRecordView *>(tabs->currentWidget());
        CASEDESK_WAIT_FOR_RECORD(record); // the record reads itself off the GUI thread
        QCOMPARE(record->record().person.name(), u"Maisie Cartwright"_qs);
        const qint64 maisie = record->personId();
        QVERIFY(dp.episodes(maisie).isEmpty());
        QCOMPARE(record->episodesList()->topLevelItem(0)->text(0), u"No episodes."_qs);

        // The dialog: Start Date and who the payment is for, filled in through its widgets.
        const QDate startDate = dp.today().addDays(-2);
        const qint64 lee = m_demo->personId(u"Lee"_qs, u"Cartwright"_qs);
        QStringList offered;
        QStringList tabOrder;
        QString dateName;
        StartDirectPaymentsDialog::setNextResponder([&](StartDirectPaymentsDialog &dialog) {
            dialog.show();
            if (!QTest::qWaitForWindowActive(&dialog))
                return int(QDialog::Rejected);
            // Start waits for the child's related people, read off the GUI thread.
            if (!QTest::qWaitFor([&dialog] { return dialog.startButton()->isEnabled(); }, 10000))
                return int(QDialog::Rejected);
            tabOrder = tabTrail(dialog.startDateEdit(), 3);
            dateName = dialog.startDateEdit()->accessibleName();
            for (int i = 0; i < dialog.paymentForChoice()->count(); ++i)
                offered << dialog.paymentForChoice()->itemText(i);
            dialog.startDateEdit()->setFocus();
            dialog.startDateEdit()->setDate(startDate);
            dialog.paymentForChoice()->setCurrentIndex(dialog.paymentForChoice()->findData(lee));
            QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
            // Accepted once the server has opened the episode and the referral.
            if (!QTest::qWaitFor([&dialog] { return dialog.result() == QDialog::Accepted; }, 10000))
                return int(QDialog::Rejected);
            return dialog.result();
        });
        QTest::mouseClick(record->startDirectPaymentsButton(), Qt::LeftButton);
        QCOMPARE(tabOrder, (QStringList{u"startDate"_qs, u"paymentFor"_qs, u"startButton"_qs,
                                        u"cancelButton"_qs}));
        QCOMPARE(dateName, u"Start Date"_qs);
        QVERIFY2(offered.contains(u"Lee Cartwright – Father (parental responsibility)"_qs),
                 qPrintable(offered.join(u'|')));

        // The episode is open, from the Start Date, for the father.
        const QList<EpisodeRecord> episodes = dp.episodes(maisie);
        QCOMPARE(episodes.size(), 1);
        const EpisodeRecord episode = episodes.first();
        QVERIFY(episode.isOpen());
        QCOMPARE(episode.startDate, startDate);
        QCOMPARE(episode.paymentForPersonId, lee);

        // The referral opens as a form tab, for the worker to assign and start.
        QTRY_VERIFY(qobject_cast<StepEditor *>(tabs->currentWidget()));
        auto *editor = qobject_cast<StepEditor *>(tabs->currentWidget());
        QVERIFY(editor);
        const StepRecord referral = screen->parts.work->engine().step(editor->stepId());
        QCOMPARE(referral.stepType, dp::Referral);
        QCOMPARE(referral.personId, maisie);
        QCOMPARE(dp.episodeOfStep(referral.id), episode.id);

        // The record shows the episode without Reload (read again off the GUI thread), and
        // opens its workspace.
        CASEDESK_WAIT_FOR_RECORD(record);
        QTreeWidget *list = record->episodesList();
        QCOMPARE(list->topLevelItemCount(), 1);
        QTreeWidgetItem *row = list->topLevelItem(0);
        QCOMPARE(row->text(0), dp::EpisodeType);
        QCOMPARE(row->text(1), startDate.toString(u"dd/MM/yyyy"_qs));
        QCOMPARE(row->text(2), u"Open"_qs);
        QCOMPARE(row->text(3), u"Lee Cartwright"_qs);
        tabs->setCurrentWidget(record);
        list->setCurrentItem(row);
        QTest::keyClick(list, Qt::Key_Return);
        auto *workspace = qobject_cast<EpisodeWorkspaceView *>(tabs->currentWidget());
        QVERIFY(workspace);
        QCOMPARE(workspace->property("episodeId").toLongLong(), episode.id);
    }

    void panelAdministratorSchedulesAFirstReviewFindingTheChild()
    {
        auto screen = m_demo->signIn(DemoSeeder::panelAdministratorUsername());
        MainWindow &window = *screen->window;
        DirectPayments &dp = screen->parts.directPayments->directPayments();
        WorkflowEngine &engine = screen->parts.work->engine();
        const qint64 oliver = m_demo->personId(u"Oliver"_qs, u"Mbeki"_qs);
        const qint64 grace = m_demo->personId(u"Grace"_qs, u"Mbeki"_qs);
        const qint64 sam =
            WorkerDirectory(m_demo->db()).identityByUsername(DemoSeeder::socialWorkerUsername()).id;
        QVERIFY(dp.episodes(oliver).isEmpty());

        screen->parts.directPayments->timetableAction()->trigger();
        auto *timetable = qobject_cast<PanelTimetableView *>(window.workArea()->currentWidget());
        QVERIFY(timetable);
        QTRY_VERIFY(!timetable->isBusy()); // the dialog offers the panels the view read
        QPushButton *button = timetable->firstReviewButton();
        QVERIFY(button->isVisibleTo(timetable));
        QCOMPARE(button->accessibleName(), u"Schedule first review"_qs);
        QVERIFY2(button->toolTip().contains(u"Ctrl+Alt+R"_qs), qPrintable(button->toolTip()));
        // The directory (who can write the report) is read once after sign-in, off the GUI
        // thread; the dialog below offers what it has read.
        QVERIFY(QTest::qWaitFor([&screen] { return screen->parts.work->directory().isLoaded(); },
                                10000));
        QTest::mouseClick(button, Qt::LeftButton);
        auto *dialog = timetable->findChild<FirstReviewDialog *>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        // Scheduling without a child says so under the search.
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->childMessage()->isVisibleTo(dialog));
        QVERIFY(!dialog->childMessage()->message().isEmpty());

        // Find the child by name: the family's adults are not offered.
        dialog->searchBox()->clear();
        QTest::keyClicks(dialog->searchBox(), u"Mbeki"_qs);
        QTest::keyClick(dialog->searchBox(), Qt::Key_Return);
        QVERIFY(dialog->isVisible());
        // The search and then the child's related people are read off the GUI thread.
        QTRY_COMPARE(dialog->results()->topLevelItemCount(), 1);
        QTRY_VERIFY(!dialog->isBusy());
        QCOMPARE(dialog->results()->topLevelItem(0)->text(0), u"Oliver Mbeki"_qs);
        QCOMPARE(dialog->selectedChildId(), oliver);
        // The keyboard goes down the dialog as it reads. (Waiting for the timetable's read lets
        // the main window become active first; the offscreen platform then leaves the focus in
        // it when the window-modal dialog opens, so the dialog is made the active window here.)
        QApplication::setActiveWindow(dialog);
        QTRY_COMPARE(QApplication::activeWindow(), dialog);
        QCOMPARE(tabTrail(dialog->searchBox(), 7),
                 (QStringList{u"childSearch"_qs, u"childResults"_qs, u"paymentStartDate"_qs,
                              u"paymentFor"_qs, u"reviewPanelChoice"_qs, u"reviewTime"_qs,
                              u"allocatedWorker"_qs, u"scheduleButton"_qs}));
        // His allocated worker writes the report unless changed; his mother can be chosen.
        QCOMPARE(dialog->workerChoice()->currentData().toLongLong(), sam);
        const int graceIndex = dialog->paymentForChoice()->findData(grace);
        QVERIFY(graceIndex > 0);
        dialog->paymentForChoice()->setCurrentIndex(graceIndex);

        // A payment that starts tomorrow is refused under its date; nothing chosen is lost.
        dialog->paymentStartEdit()->setDate(dp.today().addDays(1));
        QVERIFY(dialog->tryAccept()); // as Schedule does
        // Scheduling waits for the server: Schedule and Cancel wait with it.
        if (dialog->isBusy()) {
            QVERIFY(!dialog->okButton()->isEnabled());
            QVERIFY(!dialog->tryAccept());
        }
        QTRY_VERIFY(!dialog->isBusy());
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->paymentStartMessage()->isVisibleTo(dialog),
                 qPrintable(dialog->message()->message()));
        QVERIFY(dialog->paymentStartMessage()->message().contains(u"started"_qs));
        QVERIFY(dialog->childMessage()->message().isEmpty());
        QCOMPARE(dialog->selectedChildId(), oliver);
        QCOMPARE(dialog->paymentForChoice()->currentData().toLongLong(), grace);

        // No worker: refused under the worker.
        dialog->paymentStartEdit()->setDate(dp.today().addDays(-300));
        dialog->workerChoice()->setCurrentIndex(0);
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog->isBusy());
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->paymentStartMessage()->message().isEmpty());
        QVERIFY2(dialog->workerMessage()->isVisibleTo(dialog),
                 qPrintable(dialog->message()->message()));

        // Scheduled: the episode opens from the payment's start, the report goes to the worker
        // and the review is on the panel's agenda.
        dialog->workerChoice()->setCurrentIndex(dialog->workerChoice()->findData(sam));
        const qint64 panelId = dialog->panelChoice()->currentData().toLongLong();
        // The dialog deletes itself once accepted: what it scheduled is taken as it closes.
        qint64 reportId = 0;
        QPointer<FirstReviewDialog> open = dialog;
        connect(dialog, &QDialog::accepted, this,
                [&reportId, dialog] { reportId = dialog->preMeetingReportId(); });
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_VERIFY2(reportId > 0 || !open,
                     qPrintable(open ? open->message()->message() : QString()));
        QVERIFY(reportId > 0);
        const QList<EpisodeRecord> episodes = dp.episodes(oliver);
        QCOMPARE(episodes.size(), 1);
        QCOMPARE(episodes.first().startDate, dp.today().addDays(-300));
        QCOMPARE(episodes.first().paymentForPersonId, grace);
        const StepRecord report = engine.step(reportId);
        QCOMPARE(report.stepType, dp::PreMeetingReport);
        QCOMPARE(report.assigneeWorkerId, sam);
        bool onAgenda = false;
        for (const AgendaItem &item : dp.agenda(panelId))
            onAgenda = onAgenda || (item.personId == oliver && item.kind == PanelCaseKind::Review);
        QVERIFY(onAgenda);
        QVERIFY2(timetable->message()->message().contains(u"Oliver Mbeki"_qs),
                 qPrintable(timetable->message()->message()));
    }
};

QTEST_MAIN(TestDpWiring)
#include "tst_dpwiring.moc"
