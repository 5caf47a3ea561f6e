// The Direct Payments screens on an invented authority (tests/directpayments/dpfixture): the
// panel administrator's timetable, panel meeting mode, the episode workspace, the reports and
// the countdown column of the workviews.
#include "common/directory.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "directpayments/choosepaneldialog.h"
#include "directpayments/csvexport.h"
#include "directpayments/declinechart.h"
#include "directpayments/episodeworkspaceview.h"
#include "directpayments/paneldialog.h"
#include "directpayments/panelmeetingmode.h"
#include "directpayments/paneltimetableview.h"
#include "directpayments/reportsview.h"
#include "directpayments/reporttableview.h"
#include "directpayments/startdirectpaymentsdialog.h"
#include "dpscenario.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "stepwait.h"
#include "workview/workerdirectory.h"
#include "workview/workviewfiltermodel.h"
#include "workview/workviewmodel.h"
#include "workview/workviewquery.h"

#include <QAbstractAxis>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace casedesk;
using namespace casedesk::test;

namespace {

void clickOk(QDialog *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    QVERIFY(ok);
    ok->click();
}

QStringList columnTexts(const QTableWidget *table, int column)
{
    QStringList texts;
    for (int row = 0; row < table->rowCount(); ++row)
        texts << table->item(row, column)->text();
    return texts;
}

QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    QString text = QString::fromUtf8(file.readAll());
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);
    return text;
}

} // namespace

class TestDpScreens : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DpFixture> m_f;
    std::unique_ptr<Directory> m_directory;
    std::unique_ptr<DatabaseThread> m_background;
    QTemporaryDir m_dir;

    DpFixture &f() { return *m_f; }
    DpContext as(const Actor &actor)
    {
        return DpContext{f().db(), f().dp(), *m_directory, actor, *m_background};
    }

    // A child whose request the manager authorised (it waits for, or is on, the next panel).
    qint64 authorised(const QString &given, const QString &family, qint64 *episode = nullptr)
    {
        const qint64 child = f().addChild(given, family, QStringLiteral("sw"));
        qint64 episodeId = 0;
        qint64 referral = 0;
        startDirectPayments(f(), child, f().sw(), &episodeId, &referral);
        writeReferral(f(), referral, f().sw());
        QString notice;
        managerDecides(f(), f().stepOf(child, dp::EnquiryUpdate), f().manager(), dp::Authorise,
                       &notice);
        if (episode)
            *episode = episodeId;
        return child;
    }

    qint64 addPanel(const QDate &day)
    {
        Status status;
        const qint64 id = f().dp().addPanel(QDateTime(day, QTime(10, 0)), day.addDays(-7),
                                            QStringLiteral("Civic Centre"), f().admin(), &status);
        if (id <= 0)
            qWarning("%s", qPrintable(status.message()));
        return id;
    }

