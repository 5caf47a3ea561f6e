// Workflow A (Short Term Breaks) walked through the real screens, as the people in the guide
// would: the social worker, the PS/Manager, the Panel (the same manager in her Panel role) and
// Haven Cottage each sign in, find the work in their Full workview, open it with Enter, type
// their answers, add next actions, send and complete requests, and finish. Each stage is one
// test function, in order, on one demo database; each checks what every workview shows.
#include "desk.h"

#include "app/workopener.h"

#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "forms/formeditor.h"
#include "forms/nextactionseditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "requests/requestsdialog.h"
#include "workview/fullworkview.h"
#include "workview/workviewactions.h"
#include "workview/workviewmodel.h"
#include "workview/workviewtree.h"

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString MyWork = QStringLiteral("My work");
const QString PanelInbox = QStringLiteral("CS CWD \u2013 Panel");
const QString Incoming = QStringLiteral("Incoming work");
const QString Current = QStringLiteral("Current work");
const QString IncomingRequests = QStringLiteral("Incoming requests");
const QString SentRequests = QStringLiteral("Requests I sent");

const QString Lily = QStringLiteral("Lily Hargreaves (C100201)");
const QString Visit = QStringLiteral("Child in Need Visit");
const QString Decision = QStringLiteral("CS Decision on Significant Information (Open SC Case)");
const QString ScPanel = QStringLiteral("SC Panel");
const QString Placement = QStringLiteral("CS Placement Request");
const QString HomePlacement = QStringLiteral("CS Short Term Breaks Placement Request");

const QString ReviewAndConfirm =
    QStringLiteral("CS Manager: Please review and confirm next action");
const QString AuthorisePanelRequest = QStringLiteral("CS Manager: Please authorise Panel request");
const QString RequestForCwdPanel = QStringLiteral("CS Request for CWD Panel");
const QString NotificationOfPanelDecision = QStringLiteral("CS Notification of Panel Decision");

QString titled(const QString &request, const QString &step)
{
    return request + QStringLiteral(": ") + step;
}

// "Incoming work (7)" -> 7
int countIn(const QString &heading)
{
    const qsizetype open = heading.indexOf(QLatin1Char('('));
    return open < 0 ? 0 : heading.mid(open + 1).section(QLatin1Char(')'), 0, 0).toInt();
}

QString requestStatus(RequestsDialog *dialog, const QString &requestType)
{
    QTableWidget *table = dialog->table();
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, RequestsDialog::RequestColumn)->text() == requestType)
            return table->item(row, RequestsDialog::StatusColumn)->text();
    }
    return QString();
}

} // namespace