private slots:
    void init()
    {
        m_f = std::make_unique<DpFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        m_directory = std::make_unique<Directory>(f().db(), DefinitionRegistry::shared());
        m_background =
            std::make_unique<DatabaseThread>(f().db().settings(), f().db().connection().password());
    }

    void cleanup()
    {
        m_background.reset();
        m_directory.reset();
        m_f.reset();
    }

    // Issue 14, item 3: scheduling a review offers the panel the review date falls to (not
    // simply the next panel) and the child's allocated worker (not the first name in the list).
    void schedulingAReviewOffersThePanelOfTheReviewDateAndTheAllocatedWorker()
    {
        f().setToday(QDate(2027, 3, 1));
        const qint64 march = addPanel(QDate(2027, 3, 16));
        const qint64 june = addPanel(QDate(2027, 6, 15));
        const qint64 september = addPanel(QDate(2027, 9, 14));
        QVERIFY(march > 0 && june > 0 && september > 0);
        const qint64 child = authorised(QStringLiteral("Ava"), QStringLiteral("Example"));
        QVERIFY(!QTest::currentTestFailed());
        f().setToday(QDate(2027, 3, 16));
        const QList<AgendaItem> agenda = f().dp().agenda(march);
        QCOMPARE(agenda.size(), 1);
        Answers answers = panelAnswers(dp::Agreed);
        answers.insert(dp::q::ReviewDate, QStringLiteral("2027-09-09"));
        STEP(panelDecides(f(), agenda.first().id, answers));
        QVERIFY(f().stepOf(child, dp::ScheduleReview) > 0);
        f().setToday(QDate(2027, 3, 17));

        PanelTimetableView view(as(f().admin()));
        view.resize(1200, 800);
        view.show();
        QTRY_VERIFY(!view.isBusy());
        QCOMPARE(view.reviewsToSchedule().size(), 1);
        QCOMPARE(view.reviewsToSchedule().first().due, QDate(2027, 9, 9));
        view.scheduleTable()->selectRow(0);
        QPointer<ScheduleReviewDialog> dialog = view.scheduleSelectedReview();
        QVERIFY(dialog);
        QCOMPARE(dialog->panelChoice()->currentData().toLongLong(), september);
        QCOMPARE(dialog->workerChoice()->currentData().toLongLong(),
                 f().workers.value(QStringLiteral("sw")));
        // The administrator can still choose another panel.
        dialog->panelChoice()->setCurrentIndex(dialog->panelChoice()->findData(june));
        QCOMPARE(dialog->panelChoice()->currentData().toLongLong(), june);
        dialog->reject();
    }

    void timetableAddsAndMovesPanelsAndCases()
    {
        f().setToday(QDate(2027, 3, 1)); // a Monday
        const qint64 child = authorised(QStringLiteral("Ava"), QStringLiteral("Example"));
        QVERIFY(!QTest::currentTestFailed());

        PanelTimetableView view(as(f().admin()));
        view.resize(1200, 800);
        view.show();
        // It fills when its one read lands (on the database thread; tests/network has the view
        // while the read waits).
        QTRY_VERIFY(!view.isBusy());
        // No panel yet: the case waits, and the screen says why in the core's words.
        QCOMPARE(view.waiting().size(), 1);
        QCOMPARE(view.waitingTable()->rowCount(), 1);
        QVERIFY(view.waitingMessage()->isVisible());
        QVERIFY2(view.waitingMessage()->message().startsWith(
                     u"There is no Direct Payments panel in the timetable after 01/03/2027"_qs),
                 qPrintable(view.waitingMessage()->message()));
        QVERIFY(view.findChild<QPushButton *>(u"addPanelButton"_qs)->isEnabled());

        // A panel on a Saturday is refused next to the date; nothing is added, the dialog stays.
        QPointer<PanelDialog> dialog = view.addPanel();
        QVERIFY(dialog && dialog->isVisible());
        dialog->meetingDateEdit()->setDate(QDate(2027, 3, 13));
        dialog->lastSubmissionEdit()->setDate(QDate(2027, 3, 5));
        STEP(clickOk(dialog));
        QTRY_VERIFY(!dialog->isApplying()); // the core's answer, from the database thread
        QVERIFY(dialog->okButton()->isEnabled());
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->meetingMessage()->isVisible());
        QVERIFY2(dialog->meetingMessage()->message().contains(u"not a working day"_qs),
                 qPrintable(dialog->meetingMessage()->message()));
        QVERIFY(dialog->lastSubmissionMessage()->message().isEmpty());
        QVERIFY(view.panels().isEmpty());
        // A last submission date after the meeting is shown under that field.
        dialog->meetingDateEdit()->setDate(QDate(2027, 3, 16));
        dialog->lastSubmissionEdit()->setDate(QDate(2027, 3, 17));
        STEP(clickOk(dialog));
        QTRY_VERIFY(!dialog->isApplying());
        QVERIFY(dialog->lastSubmissionMessage()->isVisible());
        QVERIFY(dialog->meetingMessage()->message().isEmpty());
        // A good one.
        dialog->lastSubmissionEdit()->setDate(QDate(2027, 3, 9));
        dialog->locationEdit()->setText(u"Civic Centre, Room 2.14"_qs);
        STEP(clickOk(dialog));
        QTRY_VERIFY(!dialog || !dialog->isVisible());
        QTRY_VERIFY(!view.isBusy());
        QCOMPARE(view.panels().size(), 1);
        const qint64 first = view.panels().first().id;
        QCOMPARE(view.selectedPanelId(), first);
        QCOMPARE(view.panelTable()->item(0, 0)->text(), u"16/03/2027 10:00"_qs);
        QCOMPARE(view.panelTable()->item(0, 1)->text(), u"Civic Centre, Room 2.14"_qs);
        QCOMPARE(view.panelTable()->item(0, 2)->text(), u"09/03/2027"_qs);
        QCOMPARE(view.panelTable()->item(0, 3)->text(), u"6 working days left"_qs);
        QVERIFY(view.message()->message().startsWith(u"Added the panel of 16/03/2027"_qs));
        QCOMPARE(f().db()
                     .scalar(u"SELECT count(*) FROM panels WHERE location = ?"_qs,
                             {u"Civic Centre, Room 2.14"_qs})
                     .toInt(),
                 1);
        QVERIFY(view.waitingMessage()->message().isEmpty());

        // The waiting case goes on it.
        view.waitingTable()->selectRow(0);
        view.findChild<QPushButton *>(u"placeButton"_qs)->click();
        QTRY_VERIFY(!view.isBusy());
        QVERIFY(view.waiting().isEmpty());
        QCOMPARE(view.selectedPanelId(), first);
        QCOMPARE(view.agenda().size(), 1);
        QCOMPARE(view.agendaTable()->item(0, 1)->text(), u"Ava Example (TExampleAva)"_qs);
        QCOMPARE(view.panelTable()->item(0, 4)->text(), u"1"_qs);
        QCOMPARE(f().dp().agenda(first).size(), 1);

        // An authorised referral goes straight onto the next panel's agenda.
        const qint64 second = authorised(QStringLiteral("Ben"), QStringLiteral("Brook"));
        Q_UNUSED(second);
        view.reload();
        QTRY_VERIFY(!view.isBusy());
        QCOMPARE(columnTexts(view.agendaTable(), 1),
                 QStringList({u"Ava Example (TExampleAva)"_qs, u"Ben Brook (TBrookBen)"_qs}));

        // A later panel, then Ava moves to it with a reason.
        dialog = view.addPanel();
        dialog->meetingDateEdit()->setDate(QDate(2027, 4, 13));
        dialog->lastSubmissionEdit()->setDate(QDate(2027, 4, 6));
        STEP(clickOk(dialog));
        QTRY_VERIFY(!dialog || !dialog->isVisible());
        QTRY_VERIFY(!view.isBusy());
        QCOMPARE(view.panels().size(), 2);
        const qint64 later = view.panels().last().id;
        QCOMPARE(view.selectedPanelId(), later); // the panel just added
        QVERIFY(view.selectPanel(first));
        QTRY_VERIFY(!view.isBusy()); // its agenda is read
        view.agendaTable()->selectRow(0);
        QPointer<ChoosePanelDialog> move = view.moveSelectedCase();
        QVERIFY(move);
        QCOMPARE(move->panelChoice()->count(), 1);
        QCOMPARE(move->panelChoice()->currentData().toLongLong(), later);
        // Without a reason the core refuses, in the dialog.
        STEP(clickOk(move));
        QTRY_VERIFY(!move->isApplying());
        QVERIFY(move->isVisible());
        QVERIFY(move->message()->message().startsWith(u"Give a reason"_qs));
        move->reasonEdit()->setPlainText(u"The family asked for a later panel."_qs);
        STEP(clickOk(move));
        QTRY_VERIFY(!move || !move->isVisible());
        QTRY_VERIFY(!view.isBusy());
        QCOMPARE(columnTexts(view.agendaTable(), 1), QStringList({u"Ben Brook (TBrookBen)"_qs}));
        QVERIFY(view.selectPanel(later));
        QTRY_VERIFY(!view.isBusy());
        QCOMPARE(columnTexts(view.agendaTable(), 1),
                 QStringList({u"Ava Example (TExampleAva)"_qs}));
        QCOMPARE(f().dp().agenda(later).first().personId, child);

        // The later panel moves a day; its case moves with it.
        QPointer<PanelDialog> moving = view.moveSelectedPanel();
        QVERIFY(moving);
        QCOMPARE(moving->meetingDateEdit()->date(), QDate(2027, 4, 13));
        moving->meetingDateEdit()->setDate(QDate(2027, 4, 14));
        moving->lastSubmissionEdit()->setDate(QDate(2027, 4, 7));
        STEP(clickOk(moving));
        QTRY_VERIFY(!moving || !moving->isVisible());
        QTRY_VERIFY(!view.isBusy());
        QVERIFY(columnTexts(view.panelTable(), 0).contains(u"14/04/2027 10:00"_qs));
        QVERIFY(view.message()->message().startsWith(u"The panel now meets on 14/04/2027"_qs));
        QCOMPARE(f().dp().agenda(later).size(), 1);
    }

    void meetingModeWalksTheAgendaAndRecordsAnOutcome()
    {
        f().setToday(QDate(2027, 3, 1));
        const qint64 panel = addPanel(QDate(2027, 3, 16));
        QVERIFY(panel > 0);
        for (const char *family : {"Ashby", "Brook", "Carter"})
            authorised(QString::fromLatin1(family).left(1) + u"a"_qs, QString::fromLatin1(family));
        QVERIFY(!QTest::currentTestFailed());
        f().setToday(QDate(2027, 3, 16)); // the day of the panel

        PanelMeetingMode meeting(as(f().admin()), panel);
        // It appears at once and reads off the GUI thread: nothing of the agenda yet (unless
        // the answer was there before its continuation was attached: it then ran at once).
        if (meeting.isBusy()) {
            QCOMPARE(meeting.caseCount(), 0);
            QVERIFY(!meeting.recordButton()->isEnabled());
        }
        meeting.resize(1000, 700);
        meeting.show();
        QVERIFY(QTest::qWaitForWindowActive(&meeting));
        QTRY_COMPARE(meeting.counter()->text(), u"Case 1 of 3"_qs);
        QCOMPARE(meeting.panelId(), panel);
        // What was submitted for the first case came in the same read.
        QVERIFY(!meeting.isBusy());
        QVERIFY(meeting.summary()->toPlainText().contains(u"Aa Ashby (TAshbyAa)"_qs));
        QVERIFY(meeting.summary()->toPlainText().contains(u"Worker sw"_qs));
        QVERIFY(meeting.summary()->toPlainText().contains(u"CWD Team North"_qs));
        QVERIFY(meeting.summary()->toPlainText().contains(u"New request"_qs));
        // What was submitted: the finalised referral's answers.
        QVERIFY(meeting.summary()->toPlainText().contains(
            u"A personal assistant for 6 hours a week"_qs));
        QVERIFY(!meeting.previousButton()->isEnabled());

        meeting.recordButton()->setFocus();
        QTest::keyClick(meeting.recordButton(), Qt::Key_PageDown);
        QCOMPARE(meeting.counter()->text(), u"Case 2 of 3"_qs);
        QVERIFY(meeting.summary()->toPlainText().contains(u"Ba Brook"_qs));
        // Another case's submission is read when it is first shown.
        QTRY_VERIFY(!meeting.isBusy());
        QVERIFY(meeting.summary()->toPlainText().contains(
            u"A personal assistant for 6 hours a week"_qs));
        meeting.nextButton()->click();
        QCOMPARE(meeting.counter()->text(), u"Case 3 of 3"_qs);
        QVERIFY(!meeting.nextButton()->isEnabled());
        QTest::keyClick(meeting.recordButton(), Qt::Key_PageUp);
        QCOMPARE(meeting.counter()->text(), u"Case 2 of 3"_qs);

        // Record Ben's outcome: the panel form opens with the date of panel filled in.
        std::unique_ptr<StepEditor> editor;
        connect(&meeting, &PanelMeetingMode::recordOutcomeRequested, this, [&](qint64 stepId) {
            editor = std::make_unique<StepEditor>(f().engine(), *m_directory,
                                                  f().engine().snapshot(stepId, f().admin()),
                                                  f().admin());
            // As DirectPaymentsScreens does for Workflow B's steps.
            editor->setFinisher([this](qint64 id, const Actor &actor) {
                StepEditor::FinishOutcome outcome;
                outcome.status = f().dp().finishStep(id, actor, &outcome.problems, &outcome.notice);
                return QtFuture::makeReadyFuture(outcome);
            });
        });
        QVERIFY(meeting.recordOutcome());
        // Opening waits for the server: Record is not pressed twice meanwhile.
        if (!editor) {
            QVERIFY(!meeting.recordButton()->isEnabled());
            QVERIFY(!meeting.recordOutcome());
        }
        QTRY_VERIFY(editor);
        QVERIFY(meeting.recordButton()->isEnabled());
        FormEditor *form = editor->formEditor(dp::PanelForm);
        QVERIFY(form);
        QCOMPARE(form->field(dp::q::PanelDate)->value(), u"2027-03-16"_qs);
        form->field(QStringLiteral("attendees"))->setValue(u"Chair, officer, worker"_qs);
        form->field(QStringLiteral("discussion"))->setValue(u"Who would be the assistant?"_qs);
        form->field(dp::q::PanelOutcome)->setValue(dp::FurtherInformationRequested);
        form->field(QStringLiteral("further_information_required"))
            ->setValue(u"How the assistant will be found."_qs);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QVERIFY2(finishAndWait(editor.get()), qPrintable(editor->banner()->message()));
        QVERIFY(!editor->banner()->message().isEmpty());

        // Ben's worker has the referral back in their workview.
        const WorkerIdentity sw = WorkerDirectory(f().db()).identity(f().sw().workerId);
        WorkviewModel model;
        model.setSections(WorkviewQuery(f().db(), f().today()).workviewOf(sw));
        QStringList incoming;
        const QModelIndex mine = model.index(0, 0);
        for (int c = 0; c < model.rowCount(mine); ++c) {
            const QModelIndex category = model.index(c, 0, mine);
            for (int r = 0; r < model.rowCount(category); ++r)
                incoming
                    << model.index(r, WorkviewModel::TitleColumn, category).data().toString() +
                           u" – "_qs +
                           model.index(r, WorkviewModel::PersonColumn, category).data().toString();
        }
        QVERIFY2(incoming.contains(u"Direct Payments Referral – Ba Brook (TBrookBa)"_qs),
                 qPrintable(incoming.join(u'\n')));

        // Back in meeting mode, the case shows its outcome.
        meeting.reload();
        QTRY_VERIFY(!meeting.isBusy());
        QCOMPARE(meeting.counter()->text(), u"Case 2 of 3"_qs);
        QCOMPARE(meeting.currentItem()->outcome, dp::FurtherInformationRequested);
        QVERIFY(meeting.summary()->toPlainText().contains(dp::FurtherInformationRequested));
    }

    void workspaceShowsTheEpisodeAndExportsTheChronology()
    {
        f().setToday(QDate(2027, 3, 1));
        const qint64 child = f().addChild(u"Ava"_qs, u"Example"_qs, u"sw"_qs);
        qint64 episode = 0;
        qint64 referral = 0;
        STEP(startDirectPayments(f(), child, f().sw(), &episode, &referral));
        STEP(writeReferral(f(), referral, f().sw()));
        QString notice;
        STEP(managerDecides(f(), f().stepOf(child, dp::EnquiryUpdate), f().manager(),
                            dp::RequestFurtherInformation, &notice));
        // The new referral, copied forward from the first.
        const qint64 again = f().stepOf(child, dp::Referral);
        QVERIFY(again != referral);
        EXPECT_OK(f().dp().startStep(again, f().sw(), true));

        EpisodeWorkspaceView view(as(f().sw()), episode);
        QSignalSpy titled(&view, &EpisodeWorkspaceView::titleChanged);
        // It appears at once and reads off the GUI thread.
        if (view.isBusy()) {
            QCOMPARE(view.title(), u"Opening the workspace\u2026"_qs);
            QCOMPARE(view.steps()->topLevelItemCount(), 0);
            QVERIFY(!view.exportButton()->isEnabled());
        }
        view.resize(1200, 800);
        view.show();
        QTRY_VERIFY(!view.isBusy());
        QCOMPARE(titled.count(), 1);
        QCOMPARE(titled.first().first().toString(), u"Workspace – Ava Example"_qs);
        QCOMPARE(view.title(), u"Workspace – Ava Example"_qs);
        const EpisodeWorkspace &workspace = view.workspace();
        QVERIFY(workspace.timeline.size() >= 4);
        QCOMPARE(view.timeline()->topLevelItemCount(), int(workspace.timeline.size()));
        for (int row = 0; row < workspace.timeline.size(); ++row)
            QCOMPARE(view.timeline()->topLevelItem(row)->text(1), workspace.timeline.at(row).what);
        // Steps in order, each with its answers and decision.
        QCOMPARE(view.steps()->topLevelItemCount(), 3);
        QCOMPARE(view.steps()->topLevelItem(0)->text(0), dp::Referral);
        QCOMPARE(view.steps()->topLevelItem(1)->text(0), dp::EnquiryUpdate);
        QVERIFY(view.steps()->topLevelItem(1)->text(1).contains(dp::RequestFurtherInformation));
        QCOMPARE(view.steps()->topLevelItem(2)->text(0), dp::Referral);
        // Copied-forward answers say where they came from and that they are not yet checked.
        QTreeWidgetItem *copy = view.steps()->topLevelItem(2);
        QStringList provenance;
        for (int f = 0; f < copy->childCount(); ++f) {
            for (int a = 0; a < copy->child(f)->childCount(); ++a)
                provenance << copy->child(f)->child(a)->text(4);
        }
        provenance.removeAll(QString());
        QVERIFY(!provenance.isEmpty());
        for (const QString &text : std::as_const(provenance)) {
            QVERIFY2(text.startsWith(u"Copied forward from Direct Payments Referral of "_qs) &&
                         text.endsWith(u"not yet checked"_qs),
                     qPrintable(text));
        }

        // Export chronology writes the child's chronology where the worker chose.
        const QString path = m_dir.filePath(u"chronology.csv"_qs);
        CsvExport::setNextSaveFileName(path);
        QVERIFY(view.exportChronology());
        // Read off the GUI thread; Export waits for it (nothing exported twice).
        if (view.isBusy()) {
            QVERIFY(!view.exportButton()->isEnabled());
            QVERIFY(!view.exportChronology());
        }
        QTRY_VERIFY(view.message()->message().startsWith(u"Saved the chronology"_qs));
        QVERIFY(view.exportButton()->isEnabled());
        const QString csv = readFile(path);
        const QStringList lines = csv.split(u"\r\n"_qs, Qt::SkipEmptyParts);
        QVERIFY(lines.first().startsWith(u"Date,Time,Entry,Episode"_qs));
        const ReportTable expected = f().dp().chronology(child, f().sw());
        QCOMPARE(csv, expected.toCsv());
        QCOMPARE(lines.size(), int(expected.rows.size()) + 1);
        QVERIFY(csv.contains(u"Start Direct Payments"_qs));
        QVERIFY(csv.contains(u"Request further information"_qs));
        // Cancelling the dialog writes nothing.
        CsvExport::setNextSaveFileName(QString());
        QVERIFY(!view.exportChronology());
    }

    void startDirectPaymentsDialogOffersTheRelatedPeople()
    {
        f().setToday(QDate(2027, 3, 1));
        const qint64 child = f().addChild(u"Ava"_qs, u"Example"_qs, u"sw"_qs);
        StartDirectPaymentsDialog dialog(as(f().sw()), child);
        QCOMPARE(dialog.startDateEdit()->date(), QDate(2027, 3, 1));
        // Start waits for the related people, read off the GUI thread.
        if (dialog.isBusy()) {
            QVERIFY(!dialog.startButton()->isEnabled());
            QVERIFY(!dialog.tryStart());
        }
        QTRY_VERIFY(dialog.startButton()->isEnabled());
        QStringList people;
        for (int i = 0; i < dialog.paymentForChoice()->count(); ++i)
            people << dialog.paymentForChoice()->itemText(i);
        QVERIFY2(people.join(u'|').contains(u"Jo Example – Mother"_qs),
                 qPrintable(people.join(u'|')));
        QCOMPARE(dialog.paymentForChoice()->currentData().toLongLong(), f().parentOf(child));
        QVERIFY(dialog.tryStart());
        // On its way: Start and Cancel wait for it; nothing is started twice.
        if (dialog.isBusy()) {
            QVERIFY(!dialog.startButton()->isEnabled());
            QVERIFY(!dialog.tryStart());
            dialog.reject();
        }
        QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.referralStepId() > 0);
        QCOMPARE(f().engine().step(dialog.referralStepId()).stepType, dp::Referral);
        // A second start while the episode is open is refused in the dialog.
        StartDirectPaymentsDialog again(as(f().sw()), child);
        QTRY_VERIFY(again.startButton()->isEnabled());
        QVERIFY(again.tryStart());
        QTRY_VERIFY(!again.message()->message().isEmpty() ||
                    !again.startDateMessage()->message().isEmpty());
        QVERIFY(again.startButton()->isEnabled());
        QCOMPARE(again.result(), int(QDialog::Rejected));
        QCOMPARE(f().dp().episodes(child).size(), 1);
    }

    void reportsShowTablesAndCharts()
    {
        f().setToday(QDate(2027, 3, 1));
        const qint64 p1 = addPanel(QDate(2027, 3, 16));
        QVERIFY(p1 > 0);
        authorised(u"Ava"_qs, u"Ashby"_qs);
        authorised(u"Ben"_qs, u"Brook"_qs);
        authorised(u"Cal"_qs, u"Carter"_qs);
        QVERIFY(!QTest::currentTestFailed());
        f().setToday(QDate(2027, 3, 16));
        const QList<AgendaItem> items = f().dp().agenda(p1);
        QCOMPARE(items.size(), 3);
        const QString purpose = u"Purpose of the direct payment is not clear"_qs;
        const QString evidence = u"Assessed need not evidenced"_qs;
        const QStringList reasons{purpose, evidence};
        for (int i = 0; i < 2; ++i) {
            Answers answers = panelAnswers(dp::Declined);
            answers.insert(dp::q::DeclineReason, reasons.at(i));
            answers.insert(u"alternative_suggestions"_qs, u"Universal services first."_qs);
            STEP(panelDecides(f(), items.at(i).id, answers));
        }
        Answers agreed = panelAnswers(dp::Agreed);
        agreed.insert(dp::q::ReviewDate, u"2027-03-30"_qs);
        STEP(panelDecides(f(), items.at(2).id, agreed));

        ReportsView view(as(f().admin()));
        // It appears at once and reads off the GUI thread, every report in one request.
        if (view.isBusy())
            QCOMPARE(view.agendaReport()->tableWidget()->rowCount(), 0);
        view.resize(1300, 900);
        view.show();
        QTRY_VERIFY(!view.isBusy());
        // The agenda of the panel (the next one when there is one; here the one that met).
        QCOMPARE(view.agendaReport()->table().rows.size(), 3);
        QCOMPARE(view.agendaReport()->tableWidget()->rowCount(), 3);
        QCOMPARE(view.agendaReport()->tableWidget()->item(2, 9)->text(), dp::Agreed);
        // Reviews due: Cal's review date is within 20 working days.
        QCOMPARE(view.reviewsReport()->tableWidget()->rowCount(), 1);
        QCOMPARE(view.reviewsReport()->tableWidget()->item(0, 0)->text(), u"Cal Carter"_qs);
        QCOMPARE(view.reviewsReport()->tableWidget()->item(0, 5)->text(), u"Due"_qs);

        // Decline reasons, March 2027: one each.
        view.fromEdit()->setDate(QDate(2027, 1, 1));
        view.toEdit()->setDate(QDate(2027, 3, 31));
        QTRY_VERIFY(!view.isBusy());
        const ReportTable byMonth =
            f().dp().declineReasonsByMonthReport(QDate(2027, 1, 1), QDate(2027, 3, 31));
        QCOMPARE(view.byMonthReport()->table().rows, byMonth.rows);
        QCOMPARE(view.byMonthReport()->tableWidget()->rowCount(), int(byMonth.rows.size()));
        QVERIFY(!byMonth.rows.isEmpty());
        QChart *chart = view.byMonthChart()->chart();
        QCOMPARE(chart->series().size(), 1);
        auto *series = qobject_cast<QStackedBarSeries *>(chart->series().first());
        QVERIFY(series);
        QStringList labels;
        qreal total = 0;
        for (QBarSet *set : series->barSets()) {
            labels << set->label();
            for (int i = 0; i < set->count(); ++i)
                total += set->at(i);
        }
        labels.sort();
        QCOMPARE(labels, QStringList({evidence, purpose}));
        QCOMPARE(total, 2.0);
        auto *byTeam =
            qobject_cast<QStackedBarSeries *>(view.byTeamChart()->chart()->series().value(0));
        QVERIFY(byTeam);
        QCOMPARE(byTeam->count(), 2);

        // The reasons are read in full in the key under each chart, in the same order (and so
        // the same colours) in both; the chart's own legend, which cut them short, is hidden.
        QVERIFY(!chart->legend()->isVisible());
        view.tabs()->setCurrentIndex(view.tabs()->count() - 1);
        view.resize(900, 700);
        view.show();
        QStringList keyTexts;
        for (QLabel *key : view.byMonthChart()->keyLabels()) {
            QVERIFY(key->wordWrap());
            QVERIFY(key->isVisibleTo(&view));
            keyTexts << key->text();
        }
        QCOMPARE(keyTexts, (QStringList{evidence + u" (1)"_qs, purpose + u" (1)"_qs}));
        QCOMPARE(view.byTeamChart()->keyLabels().first()->text(), evidence + u" (1)"_qs);
        QCOMPARE(view.byMonthChart()->keyLabels().first()->accessibleName(),
                 evidence + u": 1 declined"_qs);

        // The charts take the window's colours: in dark mode no white panel, text still legible,
        // each reason keeping its colour.
        const QColor firstReason =
            qobject_cast<QStackedBarSeries *>(view.byMonthChart()->chart()->series().first())
                ->barSets()
                .first()
                ->color();
        QVERIFY(view.byMonthChart()->chart()->backgroundBrush().color().lightness() >= 128);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        view.setPalette(dark);
        for (DeclineChart *each : {view.byMonthChart(), view.byTeamChart()}) {
            QChart *drawn = each->chart();
            QVERIFY(drawn->backgroundBrush().color().lightness() < 64);
            QVERIFY(drawn->titleBrush().color().lightness() > 192);
            for (QAbstractAxis *axis : drawn->axes())
                QVERIFY(axis->labelsBrush().color().lightness() > 192);
        }
        QCOMPARE(qobject_cast<QStackedBarSeries *>(view.byMonthChart()->chart()->series().first())
                     ->barSets()
                     .first()
                     ->color(),
                 firstReason);
        view.setPalette(QPalette());

        // Each table exports as CSV.
        const QString path = m_dir.filePath(u"by-team.csv"_qs);
        CsvExport::setNextSaveFileName(path);
        QVERIFY(view.byTeamReport()->exportCsv());
        QCOMPARE(
            readFile(path),
            f().dp().declineReasonsByTeamReport(QDate(2027, 1, 1), QDate(2027, 3, 31)).toCsv());
        QVERIFY(view.byTeamReport()->message()->message().startsWith(u"Saved 2 row(s)"_qs) ||
                view.byTeamReport()->message()->message().startsWith(u"Saved"_qs));
    }

    void countdownColumnSortsByWorkingDays()
    {
        f().setToday(QDate(2027, 3, 1)); // Monday
        const WorkingDaysCalendar &calendar = f().dp().calendar();
        // Three referrals of the social worker with deadlines 2 working days ago, in 10 and in 3.
        const QList<int> offsets{-2, 10, 3};
        QStringList names;
        for (int i = 0; i < offsets.size(); ++i) {
            const QString family = QStringList{u"Ashby"_qs, u"Brook"_qs, u"Carter"_qs}.at(i);
            const qint64 child = f().addChild(u"Ava"_qs, family, u"sw"_qs);
            qint64 episode = 0;
            qint64 referral = 0;
            STEP(startDirectPayments(f(), child, f().sw(), &episode, &referral));
            f().db().exec(u"UPDATE worksteps SET due_date = ? WHERE id = ?"_qs,
                          {calendar.addWorkingDays(f().today(), offsets.at(i)), referral});
        }
        const WorkerIdentity sw = WorkerDirectory(f().db()).identity(f().sw().workerId);
        WorkviewModel model;
        model.setSections(WorkviewQuery(f().db(), f().today()).workviewOf(sw));
        WorkviewFilterModel sorted;
        sorted.setSourceModel(&model);
        sorted.sort(WorkviewModel::CountdownColumn, Qt::AscendingOrder);
        QCOMPARE(model.headerData(WorkviewModel::CountdownColumn, Qt::Horizontal).toString(),
                 u"Deadline"_qs);
        const QModelIndex mine = sorted.index(0, 0);
        QModelIndex incoming;
        for (int row = 0; row < sorted.rowCount(mine); ++row) {
            if (sorted.index(row, 0, mine).data().toString().startsWith(u"Incoming work"_qs))
                incoming = sorted.index(row, 0, mine);
        }
        QVERIFY(incoming.isValid());
        QStringList countdowns;
        for (int row = 0; row < sorted.rowCount(incoming); ++row)
            countdowns
                << sorted.index(row, WorkviewModel::CountdownColumn, incoming).data().toString();
        // By the number of working days, not alphabetically ("10 …" would come first).
        QCOMPARE(countdowns, QStringList({u"2 working days overdue"_qs, u"3 working days left"_qs,
                                          u"10 working days left"_qs}));
        sorted.sort(WorkviewModel::CountdownColumn, Qt::DescendingOrder);
        QCOMPARE(sorted.index(0, WorkviewModel::CountdownColumn, incoming).data().toString(),
                 u"10 working days left"_qs);
        // The Narrow workview's two lines carry the countdown too.
        QVERIFY(sorted.index(0, 0, incoming)
                    .data(WorkviewModel::NarrowTextRole)
                    .toString()
                    .endsWith(u"10 working days left"_qs));
    }
};

QTEST_MAIN(TestDpScreens)
#include "tst_dpscreens.moc"