class TestShortTermBreaksGui : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    std::unique_ptr<Desk> signIn(const QString &username)
    {
        return std::make_unique<Desk>(m_dir.filePath(QStringLiteral("demo/casedesk.sqlite")),
                                      *m_settings, username);
    }

    static void finishWithYes(StepEditor *editor)
    {
        MessageBox::setNextAnswer(QMessageBox::Yes);
        const int asked = MessageBox::callCount();
        gui::click(editor, editor->finishAction());
        QCOMPARE(MessageBox::callCount(), asked + 1);
        QVERIFY2(editor->banner()->message().contains(QStringLiteral("is finished")),
                 qPrintable(editor->banner()->message()));
        QVERIFY(!editor->saveAction()->isEnabled());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("casedesk.ini")),
                                                 QSettings::IniFormat);
    }

    // Guide page 1: from the Child in Need Visit, CS Decision on Significant Information, Send
    // Immediately, Assign to Me; Save and Close the visit.
    void socialWorkerSendsTheDecisionFromTheVisit()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        const int incoming = countIn(sw->heading(MyWork, Incoming));
        QCOMPARE(sw->heading(MyWork, Incoming), QStringLiteral("Incoming work (%1)").arg(incoming));
        QCOMPARE(sw->rows(MyWork, Incoming).size(), incoming);
        QCOMPARE(sw->titlesFor(MyWork, Incoming, Lily), QStringList{Visit});
        QVERIFY(sw->titlesFor(MyWork, Current, Lily).isEmpty());

        StepEditor *visit = sw->open(MyWork, Incoming, Lily, Visit);
        QVERIFY(visit);
        QTabWidget *tabs = sw->window().workArea();
        QCOMPARE(tabs->tabText(tabs->currentIndex()),
                 QStringLiteral("%1 – Lily Hargreaves").arg(Visit));
        // Started: it moves from Incoming work to Current work.
        QCOMPARE(sw->heading(MyWork, Incoming),
                 QStringLiteral("Incoming work (%1)").arg(incoming - 1));
        QCOMPARE(sw->titlesFor(MyWork, Current, Lily), QStringList{Visit});
        FormEditor *form = visit->formEditor(QStringLiteral("CS-VISIT"));
        QVERIFY(form);

        // Finish with nothing recorded: refused, and each missing answer is marked at its field.
        QVERIFY(visit->finishAction()->isEnabled());
        gui::click(visit, visit->finishAction());
        QVERIFY(visit->banner()->message().contains(QStringLiteral("cannot be finished")));
        for (const char *id : {"visit_date", "visit_type", "child_seen", "observations"})
            QVERIFY2(!form->field(QString::fromLatin1(id))->problem().isEmpty(), id);
        QVERIFY(form->field(QStringLiteral("present_at_visit"))->problem().isEmpty());

        NextActionsEditor *next = form->nextActionsEditor(QStringLiteral("next_actions"));
        QVERIFY(next);
        QCOMPARE(next->offeredStepTypes(), QStringList{Decision});
        QVERIFY(
            gui::addNextAction(next, Decision, QStringLiteral("Assign to Me"), QString(), true));
        QVERIFY(next->added().constFirst().createdStepId > 0);
        auto *added = next->findChild<QTableWidget *>(QStringLiteral("nextActionsTable"));
        QCOMPARE(added->item(0, 1)->text(), QStringLiteral("Sam Okafor"));
        QCOMPARE(added->item(0, 2)->text(), QStringLiteral("Sent"));
        // Sent immediately: it is Sam's incoming work while the visit is still open.
        QCOMPARE(sw->titlesFor(MyWork, Incoming, Lily), QStringList{Decision});
        QCOMPARE(sw->heading(MyWork, Incoming), QStringLiteral("Incoming work (%1)").arg(incoming));

        gui::click(visit, visit->saveAndCloseAction());
        QCOMPARE(tabs->count(), 1); // only the Full workview is left
        QCOMPARE(sw->titlesFor(MyWork, Current, Lily), QStringList{Visit});
        QVERIFY(sw->narrowAgrees());
    }

    // Guide page 2: the social worker records C1044, adds SC Panel (Assign to Me) and sends the
    // REQUIRED review request to her manager; she cannot finish until it is completed.
    void socialWorkerRecordsTheDecisionAndAsksTheManager()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        const int sent = countIn(sw->heading(MyWork, SentRequests));
        StepEditor *decision = sw->open(MyWork, Incoming, Lily, Decision);
        QVERIFY(decision);
        FormEditor *c1044 = decision->formEditor(QStringLiteral("C1044"));
        QVERIFY(c1044);
        // The manager's part is shown, read-only, to the social worker.
        QVERIFY(c1044->field(QStringLiteral("manager_decision"))->isReadOnly());
        QVERIFY(!c1044->field(QStringLiteral("details_of_significant_information"))->isReadOnly());

        gui::type(c1044, QStringLiteral("date_information_received"), QStringLiteral("20/11/2026"));
        QVERIFY(
            gui::choose(c1044, QStringLiteral("source_of_information"), QStringLiteral("Visit")));
        gui::type(c1044, QStringLiteral("details_of_significant_information"),
                  QStringLiteral("Carers exhausted; family asks for overnight short breaks."));
        QVERIFY(gui::choose(c1044, QStringLiteral("proposed_next_action"),
                            QStringLiteral("Refer to Panel")));
        QVERIFY(decision->isModified());
        QCOMPARE(c1044->values().value(QStringLiteral("date_information_received")),
                 QStringLiteral("2026-11-20"));

        // Adding a next action saves the answers first.
        QVERIFY(gui::addNextAction(c1044->nextActionsEditor(QStringLiteral("next_actions")),
                                   ScPanel, QStringLiteral("Assign to Me")));
        QVERIFY(!decision->isModified());

        RequestsDialog *requests = gui::openRequests(decision);
        QVERIFY(requests);
        // Her own manager is offered first.
        QVERIFY(requests->recipientCombo()->itemText(0).startsWith(QStringLiteral("Helen Marsh")));
        QVERIFY(gui::sendRequest(requests, QStringLiteral("REQUIRED ") + ReviewAndConfirm,
                                 QStringLiteral("Helen Marsh")));
        QCOMPARE(requestStatus(requests, ReviewAndConfirm), QStringLiteral("Outstanding"));
        QCOMPARE(requests->table()->item(0, RequestsDialog::RequiredColumn)->text(),
                 QStringLiteral("REQUIRED"));
        QTest::keyClick(requests, Qt::Key_Escape);
        QVERIFY(!requests->isVisible());

        // Finish is refused while the REQUIRED request is outstanding, and says so.
        gui::click(decision, decision->finishAction());
        QVERIFY2(decision->banner()->message().contains(
                     QStringLiteral("The REQUIRED request \"%1\"").arg(ReviewAndConfirm)),
                 qPrintable(decision->banner()->message()));
        QVERIFY(!c1044->field(QStringLiteral("manager_decision"))->problem().isEmpty());
        QCOMPARE(sw->titlesFor(MyWork, SentRequests, Lily),
                 QStringList{titled(ReviewAndConfirm, Decision)});
        QCOMPARE(sw->heading(MyWork, SentRequests),
                 QStringLiteral("Requests I sent (%1)").arg(sent + 1));

        gui::click(decision, decision->saveAndCloseAction());
        QCOMPARE(sw->titlesFor(MyWork, Current, Lily), (QStringList{Decision, Visit}));
        QVERIFY(sw->narrowAgrees());
    }

    // Guide page 2, the manager: Resume from the request, Decision and Required Actions, mark the
    // request Completed, finish; SC Panel goes to the social worker.
    void managerConfirmsTheNextAction()
    {
        auto manager = signIn(QStringLiteral("mgr.demo"));
        QCOMPARE(manager->window().actingRoleText(), QStringLiteral("Acting as: PS/Manager"));
        const int requestsBefore = countIn(manager->heading(MyWork, IncomingRequests));
        QCOMPARE(manager->titlesFor(MyWork, IncomingRequests, Lily),
                 QStringList{titled(ReviewAndConfirm, Decision)});

        StepEditor *decision =
            manager->open(MyWork, IncomingRequests, Lily, titled(ReviewAndConfirm, Decision));
        QVERIFY(decision);
        // Finish is not hers until the request is completed; the button says why.
        const QString why =
            QStringLiteral("Mark the request \"%1\" Completed before finishing this step.")
                .arg(ReviewAndConfirm);
        QVERIFY(!decision->finishAction()->isEnabled());
        QCOMPARE(decision->finishAction()->toolTip(), why);
        QVERIFY(decision->finishHint().contains(why));

        FormEditor *c1044 = decision->formEditor(QStringLiteral("C1044"));
        QuestionField *details = c1044->field(QStringLiteral("details_of_significant_information"));
        QVERIFY(details->isReadOnly());
        QCOMPARE(details->value(),
                 QStringLiteral("Carers exhausted; family asks for overnight short breaks."));
        QVERIFY(gui::choose(c1044, QStringLiteral("manager_decision"),
                            QStringLiteral("Agree - refer to Panel")));
        gui::type(c1044, QStringLiteral("manager_required_actions"),
                  QStringLiteral("Refer to the next CWD Resource Panel."));
        gui::type(c1044, QStringLiteral("manager_decision_date"), QStringLiteral("21/11/2026"));
        gui::click(decision, decision->saveAction());
        QVERIFY(!decision->isModified());

        RequestsDialog *requests = gui::openRequests(decision);
        QVERIFY(requests);
        QVERIFY(gui::complete(requests, ReviewAndConfirm));
        QTest::keyClick(requests, Qt::Key_Escape);
        QTRY_VERIFY(decision->isSettled()); // what Finish may do is read again off this thread
        QVERIFY(decision->finishAction()->isEnabled());
        QVERIFY(decision->finishHint().isEmpty());
        finishWithYes(decision);
        QVERIFY(manager->titlesFor(MyWork, IncomingRequests, Lily).isEmpty());
        QCOMPARE(manager->heading(MyWork, IncomingRequests),
                 QStringLiteral("Incoming requests (%1)").arg(requestsBefore - 1));
        QVERIFY(manager->narrowAgrees());
    }

    // Guide page 3, the social worker: C0824 Panel Requested, C0773 through Forms and letters,
    // and the request to authorise the panel request.
    void socialWorkerRequestsThePanel()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        QCOMPARE(sw->titlesFor(MyWork, Incoming, Lily), QStringList{ScPanel});
        QVERIFY(sw->titlesFor(MyWork, SentRequests, Lily).isEmpty());
        QCOMPARE(sw->titlesFor(MyWork, Current, Lily), QStringList{Visit});

        StepEditor *scPanel = sw->open(MyWork, Incoming, Lily, ScPanel);
        QVERIFY(scPanel);
        FormEditor *c0824 = scPanel->formEditor(QStringLiteral("C0824"));
        QVERIFY(gui::choose(c0824, QStringLiteral("panel_requested"),
                            QStringLiteral("CWD Resource Panel")));
        // Section 2 is the panel's.
        QVERIFY(c0824->nextActionsEditor(QStringLiteral("next_actions"))->isReadOnly());

        QVERIFY(gui::openThroughFormsMenu(scPanel, QStringLiteral("C0773")));
        QCOMPARE(scPanel->formTabs()->count(), 2);
        FormEditor *c0773 = scPanel->formEditor(QStringLiteral("C0773"));
        QCOMPARE(scPanel->formTabs()->currentWidget(), c0773);
        QVERIFY(c0773->field(QStringLiteral("panel_decision"))->isReadOnly());
        QVERIFY(gui::choose(c0773, QStringLiteral("services_requested"),
                            QStringLiteral("Short Term Breaks")));
        gui::type(c0773, QStringLiteral("reason_for_request"),
                  QStringLiteral("Respite so the family can keep caring at home."));
        gui::type(c0773, QStringLiteral("childs_disability_and_needs"),
                  QStringLiteral("Epilepsy and a severe learning disability."));
        gui::type(c0773, QStringLiteral("outcomes_sought"),
                  QStringLiteral("Regular overnight breaks."));
        gui::type(c0773, QStringLiteral("nights_requested"), QStringLiteral("24"));

        RequestsDialog *requests = gui::openRequests(scPanel);
        QVERIFY(gui::sendRequest(requests, AuthorisePanelRequest, QStringLiteral("Helen Marsh")));
        QTest::keyClick(requests, Qt::Key_Escape);
        gui::click(scPanel, scPanel->saveAndCloseAction());
        QCOMPARE(sw->titlesFor(MyWork, Current, Lily), (QStringList{Visit, ScPanel})); // sorted
        QCOMPARE(sw->titlesFor(MyWork, SentRequests, Lily),
                 QStringList{titled(AuthorisePanelRequest, ScPanel)});
    }

    // Guide page 3, the PS/Manager: Practice Supervisor's Views, Completed, then CS Request for
    // CWD Panel to the virtual worker.
    void managerAuthorisesAndSendsToThePanel()
    {
        auto manager = signIn(QStringLiteral("mgr.demo"));
        QCOMPARE(manager->titlesFor(MyWork, IncomingRequests, Lily),
                 QStringList{titled(AuthorisePanelRequest, ScPanel)});
        const int panelRequests = countIn(manager->heading(PanelInbox, IncomingRequests));
        StepEditor *scPanel =
            manager->open(MyWork, IncomingRequests, Lily, titled(AuthorisePanelRequest, ScPanel));
        QVERIFY(scPanel);
        FormEditor *c0773 = scPanel->formEditor(QStringLiteral("C0773"));
        QVERIFY(c0773);
        QCOMPARE(c0773->field(QStringLiteral("services_requested"))->value(),
                 QStringLiteral("Short Term Breaks"));
        scPanel->formTabs()->setCurrentWidget(c0773);
        gui::type(c0773, QStringLiteral("practice_supervisors_views"),
                  QStringLiteral("Supported: the family's needs are clear."));
        // CS Request for CWD Panel waits for her support (docs/decisions.md): until she ticks
        // it, Send Request is disabled and says why.
        RequestsDialog *early = gui::openRequests(scPanel);
        QVERIFY(early);
        QVERIFY(gui::choose(early->requestTypeCombo(), RequestForCwdPanel));
        QVERIFY(!early->sendButton()->isEnabled());
        QCOMPARE(early->sendButton()->toolTip(),
                 QStringLiteral("CS Request for CWD Panel cannot be sent: the PS/Manager has not "
                                "recorded \"Practice Supervisor supports the request\" yet."));
        QTest::keyClick(early, Qt::Key_Escape);
        QTRY_VERIFY(!scPanel->findChild<RequestsDialog *>());
        gui::answer(c0773, QStringLiteral("practice_supervisor_supports_request"), true);
        QCOMPARE(c0773->values().value(QStringLiteral("practice_supervisor_supports_request")),
                 QStringLiteral("true"));

        RequestsDialog *requests = gui::openRequests(scPanel);
        QVERIFY(gui::complete(requests, AuthorisePanelRequest));
        QVERIFY(gui::sendRequest(requests, RequestForCwdPanel, PanelInbox));
        QCOMPARE(requestStatus(requests, RequestForCwdPanel), QStringLiteral("Outstanding"));
        QTest::keyClick(requests, Qt::Key_Escape);
        gui::click(scPanel, scPanel->saveAndCloseAction());

        QVERIFY(manager->titlesFor(MyWork, IncomingRequests, Lily).isEmpty());
        QCOMPARE(manager->titlesFor(PanelInbox, IncomingRequests, Lily),
                 QStringList{titled(RequestForCwdPanel, ScPanel)});
        QCOMPARE(manager->heading(PanelInbox, IncomingRequests),
                 QStringLiteral("Incoming requests (%1)").arg(panelRequests + 1));
        QVERIFY(manager->narrowAgrees());
    }

    // Guide page 3, the Panel (the manager in her Panel role, from CS CWD – Panel): Section 2.
    // Panel Decision, CS Placement Request for the social worker, Completed, the notification,
    // finish.
    void panelRecordsItsDecision()
    {
        auto panel = signIn(QStringLiteral("mgr.demo"));
        QVERIFY(panel->actAs(QStringLiteral("Panel")));
        QCOMPARE(panel->window().actingRoleText(), QStringLiteral("Acting as: Panel"));
        StepEditor *scPanel =
            panel->open(PanelInbox, IncomingRequests, Lily, titled(RequestForCwdPanel, ScPanel));
        QVERIFY(scPanel);
        QCOMPARE(scPanel->actor().role, QStringLiteral("panel"));

        FormEditor *c0773 = scPanel->formEditor(QStringLiteral("C0773"));
        scPanel->formTabs()->setCurrentWidget(c0773);
        QVERIFY(c0773->field(QStringLiteral("practice_supervisors_views"))->isReadOnly());
        QVERIFY(!c0773->isQuestionShown(QStringLiteral("short_breaks_agreed")));
        gui::type(c0773, QStringLiteral("panel_date"), QStringLiteral("26/11/2026"));
        QVERIFY(gui::choose(c0773, QStringLiteral("panel_decision"), QStringLiteral("Agreed")));
        QVERIFY(c0773->isQuestionShown(QStringLiteral("short_breaks_agreed")));
        QVERIFY(gui::choose(c0773, QStringLiteral("short_breaks_agreed"),
                            QStringLiteral("Short Term Breaks Home")));
        gui::type(c0773, QStringLiteral("nights_agreed"), QStringLiteral("24"));
        gui::answer(c0773, QStringLiteral("direct_payments_agreed"), false);
        QVERIFY(!c0773->isQuestionShown(QStringLiteral("dp_hours_agreed")));
        gui::type(c0773, QStringLiteral("panel_reasons"),
                  QStringLiteral("Needs met by a Short Term Breaks home."));

        FormEditor *c0824 = scPanel->formEditor(QStringLiteral("C0824"));
        scPanel->formTabs()->setCurrentWidget(c0824);
        NextActionsEditor *next = c0824->nextActionsEditor(QStringLiteral("next_actions"));
        QVERIFY(!next->isReadOnly());
        QCOMPARE(next->offeredStepTypes(),
                 (QStringList{Placement, QStringLiteral("SC Social Care Purchase Request")}));
        // Issue 14, item 3: work about Lily defaults to her allocated worker, not to whoever is
        // first in the list (Aisha Bello, of the other team): the assignee is left as offered.
        QVERIFY(gui::addNextAction(next, Placement, QStringLiteral("A worker"), QString()));
        QCOMPARE(next->added().constLast().assigneeName, QStringLiteral("Sam Okafor"));

        RequestsDialog *requests = gui::openRequests(scPanel);
        QVERIFY(gui::complete(requests, RequestForCwdPanel));
        QVERIFY(gui::choose(requests->requestTypeCombo(), NotificationOfPanelDecision));
        QVERIFY2(requests->recipientCombo()->currentText().startsWith(QStringLiteral("Sam Okafor")),
                 qPrintable(requests->recipientCombo()->currentText()));
        QVERIFY(
            gui::sendRequest(requests, NotificationOfPanelDecision, QStringLiteral("Sam Okafor")));
        QTest::keyClick(requests, Qt::Key_Escape);
        finishWithYes(scPanel);
        QVERIFY(panel->titlesFor(PanelInbox, IncomingRequests, Lily).isEmpty());
        QVERIFY(panel->narrowAgrees());
    }

    // Guide page 5: the placement request, Internal, LCC CWD Short Breaks, to Haven Cottage.
    void socialWorkerSendsThePlacementRequestToHavenCottage()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        QCOMPARE(sw->titlesFor(MyWork, Incoming, Lily), QStringList{Placement});
        QCOMPARE(sw->titlesFor(MyWork, IncomingRequests, Lily),
                 QStringList{titled(NotificationOfPanelDecision, ScPanel)});
        QVERIFY(sw->titlesFor(MyWork, SentRequests, Lily).isEmpty());

        // Issue 14, item 4: the notification read, the worker clears it from the tray (Ctrl+E),
        // though SC Panel has finished.
        WorkviewTree *tree = sw->window().fullWorkview()->tree();
        const QModelIndex notices = sw->categoryIndex(MyWork, IncomingRequests);
        const QModelIndex notice = tree->model()->index(0, WorkviewModel::TitleColumn, notices);
        tree->scrollTo(notice);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(notice).center());
        QCOMPARE(tree->selectedWork().size(), 1);
        WorkviewActions *actions = sw->window().findChild<WorkOpener *>()->workviewActions();
        QVERIFY(actions->clearNoticeAction()->isEnabled());
        QApplication::setActiveWindow(&sw->window());
        QVERIFY(QTest::qWaitForWindowActive(&sw->window()));
        tree->setFocus(Qt::OtherFocusReason);
        QSignalSpy reported(actions, &WorkviewActions::reported);
        QTest::keyClick(tree, Qt::Key_E, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(reported.count(), 1, 10000);
        QCOMPARE(sw->window().fullWorkview()->report()->message(), QStringLiteral("1 cleared"));
        QTRY_VERIFY_WITH_TIMEOUT(sw->titlesFor(MyWork, IncomingRequests, Lily).isEmpty(), 10000);

        StepEditor *placement = sw->open(MyWork, Incoming, Lily, Placement);
        QVERIFY(placement);
        FormEditor *form = placement->formEditor(QStringLiteral("CS-PLACEMENT"));
        NextActionsEditor *next = form->nextActionsEditor(QStringLiteral("next_actions"));
        QVERIFY(next->offeredStepTypes().isEmpty()); // nothing until the type is chosen

        QVERIFY(gui::choose(form, QStringLiteral("child_in_care_request"), QStringLiteral("No")));
        gui::tick(form, QStringLiteral("checked_and_completed_by"));
        QCOMPARE(form->values().value(QStringLiteral("checked_and_completed_by")),
                 QStringLiteral("Sam Okafor"));
        QVERIFY(!form->isQuestionShown(QStringLiteral("internal_placement_type")));
        QVERIFY(gui::choose(form, QStringLiteral("placement_request_type"),
                            QStringLiteral("Internal")));
        QVERIFY(form->isQuestionShown(QStringLiteral("internal_placement_type")));
        QVERIFY(!form->isQuestionShown(QStringLiteral("external_placement_type")));
        QVERIFY(gui::choose(form, QStringLiteral("internal_placement_type"),
                            QStringLiteral("LCC CWD Short Breaks")));
        QCOMPARE(next->offeredStepTypes(), QStringList{HomePlacement});
        // Issue 14, item 6: what the Panel decided is carried, read-only, not typed again.
        for (const char *carried : {"date_agreed_at_panel", "nights_agreed_per_year"}) {
            QuestionField *field = form->field(QString::fromLatin1(carried));
            QVERIFY2(field->isReadOnly(), carried);
            QVERIFY2(field->editor()->accessibleDescription().contains(
                         QStringLiteral("Decided in SC Panel; it cannot be changed here.")),
                     qPrintable(field->editor()->accessibleDescription()));
        }
        QCOMPARE(form->values().value(QStringLiteral("date_agreed_at_panel")),
                 QStringLiteral("2026-11-26"));
        QCOMPARE(form->values().value(QStringLiteral("nights_agreed_per_year")),
                 QStringLiteral("24"));
        gui::type(form, QStringLiteral("date_required_from"), QStringLiteral("04/01/2027"));
        gui::type(form, QStringLiteral("reason_for_request"),
                  QStringLiteral("Short breaks agreed at panel."));
        gui::type(form, QStringLiteral("communication_needs"), QStringLiteral("Uses Makaton."));
        gui::type(form, QStringLiteral("mobility_and_personal_care"),
                  QStringLiteral("Needs two carers for personal care."));
        gui::type(form, QStringLiteral("health_and_medication"),
                  QStringLiteral("Epilepsy care plan."));
        QVERIFY(
            gui::choose(form, QStringLiteral("preferred_home"), QStringLiteral("Haven Cottage")));

        QVERIFY(gui::addNextAction(next, HomePlacement, QStringLiteral("A virtual worker"),
                                   QStringLiteral("Haven Cottage")));
        finishWithYes(placement);
        QVERIFY(sw->titlesFor(MyWork, Incoming, Lily).isEmpty());
        QCOMPARE(sw->titlesFor(MyWork, Current, Lily), QStringList{Visit});
    }

    // The request reaches Haven Cottage's inbox (and not Strut House's); a member takes it.
    void havenCottageReceivesThePlacementRequest()
    {
        {
            auto strut = signIn(QStringLiteral("home.strut"));
            QVERIFY(strut->titlesFor(QStringLiteral("Strut House"), Incoming, Lily).isEmpty());
        }
        auto home = signIn(QStringLiteral("home.haven"));
        QCOMPARE(home->titlesFor(QStringLiteral("Haven Cottage"), Incoming, Lily),
                 QStringList{HomePlacement});
        StepEditor *received =
            home->open(QStringLiteral("Haven Cottage"), Incoming, Lily, HomePlacement);
        QVERIFY(received);
        QVERIFY(home->titlesFor(QStringLiteral("Haven Cottage"), Incoming, Lily).isEmpty());
        QCOMPARE(home->titlesFor(MyWork, Current, Lily), QStringList{HomePlacement});

        FormEditor *response = received->formEditor(QStringLiteral("CS-PLACEMENT-RESPONSE"));
        QVERIFY(response);
        QVERIFY(gui::choose(response, QStringLiteral("placement_decision"),
                            QStringLiteral("Accepted")));
        gui::type(response, QStringLiteral("placement_start_date"), QStringLiteral("08/01/2027"));
        finishWithYes(received);
        QVERIFY(home->titlesFor(MyWork, Current, Lily).isEmpty());
        QVERIFY(home->narrowAgrees());
    }
};

QTEST_MAIN(TestShortTermBreaksGui)
#include "tst_shorttermbreaksgui.moc"
