// The form editors and the requests dialog, driven as a user would: real widgets, real engine,
// a fresh SQLite database per test.

#include "common/directory.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "forms/conflictdialog.h"
#include "forms/formeditor.h"
#include "forms/nextactionseditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "requests/requestsdialog.h"
#include "stepwait.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QToolBar>
#include <memory>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString SocialWorker = QStringLiteral("social_worker");
const QString Manager = QStringLiteral("ps_manager");
const QString PurchaseRequest = QStringLiteral("SC Social Care Purchase Request");
const QString ReviewPurchase = QStringLiteral("CS Please review purchase request and authorise");

// An invented authority: a team, a social worker and their manager, a panel member, a Direct
// Payments officer, every virtual worker of the definitions, and one child.
struct Authority
{
    explicit Authority(Database &db)
        : engine(db, DefinitionRegistry::shared()), directory(db, DefinitionRegistry::shared()),
          m_db(db)
    {
        teamId = db.insert(QStringLiteral("INSERT INTO teams (name) VALUES (?) RETURNING id"),
                           {QStringLiteral("Children with Disabilities Team")});
        for (const VirtualWorkerDefinition &definition :
             DefinitionRegistry::shared().virtualWorkers())
            virtualWorkers.insert(
                definition.code,
                db.insert(
                    QStringLiteral(
                        "INSERT INTO virtual_workers (code, name) VALUES (?, ?) RETURNING id"),
                    {definition.code, definition.name}));
        managerId = addWorker(QStringLiteral("mgr"), QStringLiteral("Morgan Manager"), {Manager});
        socialWorkerId =
            addWorker(QStringLiteral("sw"), QStringLiteral("Sam Socialworker"), {SocialWorker});
        db.exec(QStringLiteral("UPDATE workers SET manager_id = ? WHERE id = ?"),
                {managerId, socialWorkerId});
        panelId = addWorker(QStringLiteral("panel"), QStringLiteral("Pat Panel"),
                            {QStringLiteral("panel")});
        dpOfficerId = addWorker(QStringLiteral("dpo"), QStringLiteral("Dee Payments"),
                                {QStringLiteral("dp_officer")});
        addMember(QStringLiteral("cs-cwd-panel"), panelId);
        addMember(QStringLiteral("direct-payments-inbox"), dpOfficerId);
        childId = db.insert(
            QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, is_child, "
                           "allocated_worker_id, team_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
            {QStringLiteral("TEST-0001"), QStringLiteral("Ava"), QStringLiteral("Example"), true,
             socialWorkerId, teamId});
    }

    qint64 addWorker(const QString &username, const QString &name, const QStringList &roles)
    {
        const qint64 id = m_db.insert(
            QStringLiteral("INSERT INTO workers (username, display_name, team_id) VALUES (?, ?, "
                           "?) RETURNING id"),
            {username, name, teamId});
        for (const QString &role : roles)
            m_db.exec(QStringLiteral("INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)"),
                      {id, role});
        return id;
    }

    void addMember(const QString &code, qint64 workerId)
    {
        m_db.exec(QStringLiteral("INSERT INTO virtual_worker_members (virtual_worker_id, "
                                 "worker_id) VALUES (?, ?)"),
                  {virtualWorkers.value(code), workerId});
    }

    Actor sw() const { return Actor{socialWorkerId, SocialWorker}; }
    Actor manager() const { return Actor{managerId, Manager}; }
    Actor panel() const { return Actor{panelId, QStringLiteral("panel")}; }

    // A step of `stepType` for the child, assigned to and started by the social worker.
    qint64 startedStep(const QString &stepType)
    {
        Status status = Status::ok();
        const qint64 id = engine.createStep(childId, stepType, Assignee::me(), sw(), &status);
        if (id <= 0 || !status)
            qFatal("createStep failed: %s", qPrintable(status.message()));
        const Status started = engine.startStep(id, sw());
        if (!started)
            qFatal("startStep failed: %s", qPrintable(started.message()));
        return id;
    }

    WorkflowEngine engine;
    Directory directory;
    QHash<QString, qint64> virtualWorkers;
    qint64 teamId = 0;
    qint64 managerId = 0;
    qint64 socialWorkerId = 0;
    qint64 panelId = 0;
    qint64 dpOfficerId = 0;
    qint64 childId = 0;

private:
    Database &m_db;
};

template <typename T> T *editorOf(FormEditor *form, const QString &questionId)
{
    QuestionField *field = form->field(questionId);
    if (!field)
        qFatal("no question %s", qPrintable(questionId));
    auto *editor = qobject_cast<T *>(field->editor());
    if (!editor)
        qFatal("question %s has another kind of editor", qPrintable(questionId));
    return editor;
}

QAbstractButton *buttonFor(StepEditor &editor, QAction *action)
{
    auto *toolbar = editor.findChild<QToolBar *>(QStringLiteral("stepToolbar"));
    return qobject_cast<QAbstractButton *>(toolbar->widgetForAction(action));
}

// Selects a choice the way a keyboard user does: focus the combo box and type its start.
void chooseByTyping(QComboBox *combo, const QString &start)
{
    combo->setFocus();
    QTest::keyClicks(combo, start);
}

bool isHighlighted(QTableWidget *table, int row)
{
    const QTableWidgetItem *item = table->item(row, RequestsDialog::StatusColumn);
    return item->foreground().color() == QColor(QLatin1String(Style::ErrorText)) &&
           item->background().color() == QColor(QLatin1String(Style::ErrorBackground));
}

} // namespace

class TestFormEditor : public QObject
{
    Q_OBJECT

private slots:
    void init() { MessageBox::setNextAnswer(QMessageBox::NoButton); }

    void directPaymentRevealsSection7();
    void questionWidgetsFollowTheirTypes();
    void managerPartsAreReadOnlyForTheSocialWorker();
    void finishWithMissingAnswerShowsItNextToTheField();
    void saveThenReopenShowsSavedAnswers();
    void conflictingSaveKeepsWhatWasTyped();
    void disabledActionsSayWhy();
    void nextActionsAddedThroughTheEngine();
    void sendImmediatelyAndAssignToMe();
    void formsAndLettersOpensASecondTab();
    void managerAuthorisesAndFinishes();
    void closingWithUnsavedChangesAsks();
    void requestsDialogSendAndHighlight();
    void decliningNeedsAReason();
    void screenshots();
};

void TestFormEditor::directPaymentRevealsSection7()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);

    FormEditor form(authority.engine, authority.directory,
                    authority.engine.snapshot(stepId, authority.sw()), QStringLiteral("C1300"),
                    authority.sw());
    form.resize(1000, 800);
    form.show();
    form.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&form));

    QListWidget *sections = form.sectionList();
    QCOMPARE(sections->item(0)->text(), QStringLiteral("1. Purchase Request Details"));
    QListWidgetItem *section7 = nullptr;
    for (int i = 0; i < sections->count(); ++i) {
        if (sections->item(i)->text() == QStringLiteral("7. Direct Payment"))
            section7 = sections->item(i);
    }
    QVERIFY(section7);
    QVERIFY(!form.isSectionShown(QStringLiteral("direct_payment")));
    QVERIFY(section7->isHidden());
    QVERIFY(!form.sectionWidget(QStringLiteral("direct_payment"))->isVisible());
    QVERIFY(!form.isModified());

    QSignalSpy modified(&form, &FormEditor::modifiedChanged);
    auto *type = editorOf<QComboBox>(&form, QStringLiteral("required_purchase_type"));
    QCOMPARE(type->itemText(0), QString()); // an empty first entry: nothing chosen yet
    // Tab follows the form: from the first question to the second, and out of a text box.
    type->setFocus();
    QTest::keyClick(type, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(),
             form.field(QStringLiteral("reason_for_purchase"))->editor());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), form.field(QStringLiteral("assessed_needs"))->editor());
    chooseByTyping(type, QStringLiteral("Direct"));
    QCOMPARE(type->currentText(), QStringLiteral("Direct Payment"));
    QVERIFY(form.isSectionShown(QStringLiteral("direct_payment")));
    QVERIFY(form.sectionWidget(QStringLiteral("direct_payment"))->isVisible());
    QVERIFY(!section7->isHidden());
    QVERIFY(!form.isSectionShown(QStringLiteral("service_details")));
    QVERIFY(form.isModified());
    QCOMPARE(modified.count(), 1);
    QCOMPARE(form.values().value(QStringLiteral("required_purchase_type")),
             QStringLiteral("Direct Payment"));
    // The next action the answer allows is offered at once, before saving.
    QCOMPARE(form.nextActionsEditor(QStringLiteral("next_actions"))->offeredStepTypes(),
             QStringList{QStringLiteral("CS Childrens Direct Payment Setup")});

    QTest::keyClick(type, Qt::Key_Down);
    QCOMPARE(type->currentText(), QStringLiteral("Residential Placement"));
    QVERIFY(!form.isSectionShown(QStringLiteral("direct_payment")));
    QVERIFY(!form.sectionWidget(QStringLiteral("direct_payment"))->isVisible());
    QVERIFY(section7->isHidden());
    QVERIFY(form.isSectionShown(QStringLiteral("service_details")));
    QVERIFY(form.nextActionsEditor(QStringLiteral("next_actions"))->offeredStepTypes().isEmpty());

    // A question with its own condition appears and disappears too.
    auto *funding = editorOf<QComboBox>(&form, QStringLiteral("funding_source"));
    QVERIFY(!form.isQuestionShown(QStringLiteral("joint_funding_details")));
    chooseByTyping(funding, QStringLiteral("Jointly"));
    QVERIFY(form.isQuestionShown(QStringLiteral("joint_funding_details")));
    QVERIFY(form.field(QStringLiteral("joint_funding_details"))->isVisible());
}

void TestFormEditor::questionWidgetsFollowTheirTypes()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(QStringLiteral("Child in Need Visit"));
    FormEditor form(authority.engine, authority.directory,
                    authority.engine.snapshot(stepId, authority.sw()), QStringLiteral("CS-VISIT"),
                    authority.sw());
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));

    QVERIFY(qobject_cast<QLineEdit *>(form.field(QStringLiteral("visit_date"))->editor()));
    QVERIFY(qobject_cast<QComboBox *>(form.field(QStringLiteral("visit_type"))->editor()));
    QVERIFY(qobject_cast<QLineEdit *>(form.field(QStringLiteral("present_at_visit"))->editor()));
    QVERIFY(qobject_cast<QPlainTextEdit *>(form.field(QStringLiteral("observations"))->editor()));

    // Accessible names are the question labels; mandatory questions say so.
    QWidget *observations = form.field(QStringLiteral("observations"))->editor();
    QCOMPARE(observations->accessibleName(), QStringLiteral("Observations"));
    QVERIFY(observations->accessibleDescription().contains(QStringLiteral("mandatory")));
    QVERIFY(!form.field(QStringLiteral("childs_views"))
                 ->editor()
                 ->accessibleDescription()
                 .contains(QStringLiteral("mandatory")));
    auto *label = form.field(QStringLiteral("observations"))->findChild<QLabel *>();
    QVERIFY(label->text().contains(QLatin1Char('*')));
    QCOMPARE(label->buddy(), observations);

    // Yes/No: unanswered until chosen, and "No" reveals its follow-up question.
    QuestionField *seen = form.field(QStringLiteral("child_seen"));
    QCOMPARE(seen->value(), QString());
    QVERIFY(!form.isQuestionShown(QStringLiteral("reason_not_seen")));
    QTest::mouseClick(seen->findChild<QRadioButton *>(QStringLiteral("no")), Qt::LeftButton);
    QCOMPARE(seen->value(), QStringLiteral("false"));
    QVERIFY(form.isQuestionShown(QStringLiteral("reason_not_seen")));
    QVERIFY(!form.isQuestionShown(QStringLiteral("child_seen_alone")));
    QTest::mouseClick(seen->findChild<QRadioButton *>(QStringLiteral("yes")), Qt::LeftButton);
    QCOMPARE(seen->value(), QStringLiteral("true"));
    QVERIFY(!form.isQuestionShown(QStringLiteral("reason_not_seen")));
    QVERIFY(form.isQuestionShown(QStringLiteral("child_seen_alone")));

    // Dates are typed dd/mm/yyyy and kept as ISO; a date that does not exist is pointed out.
    auto *date = editorOf<QLineEdit>(&form, QStringLiteral("visit_date"));
    date->setFocus();
    QTest::keyClicks(date, QStringLiteral("5/3/2026"));
    QCOMPARE(form.values().value(QStringLiteral("visit_date")), QStringLiteral("2026-03-05"));
    date->clear();
    QTest::keyClicks(date, QStringLiteral("31/02/2026"));
    QTest::keyClick(date, Qt::Key_Tab);
    QVERIFY(form.field(QStringLiteral("visit_date"))
                ->problem()
                .contains(QStringLiteral("must be a date")));
    // Letters cannot be typed into a date.
    date->clear();
    QTest::keyClicks(date, QStringLiteral("ab12"));
    QCOMPARE(date->text(), QStringLiteral("12"));

    // The next actions of this form allow "Send Immediately" and "Assign to Me".
    NextActionsEditor *next = form.nextActionsEditor(QStringLiteral("next_actions"));
    QVERIFY(next);
    auto *kind = next->findChild<QComboBox *>(QStringLiteral("assigneeKind"));
    QCOMPARE(kind->itemText(0), QStringLiteral("Assign to Me"));
    QVERIFY(next->findChild<QCheckBox *>(QStringLiteral("sendImmediately"))->isVisible());
}

void TestFormEditor::managerPartsAreReadOnlyForTheSocialWorker()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);

    FormEditor asWorker(authority.engine, authority.directory,
                        authority.engine.snapshot(stepId, authority.sw()), QStringLiteral("C1300"),
                        authority.sw());
    asWorker.show();
    QVERIFY(QTest::qWaitForWindowExposed(&asWorker));
    // Section 9 is the PS/Manager's: shown, read-only, and saying whose it is.
    QVERIFY(asWorker.isSectionShown(QStringLiteral("authorisation")));
    auto *decision = editorOf<QComboBox>(&asWorker, QStringLiteral("authorisation_decision"));
    QVERIFY(!decision->isEnabled());
    auto *comments = editorOf<QPlainTextEdit>(&asWorker, QStringLiteral("authorisation_comments"));
    QVERIFY(comments->isReadOnly());
    QTest::keyClicks(comments, QStringLiteral("typed by the wrong person"));
    QCOMPARE(comments->toPlainText(), QString());
    auto *note = asWorker.sectionWidget(QStringLiteral("authorisation"))
                     ->findChild<QLabel *>(QStringLiteral("ownerNote"));
    QVERIFY(note->isVisible());
    QCOMPARE(note->text(), QStringLiteral("Completed by the PS/Manager"));
    // Their own questions stay editable, and the read-only ones are never sent to be saved.
    QVERIFY(
        !editorOf<QPlainTextEdit>(&asWorker, QStringLiteral("reason_for_purchase"))->isReadOnly());
    QVERIFY(editorOf<QComboBox>(&asWorker, QStringLiteral("required_purchase_type"))->isEnabled());

    // A question owned by another role inside the worker's own section says so itself (C1044).
    const qint64 decisionStep = authority.startedStep(
        QStringLiteral("CS Decision on Significant Information (Open SC Case)"));
    FormEditor c1044(authority.engine, authority.directory,
                     authority.engine.snapshot(decisionStep, authority.sw()),
                     QStringLiteral("C1044"), authority.sw());
    c1044.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c1044));
    QuestionField *managerDecision = c1044.field(QStringLiteral("manager_decision"));
    QVERIFY(managerDecision->isReadOnly());
    QVERIFY(!managerDecision->editor()->isEnabled());
    bool noted = false;
    for (QLabel *label : managerDecision->findChildren<QLabel *>())
        noted = noted || (label->isVisible() &&
                          label->text() == QStringLiteral("Completed by the PS/Manager"));
    QVERIFY(noted);
    QVERIFY(managerDecision->editor()->accessibleDescription().contains(
        QStringLiteral("Completed by the PS/Manager")));
    QVERIFY(!c1044.field(QStringLiteral("details_of_significant_information"))->isReadOnly());

    // The other way round for the manager, once a request about the step is sent to them.
    Status sent = Status::ok();
    authority.engine.sendRequest(
        decisionStep, QStringLiteral("CS Manager: Please review and confirm next action"),
        Assignee::worker(authority.managerId), authority.sw(), QString(), &sent);
    QVERIFY2(sent.isOk(), qPrintable(sent.message()));
    FormEditor asManager(authority.engine, authority.directory,
                         authority.engine.snapshot(decisionStep, authority.manager()),
                         QStringLiteral("C1044"), authority.manager());
    QVERIFY(!asManager.isReadOnly());
    QVERIFY(!asManager.field(QStringLiteral("manager_decision"))->isReadOnly());
    QVERIFY(asManager.field(QStringLiteral("details_of_significant_information"))->isReadOnly());
}

void TestFormEditor::finishWithMissingAnswerShowsItNextToTheField()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);
    StepEditor editor(authority.engine, authority.directory,
                      authority.engine.snapshot(stepId, authority.sw()), authority.sw());
    editor.resize(1100, 800);
    editor.show();
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    FormEditor *form = editor.formEditor(QStringLiteral("C1300"));
    QVERIFY(form);

    auto *reason = editorOf<QPlainTextEdit>(form, QStringLiteral("reason_for_purchase"));
    reason->setFocus();
    QTest::keyClicks(reason, QStringLiteral("Agreed at panel alongside short breaks"));
    QVERIFY(editor.isModified());

    Status sent = Status::ok();
    authority.engine.sendRequest(stepId, ReviewPurchase, Assignee::worker(authority.managerId),
                                 authority.sw(), QString(), &sent);
    QVERIFY(sent.isOk());

    const int asked = MessageBox::callCount();
    QAbstractButton *finish = buttonFor(editor, editor.finishAction());
    QVERIFY(finish->isEnabled());
    QTest::mouseClick(finish, Qt::LeftButton);

    // Not finished; the missing answer is pointed out under its question, in red.
    QCOMPARE(authority.engine.step(stepId).status, StepStatus::Started);
    QuestionField *type = form->field(QStringLiteral("required_purchase_type"));
    QVERIFY(type->problem().contains(QStringLiteral("Required Purchase Type")));
    QVERIFY(type->problem().contains(QStringLiteral("needs an answer")));
    auto *problemLabel = type->findChild<InlineMessage *>();
    QVERIFY(problemLabel->isVisible());
    QCOMPARE(problemLabel->text(), type->problem());
    QVERIFY(problemLabel->styleSheet().contains(QLatin1String(Style::ErrorText)));
    QVERIFY(form->field(QStringLiteral("reason_for_purchase"))->problem().isEmpty());
    // The section is marked in the section list too, and the banner says what happened.
    QCOMPARE(form->sectionList()->item(0)->foreground().color(),
             QColor(QLatin1String(Style::ErrorText)));
    QVERIFY(editor.banner()->isVisible());
    QCOMPARE(editor.banner()->kind(), InlineMessage::Kind::Error);
    // The outstanding REQUIRED request belongs to no field: the banner lists it.
    QVERIFY(editor.banner()->message().contains(
        QStringLiteral("The REQUIRED request \"%1\"").arg(ReviewPurchase)));
    QVERIFY(!editor.banner()->message().contains(QStringLiteral("Required Purchase Type")));
    // What was typed is still there (and was saved on the way).
    QCOMPARE(reason->toPlainText(), QStringLiteral("Agreed at panel alongside short breaks"));
    QCOMPARE(authority.engine.answers(stepId, QStringLiteral("C1300"))
                 .value(QStringLiteral("reason_for_purchase"))
                 .value,
             QStringLiteral("Agreed at panel alongside short breaks"));
    // Nothing was asked: there was nothing to confirm.
    QCOMPARE(MessageBox::callCount(), asked);

    // Answering and saving clears the problem.
    chooseByTyping(editorOf<QComboBox>(form, QStringLiteral("required_purchase_type")),
                   QStringLiteral("Equip"));
    QTest::keyClick(reason, Qt::Key_S, Qt::ControlModifier);
    QVERIFY(type->problem().isEmpty());
    QVERIFY(!problemLabel->isVisible());
    QCOMPARE(editor.banner()->kind(), InlineMessage::Kind::Success);
}

void TestFormEditor::saveThenReopenShowsSavedAnswers()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);
    {
        StepEditor editor(authority.engine, authority.directory,
                          authority.engine.snapshot(stepId, authority.sw()), authority.sw());
        editor.show();
        editor.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        QSignalSpy saved(&editor, &StepEditor::saved);
        FormEditor *form = editor.formEditor(QStringLiteral("C1300"));
        chooseByTyping(editorOf<QComboBox>(form, QStringLiteral("required_purchase_type")),
                       QStringLiteral("Direct"));
        auto *paidTo = editorOf<QLineEdit>(form, QStringLiteral("dp_paid_to"));
        paidTo->setFocus();
        QTest::keyClicks(paidTo, QStringLiteral("Parent"));
        auto *hours = editorOf<QLineEdit>(form, QStringLiteral("dp_hours_per_week"));
        hours->setFocus();
        QTest::keyClicks(hours, QStringLiteral("6.5x"));
        QCOMPARE(hours->text(), QStringLiteral("6.5")); // the validator refuses letters
        auto *start = editorOf<QLineEdit>(form, QStringLiteral("dp_start_date"));
        start->setFocus();
        QTest::keyClicks(start, QStringLiteral("23/11/2026"));
        auto *purpose = editorOf<QPlainTextEdit>(form, QStringLiteral("dp_purpose"));
        purpose->setFocus();
        QTest::keyClicks(purpose, QStringLiteral("Community activities"));
        QVERIFY(editor.isModified());
        QVERIFY(editor.formTabs()->tabText(0).endsWith(QStringLiteral(" *")));

        QTest::keyClick(purpose, Qt::Key_S, Qt::ControlModifier); // Ctrl+S from inside a field
        QCOMPARE(saved.count(), 1);
        QVERIFY(!editor.isModified());
        QVERIFY(!editor.formTabs()->tabText(0).endsWith(QStringLiteral(" *")));
        const QHash<QString, AnswerRecord> stored =
            authority.engine.answers(stepId, QStringLiteral("C1300"));
        QCOMPARE(stored.value(QStringLiteral("dp_start_date")).value, QStringLiteral("2026-11-23"));
        QCOMPARE(stored.value(QStringLiteral("dp_hours_per_week")).value, QStringLiteral("6.5"));
        QCOMPARE(stored.value(QStringLiteral("dp_paid_to")).savedAsRole, SocialWorker);
        // Questions left empty, and the manager's, were not written.
        QVERIFY(!stored.contains(QStringLiteral("authorisation_decision")));
        QVERIFY(!stored.contains(QStringLiteral("review_notes")));
    }
    StepEditor reopened(authority.engine, authority.directory,
                        authority.engine.snapshot(stepId, authority.sw()), authority.sw());
    FormEditor *form = reopened.formEditor(QStringLiteral("C1300"));
    QCOMPARE(editorOf<QComboBox>(form, QStringLiteral("required_purchase_type"))->currentText(),
             QStringLiteral("Direct Payment"));
    QVERIFY(form->isSectionShown(QStringLiteral("direct_payment")));
    QCOMPARE(editorOf<QLineEdit>(form, QStringLiteral("dp_paid_to"))->text(),
             QStringLiteral("Parent"));
    QCOMPARE(editorOf<QLineEdit>(form, QStringLiteral("dp_start_date"))->text(),
             QStringLiteral("23/11/2026"));
    QCOMPARE(editorOf<QPlainTextEdit>(form, QStringLiteral("dp_purpose"))->toPlainText(),
             QStringLiteral("Community activities"));
    QVERIFY(!reopened.isModified());
    QVERIFY(form->changedValues().isEmpty());
}

void TestFormEditor::conflictingSaveKeepsWhatWasTyped()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);
    StepEditor editor(authority.engine, authority.directory,
                      authority.engine.snapshot(stepId, authority.sw()), authority.sw());
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));

    // Someone else saves the step after this editor opened it.
    QVERIFY(authority.engine
                .saveAnswers(stepId, QStringLiteral("C1300"),
                             {{QStringLiteral("childs_views"), QStringLiteral("Theirs")}},
                             authority.sw())
                .isOk());

    FormEditor *form = editor.formEditor(QStringLiteral("C1300"));
    auto *reason = editorOf<QPlainTextEdit>(form, QStringLiteral("reason_for_purchase"));
    reason->setFocus();
    QTest::keyClicks(reason, QStringLiteral("Mine"));
    auto *views = editorOf<QPlainTextEdit>(form, QStringLiteral("childs_views"));
    views->setFocus();
    QTest::keyClicks(views, QStringLiteral("Mine too"));

    // The conflict dialog lists field by field what changed on each side; "Not now" changes
    // nothing on screen.
    QStringList listed;
    bool choiceOffered = false;
    ConflictDialog::setNextResponder([&](ConflictDialog &dialog) {
        for (const AnswerConflict &conflict : dialog.conflicts())
            listed << conflict.questionId + QLatin1Char(':') + conflict.theirs + QLatin1Char('|') +
                          conflict.mine;
        choiceOffered = dialog.choiceFor(QStringLiteral("childs_views")) != nullptr &&
                        !dialog.choiceFor(QStringLiteral("reason_for_purchase"));
        return int(QDialog::Rejected);
    });
    QVERIFY(!saveAndWait(&editor));
    QCOMPARE(listed, (QStringList{QStringLiteral("reason_for_purchase:|Mine"),
                                  QStringLiteral("childs_views:Theirs|Mine too")}));
    QVERIFY(choiceOffered);
    QCOMPARE(editor.banner()->kind(), InlineMessage::Kind::Error);
    QVERIFY(editor.banner()->message().contains(QStringLiteral("Someone else saved")));
    QCOMPARE(reason->toPlainText(), QStringLiteral("Mine"));
    QCOMPARE(views->toPlainText(), QStringLiteral("Mine too"));
    QVERIFY(editor.isModified());
    QVERIFY(!authority.engine.answers(stepId, QStringLiteral("C1300"))
                 .contains(QStringLiteral("reason_for_purchase")));

    // Merging: where both changed an answer the worker keeps theirs; their own other answer stays
    // on screen, unsaved, and the next save goes through without overwriting anything unseen.
    ConflictDialog::setNextResponder([](ConflictDialog &dialog) {
        dialog.choiceFor(QStringLiteral("childs_views"))->setCurrentIndex(1); // Theirs
        return int(QDialog::Accepted);
    });
    QVERIFY(!saveAndWait(&editor));
    QCOMPARE(editor.banner()->kind(), InlineMessage::Kind::Warning);
    QVERIFY(editor.banner()->message().startsWith(QStringLiteral("Merged")));
    QCOMPARE(views->toPlainText(), QStringLiteral("Theirs"));
    QCOMPARE(reason->toPlainText(), QStringLiteral("Mine"));
    QVERIFY(editor.isModified());
    QVERIFY(saveAndWait(&editor));
    const auto saved = authority.engine.answers(stepId, QStringLiteral("C1300"));
    QCOMPARE(saved.value(QStringLiteral("reason_for_purchase")).value, QStringLiteral("Mine"));
    QCOMPARE(saved.value(QStringLiteral("childs_views")).value, QStringLiteral("Theirs"));
    QCOMPARE(saved.value(QStringLiteral("childs_views")).version, 1);
    reason->moveCursor(QTextCursor::End);
    QTest::keyClicks(reason, QStringLiteral(" again"));

    // Saves can be routed elsewhere (a journal); a connection that is down keeps what was typed.
    QStringList routed;
    editor.setSaver([&routed](qint64, const QString &formCode,
                              const QHash<QString, QString> &answers, const Actor &, int) {
        routed << formCode + QLatin1Char('=') +
                      answers.value(QStringLiteral("reason_for_purchase"));
        return QtFuture::makeReadyFuture(
            SaveOutcome{Status::failure(QStringLiteral("Kept on this computer."),
                                        Status::Code::ServerUnreachable),
                        {}});
    });
    QVERIFY(!saveAndWait(&editor));
    QCOMPARE(routed, QStringList{QStringLiteral("C1300=Mine again")});
    QCOMPARE(editor.banner()->kind(), InlineMessage::Kind::Warning);
    QCOMPARE(editor.banner()->message(), QStringLiteral("Kept on this computer."));
    QVERIFY(editor.isModified());
}

void TestFormEditor::disabledActionsSayWhy()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);

    // The manager has no request about the step: nothing is theirs to do.
    {
        StepEditor editor(authority.engine, authority.directory,
                          authority.engine.snapshot(stepId, authority.manager()),
                          authority.manager());
        const QString why = authority.engine.whyCannotEdit(stepId, authority.manager());
        QVERIFY(!why.isEmpty());
        QVERIFY(!editor.saveAction()->isEnabled());
        QCOMPARE(editor.saveAction()->toolTip(), why);
        QVERIFY(!editor.finishAction()->isEnabled());
        QVERIFY(editor.formEditor(QStringLiteral("C1300"))->isReadOnly());
        QCOMPARE(editor.finishHint(), why);
    }

    // With a REQUIRED request outstanding, the manager may record but not yet finish.
    Status sent = Status::ok();
    authority.engine.sendRequest(stepId, ReviewPurchase, Assignee::worker(authority.managerId),
                                 authority.sw(), QString(), &sent);
    QVERIFY(sent.isOk());
    StepEditor editor(authority.engine, authority.directory,
                      authority.engine.snapshot(stepId, authority.manager()), authority.manager());
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    const QString whyNotFinish = authority.engine.whyCannotFinish(stepId, authority.manager());
    QVERIFY(!whyNotFinish.isEmpty());
    QVERIFY(editor.saveAction()->isEnabled());
    QVERIFY(!editor.finishAction()->isEnabled());
    QCOMPARE(editor.finishAction()->toolTip(), whyNotFinish);
    QVERIFY(editor.finishHint().contains(whyNotFinish));
    QVERIFY(editor.findChild<QLabel *>(QStringLiteral("finishHint"))->isVisible());

    // A finished step is read-only throughout.
    const qint64 visit = authority.startedStep(QStringLiteral("Child in Need Visit"));
    QVERIFY(authority.engine
                .saveAnswers(visit, QStringLiteral("CS-VISIT"),
                             {{QStringLiteral("visit_date"), QStringLiteral("2026-11-20")},
                              {QStringLiteral("visit_type"), QStringLiteral("Announced")},
                              {QStringLiteral("child_seen"), QStringLiteral("true")},
                              {QStringLiteral("observations"), QStringLiteral("Settled")}},
                             authority.sw())
                .isOk());
    QList<Problem> problems;
    const Status finished = authority.engine.finishStep(visit, authority.sw(), &problems);
    QVERIFY2(finished.isOk(), qPrintable(finished.message()));
    StepEditor done(authority.engine, authority.directory,
                    authority.engine.snapshot(visit, authority.sw()), authority.sw());
    FormEditor *form = done.formEditor(QStringLiteral("CS-VISIT"));
    QVERIFY(form->isReadOnly());
    QVERIFY(form->field(QStringLiteral("observations"))->isReadOnly());
    QVERIFY(!form->field(QStringLiteral("visit_type"))->editor()->isEnabled());
    QVERIFY(form->nextActionsEditor(QStringLiteral("next_actions"))->isReadOnly());
    QVERIFY(!done.saveAction()->isEnabled());
    QVERIFY(!done.finishAction()->isEnabled());
    QVERIFY(done.saveAction()->toolTip().contains(QStringLiteral("finished")));
    QVERIFY(form->changedValues().isEmpty());
}

void TestFormEditor::nextActionsAddedThroughTheEngine()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);
    StepEditor editor(authority.engine, authority.directory,
                      authority.engine.snapshot(stepId, authority.sw()), authority.sw());
    editor.resize(1100, 900);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    FormEditor *form = editor.formEditor(QStringLiteral("C1300"));
    NextActionsEditor *next = form->nextActionsEditor(QStringLiteral("next_actions"));
    QVERIFY(next);
    QVERIFY(next->offeredStepTypes().isEmpty());

    // Not yet saved: choosing Direct Payment offers the setup step, and adding it saves first
    // (the engine checks next actions against saved answers).
    chooseByTyping(editorOf<QComboBox>(form, QStringLiteral("required_purchase_type")),
                   QStringLiteral("Direct"));
    QCOMPARE(next->offeredStepTypes(),
             QStringList{QStringLiteral("CS Childrens Direct Payment Setup")});
    auto *kind = next->findChild<QComboBox *>(QStringLiteral("assigneeKind"));
    QCOMPARE(kind->count(), 1);
    QCOMPARE(kind->itemText(0), QStringLiteral("A virtual worker (inbox)"));
    auto *assignee = next->findChild<QComboBox *>(QStringLiteral("assignee"));
    QCOMPARE(assignee->count(), 1); // only the inbox the option allows
    QCOMPARE(assignee->itemText(0), QStringLiteral("Direct Payments – Inbox"));
    QVERIFY(!next->findChild<QCheckBox *>(QStringLiteral("sendImmediately"))->isVisible());

    QTest::mouseClick(next->findChild<QPushButton *>(QStringLiteral("addNextAction")),
                      Qt::LeftButton);
    QVERIFY2(next->added().size() == 1, qPrintable(next->message()));
    QCOMPARE(authority.engine.nextActions(stepId).size(), 1);
    QCOMPARE(authority.engine.nextActions(stepId).constFirst().assigneeName,
             QStringLiteral("Direct Payments – Inbox"));
    auto *table = next->findChild<QTableWidget *>(QStringLiteral("nextActionsTable"));
    QVERIFY(table->isVisible());
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("CS Childrens Direct Payment Setup"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Direct Payments – Inbox"));
    // Released at finish only once the PS/Manager authorises it (allowedWhen, Section 9).
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("Waits for the decision"));
    QVERIFY(!editor.isModified());               // saved on the way
    QVERIFY(next->offeredStepTypes().isEmpty()); // already added

    // Removing goes through the engine too.
    auto *remove = next->findChild<QPushButton *>(QStringLiteral("removeNextAction"));
    QVERIFY(!remove->isEnabled());
    table->selectRow(0);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(authority.engine.nextActions(stepId).isEmpty());
    QVERIFY(next->added().isEmpty());

    // A refusal is shown next to the editor. Someone else changes the answer in the meantime,
    // so the option still on screen no longer fits the saved answers and the engine refuses.
    QTest::mouseClick(next->findChild<QPushButton *>(QStringLiteral("addNextAction")),
                      Qt::LeftButton);
    QCOMPARE(authority.engine.nextActions(stepId).size(), 1);
    QVERIFY(
        authority.engine
            .saveAnswers(stepId, QStringLiteral("C1300"),
                         {{QStringLiteral("required_purchase_type"), QStringLiteral("Equipment")}},
                         authority.sw())
            .isOk());
    authority.engine.removeNextAction(authority.engine.nextActions(stepId).constFirst().id,
                                      authority.sw());
    next->showNextActions(authority.engine.nextActions(stepId));
    QTest::mouseClick(next->findChild<QPushButton *>(QStringLiteral("addNextAction")),
                      Qt::LeftButton);
    auto *message = next->findChild<InlineMessage *>(QStringLiteral("nextActionMessage"));
    QVERIFY(message->isVisible());
    QCOMPARE(message->kind(), InlineMessage::Kind::Error);
    QVERIFY(!message->message().isEmpty());
}

void TestFormEditor::sendImmediatelyAndAssignToMe()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 visit = authority.startedStep(QStringLiteral("Child in Need Visit"));
    FormEditor form(authority.engine, authority.directory,
                    authority.engine.snapshot(visit, authority.sw()), QStringLiteral("CS-VISIT"),
                    authority.sw());
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    NextActionsEditor *next = form.nextActionsEditor(QStringLiteral("next_actions"));
    auto *kind = next->findChild<QComboBox *>(QStringLiteral("assigneeKind"));
    auto *assignee = next->findChild<QComboBox *>(QStringLiteral("assignee"));
    QCOMPARE(kind->currentText(), QStringLiteral("Assign to Me"));
    QVERIFY(!assignee->isVisible()); // nothing to pick for "Me"

    // Choosing a worker lists only Social Workers, as the option requires.
    kind->setCurrentIndex(kind->findText(QStringLiteral("A worker")));
    QVERIFY(assignee->isVisible());
    QCOMPARE(assignee->count(), 1);
    QVERIFY(assignee->itemText(0).startsWith(QStringLiteral("Sam Socialworker")));
    kind->setCurrentIndex(kind->findText(QStringLiteral("Assign to Me")));

    auto *immediately = next->findChild<QCheckBox *>(QStringLiteral("sendImmediately"));
    QTest::mouseClick(immediately, Qt::LeftButton);
    QVERIFY(immediately->isChecked());
    QTest::mouseClick(next->findChild<QPushButton *>(QStringLiteral("addNextAction")),
                      Qt::LeftButton);
    const QList<NextActionRecord> added = authority.engine.nextActions(visit);
    QCOMPARE(added.size(), 1);
    QVERIFY(added.constFirst().sendImmediately);
    QVERIFY(added.constFirst().createdStepId > 0);
    QCOMPARE(authority.engine.step(added.constFirst().createdStepId).assigneeWorkerId,
             authority.socialWorkerId);
    auto *table = next->findChild<QTableWidget *>(QStringLiteral("nextActionsTable"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Sam Socialworker"));
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("Sent"));
    // A sent next action cannot be removed, and the button says why.
    table->selectRow(0);
    auto *remove = next->findChild<QPushButton *>(QStringLiteral("removeNextAction"));
    QVERIFY(!remove->isEnabled());
    QVERIFY(remove->toolTip().contains(QStringLiteral("already been sent")));
}

void TestFormEditor::formsAndLettersOpensASecondTab()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(QStringLiteral("SC Panel"));
    StepEditor editor(authority.engine, authority.directory,
                      authority.engine.snapshot(stepId, authority.sw()), authority.sw());
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QCOMPARE(editor.formTabs()->count(), 1);
    QVERIFY(editor.formTabs()->tabText(0).startsWith(QStringLiteral("C0824")));

    QMenu *menu = editor.formsMenu();
    emit menu->aboutToShow();
    QAction *c0773 = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->data().toString() == QStringLiteral("C0773"))
            c0773 = action;
    }
    QVERIFY(c0773);
    QVERIFY(!c0773->isChecked());
    c0773->trigger();
    QCOMPARE(editor.formTabs()->count(), 2);
    QVERIFY(editor.formTabs()->tabText(1).startsWith(QStringLiteral("C0773")));
    QCOMPARE(editor.formTabs()->currentIndex(), 1);
    QVERIFY(authority.engine.step(stepId).openForms.contains(QStringLiteral("C0773")));

    // Panel Decision belongs to Panel, the PS/Manager's views to the manager.
    FormEditor *panelForm = editor.formEditor(QStringLiteral("C0773"));
    QVERIFY(panelForm->field(QStringLiteral("panel_decision"))->isReadOnly());
    QVERIFY(panelForm->field(QStringLiteral("practice_supervisors_views"))->isReadOnly());
    QVERIFY(!panelForm->field(QStringLiteral("reason_for_request"))->isReadOnly());

    // Reopening the step shows both tabs again, primary first.
    StepEditor reopened(authority.engine, authority.directory,
                        authority.engine.snapshot(stepId, authority.sw()), authority.sw());
    QCOMPARE(reopened.formTabs()->count(), 2);
    QCOMPARE(reopened.formEditors().at(0)->formCode(), QStringLiteral("C0824"));
    QCOMPARE(reopened.formEditors().at(1)->formCode(), QStringLiteral("C0773"));
}

void TestFormEditor::managerAuthorisesAndFinishes()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);
    QVERIFY(authority.engine
                .saveAnswers(
                    stepId, QStringLiteral("C1300"),
                    {{QStringLiteral("required_purchase_type"), QStringLiteral("Direct Payment")},
                     {QStringLiteral("reason_for_purchase"), QStringLiteral("Agreed at panel")},
                     {QStringLiteral("assessed_needs"), QStringLiteral("Respite")},
                     {QStringLiteral("outcomes_sought"), QStringLiteral("Time with peers")},
                     {QStringLiteral("funding_source"), QStringLiteral("Children's Social Care")},
                     {QStringLiteral("dp_paid_to"), QStringLiteral("Parent")},
                     {QStringLiteral("dp_hours_per_week"), QStringLiteral("6")},
                     {QStringLiteral("dp_weekly_amount"), QStringLiteral("90")},
                     {QStringLiteral("dp_start_date"), QStringLiteral("2026-12-01")},
                     {QStringLiteral("dp_agreed_at_panel_date"), QStringLiteral("2026-11-20")},
                     {QStringLiteral("dp_purpose"), QStringLiteral("Community activities")}},
                    authority.sw())
                .isOk());
    Status status = Status::ok();
    authority.engine.addNextAction(stepId, QStringLiteral("C1300"),
                                   QStringLiteral("CS Childrens Direct Payment Setup"),
                                   Assignee::virtualWorker(authority.virtualWorkers.value(
                                       QStringLiteral("direct-payments-inbox"))),
                                   false, authority.sw(), &status);
    QVERIFY2(status.isOk(), qPrintable(status.message()));
    const qint64 requestId =
        authority.engine.sendRequest(stepId, ReviewPurchase, Assignee::worker(authority.managerId),
                                     authority.sw(), QString(), &status);
    QVERIFY(requestId > 0);

    StepEditor editor(authority.engine, authority.directory,
                      authority.engine.snapshot(stepId, authority.manager()), authority.manager());
    editor.resize(1100, 800);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QSignalSpy finished(&editor, &StepEditor::finished);
    FormEditor *form = editor.formEditor(QStringLiteral("C1300"));
    chooseByTyping(editorOf<QComboBox>(form, QStringLiteral("authorisation_decision")),
                   QStringLiteral("Auth"));
    auto *date = editorOf<QLineEdit>(form, QStringLiteral("authorisation_date"));
    date->setFocus();
    QTest::keyClicks(date, QStringLiteral("24/11/2026"));
    QVERIFY(saveAndWait(&editor));

    // The request is marked Completed in the requests dialog; then Finish is available.
    RequestsDialog *dialog = editor.openRequests();
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->selectedRequestId(), requestId);
    QVERIFY(dialog->completedButton()->isEnabled());
    QTest::mouseClick(dialog->completedButton(), Qt::LeftButton);
    QCOMPARE(authority.engine.request(requestId).status, RequestStatus::Completed);
    dialog->close();
    QVERIFY(editor.finishAction()->isEnabled());

    // Finishing asks first; "Cancel" leaves the step alone.
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QVERIFY(!finishAndWait(&editor));
    QCOMPARE(authority.engine.step(stepId).status, StepStatus::Started);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(buttonFor(editor, editor.finishAction()), Qt::LeftButton);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(authority.engine.step(stepId).status, StepStatus::Finished);
    QVERIFY(form->isReadOnly());
    QVERIFY(form->field(QStringLiteral("authorisation_comments"))->isReadOnly());
    QVERIFY(!editor.saveAction()->isEnabled());
    // The setup step has reached Direct Payments – Inbox.
    const qint64 created = authority.engine.nextActions(stepId).constFirst().createdStepId;
    QVERIFY(created > 0);
    QCOMPARE(authority.engine.step(created).assigneeName,
             QStringLiteral("Direct Payments – Inbox"));
}

void TestFormEditor::closingWithUnsavedChangesAsks()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);
    StepEditor editor(authority.engine, authority.directory,
                      authority.engine.snapshot(stepId, authority.sw()), authority.sw());
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    const int before = MessageBox::callCount();
    QVERIFY(editor.confirmClose()); // nothing typed: no question
    QCOMPARE(MessageBox::callCount(), before);

    FormEditor *form = editor.formEditor(QStringLiteral("C1300"));
    auto *reason = editorOf<QPlainTextEdit>(form, QStringLiteral("reason_for_purchase"));
    QTest::keyClicks(reason, QStringLiteral("Draft"));
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QVERIFY(!editor.confirmClose());
    QCOMPARE(MessageBox::callCount(), before + 1);
    // Save: not closed yet; closed (asked again) once the answers are saved.
    MessageBox::setNextAnswer(QMessageBox::Save);
    bool askedAgain = false;
    QVERIFY(!editor.confirmClose([&askedAgain] { askedAgain = true; }));
    QTRY_VERIFY(askedAgain);
    QVERIFY(editor.confirmClose()); // saved: no question
    QCOMPARE(authority.engine.answers(stepId, QStringLiteral("C1300"))
                 .value(QStringLiteral("reason_for_purchase"))
                 .value,
             QStringLiteral("Draft"));

    QSignalSpy closed(&editor, &StepEditor::closed);
    QTest::keyClicks(reason, QStringLiteral(" more"));
    QTest::mouseClick(buttonFor(editor, editor.saveAndCloseAction()), Qt::LeftButton);
    QCOMPARE(closed.count(), 1);
    QCOMPARE(authority.engine.answers(stepId, QStringLiteral("C1300"))
                 .value(QStringLiteral("reason_for_purchase"))
                 .value,
             QStringLiteral("Draft more"));
}

void TestFormEditor::requestsDialogSendAndHighlight()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);

    RequestsDialog dialog(authority.engine, authority.directory, stepId, authority.sw(), nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.table()->rowCount(), 0);
    QVERIFY(!dialog.completedButton()->isEnabled());

    // Request types come from the step type, named as the guide prints them.
    QCOMPARE(dialog.requestTypeCombo()->count(), 1);
    QCOMPARE(dialog.requestTypeCombo()->itemText(0),
             QStringLiteral("REQUIRED CS Please review purchase request and authorise"));
    // Only PS/Managers are offered, the worker's own manager first.
    QCOMPARE(dialog.recipientCombo()->count(), 1);
    QVERIFY(dialog.recipientCombo()->itemText(0).startsWith(QStringLiteral("Morgan Manager")));
    dialog.noteEdit()->setFocus();
    QTest::keyClicks(dialog.noteEdit(), QStringLiteral("Agreed at panel on 20/11"));
    QTest::mouseClick(dialog.sendButton(), Qt::LeftButton);

    const QList<RequestRecord> requests = authority.engine.requests(stepId);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.constFirst().recipientWorkerId, authority.managerId);
    QCOMPARE(requests.constFirst().note, QStringLiteral("Agreed at panel on 20/11"));
    QCOMPARE(dialog.table()->rowCount(), 1);
    QTableWidget *table = dialog.table();
    QCOMPARE(table->item(0, RequestsDialog::RequestColumn)->text(), ReviewPurchase);
    QCOMPARE(table->item(0, RequestsDialog::RequiredColumn)->text(), QStringLiteral("REQUIRED"));
    QCOMPARE(table->item(0, RequestsDialog::ToColumn)->text(), QStringLiteral("Morgan Manager"));
    QCOMPARE(table->item(0, RequestsDialog::FromColumn)->text(),
             QStringLiteral("Sam Socialworker"));
    QCOMPARE(table->item(0, RequestsDialog::StatusColumn)->text(), QStringLiteral("Outstanding"));
    QVERIFY(isHighlighted(table, 0));

    // The sender cannot complete it, and is told why in words, not only by a greyed button.
    const QString why = authority.engine.whyCannotRespond(requests.constFirst().id, authority.sw());
    QVERIFY(!why.isEmpty());
    QCOMPARE(dialog.selectedRequestId(), requests.constFirst().id);
    QVERIFY(!dialog.completedButton()->isEnabled());
    QVERIFY(!dialog.declinedButton()->isEnabled());
    QCOMPARE(dialog.completedButton()->toolTip(), why);
    QVERIFY(dialog.whyLabel()->isVisible());
    QCOMPARE(dialog.whyLabel()->text(), why);

    // Sending the same request again is refused, in place.
    QTest::mouseClick(dialog.sendButton(), Qt::LeftButton);
    QCOMPARE(authority.engine.requests(stepId).size(), 1);
    QVERIFY(dialog.messageLabel()->isVisible());
    QCOMPARE(dialog.messageLabel()->kind(), InlineMessage::Kind::Error);
    QVERIFY(dialog.messageLabel()->message().contains(QStringLiteral("still outstanding")));

    // A panel member acting as Panel is not the recipient either.
    RequestsDialog asPanel(authority.engine, authority.directory, stepId, authority.panel(),
                           nullptr);
    QVERIFY(!asPanel.completedButton()->isEnabled());
    QCOMPARE(asPanel.whyLabel()->text(),
             authority.engine.whyCannotRespond(requests.constFirst().id, authority.panel()));
    // ... and may not send from a step that is not theirs: the send area says why.
    QVERIFY(!asPanel.sendButton()->isEnabled());

    // The manager completes it: no longer highlighted, status in words.
    RequestsDialog asManager(authority.engine, authority.directory, stepId, authority.manager(),
                             nullptr);
    asManager.show();
    QVERIFY(QTest::qWaitForWindowExposed(&asManager));
    QVERIFY(isHighlighted(asManager.table(), 0));
    QVERIFY(asManager.completedButton()->isEnabled());
    QVERIFY(!asManager.whyLabel()->isVisible());
    QTest::mouseClick(asManager.completedButton(), Qt::LeftButton);
    QCOMPARE(authority.engine.request(requests.constFirst().id).status, RequestStatus::Completed);
    QVERIFY(!isHighlighted(asManager.table(), 0));
    QVERIFY(asManager.table()
                ->item(0, RequestsDialog::StatusColumn)
                ->text()
                .startsWith(QStringLiteral("Completed by Morgan Manager")));
    QVERIFY(!asManager.completedButton()->isEnabled());
}

void TestFormEditor::decliningNeedsAReason()
{
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 stepId = authority.startedStep(PurchaseRequest);
    Status status = Status::ok();
    const qint64 requestId =
        authority.engine.sendRequest(stepId, ReviewPurchase, Assignee::worker(authority.managerId),
                                     authority.sw(), QString(), &status);
    QVERIFY(requestId > 0);

    RequestsDialog dialog(authority.engine, authority.directory, stepId, authority.manager(),
                          nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.declineArea()->isVisible());
    const int asked = MessageBox::callCount();
    QTest::mouseClick(dialog.declinedButton(), Qt::LeftButton);
    // The reason is asked for in place, not in another dialog.
    QVERIFY(dialog.declineArea()->isVisible());
    QCOMPARE(MessageBox::callCount(), asked);
    QCOMPARE(QApplication::focusWidget(), dialog.declineReasonEdit());

    QTest::mouseClick(dialog.confirmDeclineButton(), Qt::LeftButton);
    QCOMPARE(authority.engine.request(requestId).status, RequestStatus::Outstanding);
    QVERIFY(dialog.messageLabel()->isVisible());
    QCOMPARE(dialog.messageLabel()->kind(), InlineMessage::Kind::Error);
    QVERIFY(dialog.messageLabel()->message().contains(QStringLiteral("reason")));
    QVERIFY(isHighlighted(dialog.table(), 0));

    QTest::keyClicks(dialog.declineReasonEdit(), QStringLiteral("Costs need a second quote"));
    QTest::keyClick(dialog.declineReasonEdit(), Qt::Key_Return);
    const RequestRecord declined = authority.engine.request(requestId);
    QCOMPARE(declined.status, RequestStatus::Declined);
    QCOMPARE(declined.declineReason, QStringLiteral("Costs need a second quote"));
    QVERIFY(!dialog.declineArea()->isVisible());
    QVERIFY(!isHighlighted(dialog.table(), 0));
    QCOMPARE(dialog.table()->item(0, RequestsDialog::StatusColumn)->text(),
             QStringLiteral("Declined by Morgan Manager: Costs need a second quote"));
}

// Not a check: with CASEDESK_SCREENSHOT_DIR set, saves pictures of the editors to look at.
void TestFormEditor::screenshots()
{
    // Pictures of the main form screens: into CASEDESK_SCREENSHOT_DIR when set (docs), else into
    // a temporary directory, so the screens are at least drawn and saved on every run.
    QTemporaryDir scratch;
    const QString dir = qEnvironmentVariable("CASEDESK_SCREENSHOT_DIR", scratch.path());
    CASEDESK_TEST_DATABASE(db);
    Authority authority(db.db());
    const qint64 purchase = authority.startedStep(PurchaseRequest);
    QVERIFY(authority.engine
                .saveAnswers(
                    purchase, QStringLiteral("C1300"),
                    {{QStringLiteral("required_purchase_type"), QStringLiteral("Direct Payment")},
                     {QStringLiteral("reason_for_purchase"),
                      QStringLiteral("Panel agreed 6 hours a week of Direct Payments alongside "
                                     "short breaks at Haven Cottage.")},
                     {QStringLiteral("dp_paid_to"), QStringLiteral("Parent")}},
                    authority.sw())
                .isOk());
    {
        StepEditor editor(authority.engine, authority.directory,
                          authority.engine.snapshot(purchase, authority.sw()), authority.sw());
        editor.resize(1280, 860);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        finishAndWait(&editor);
        QTest::qWait(50);
        editor.grab().save(dir + QStringLiteral("/c1300-problems.png"));
        editor.formEditor(QStringLiteral("C1300"))
            ->scrollToSection(QStringLiteral("direct_payment"));
        QTest::qWait(50);
        editor.grab().save(dir + QStringLiteral("/c1300-section7.png"));
        editor.formEditor(QStringLiteral("C1300"))->scrollToSection(QStringLiteral("next_actions"));
        QTest::qWait(50);
        editor.grab().save(dir + QStringLiteral("/c1300-next-actions.png"));
    }
    {
        authority.engine.sendRequest(purchase, ReviewPurchase,
                                     Assignee::worker(authority.managerId), authority.sw());
        RequestsDialog dialog(authority.engine, authority.directory, purchase, authority.sw(),
                              nullptr);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::qWait(50);
        dialog.grab().save(dir + QStringLiteral("/requests-dialog.png"));
    }
    const qint64 panel = authority.startedStep(QStringLiteral("SC Panel"));
    QVERIFY(authority.engine.openForm(panel, QStringLiteral("C0773"), authority.sw()).isOk());
    StepEditor editor(authority.engine, authority.directory,
                      authority.engine.snapshot(panel, authority.sw()), authority.sw());
    editor.resize(1280, 860);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.formTabs()->setCurrentIndex(1);
    QTest::qWait(50);
    editor.grab().save(dir + QStringLiteral("/c0773.png"));
    editor.formEditor(QStringLiteral("C0773"))->scrollToSection(QStringLiteral("panel_decision"));
    QTest::qWait(50);
    editor.grab().save(dir + QStringLiteral("/c0773-panel-decision.png"));

    // Someone else saves while this editor is open: the conflict dialog, field by field.
    FormEditor *c0773 = editor.formEditor(QStringLiteral("C0773"));
    QVERIFY(authority.engine
                .saveAnswers(panel, QStringLiteral("C0773"),
                             {{QStringLiteral("reason_for_request"),
                               QStringLiteral("Respite for the family at weekends.")},
                              {QStringLiteral("childs_disability_and_needs"),
                               QStringLiteral("Autism; needs one-to-one support.")}},
                             authority.sw())
                .isOk());
    for (const auto &[question, text] :
         {std::pair{u"reason_for_request"_qs, u"Overnight short breaks twice a month."_qs},
          std::pair{u"current_support"_qs, u"Two hours a week of family support."_qs}}) {
        auto *box = editorOf<QPlainTextEdit>(c0773, question);
        box->setFocus();
        QTest::keyClicks(box, text);
    }
    ConflictDialog::setNextResponder([&dir](ConflictDialog &dialog) {
        dialog.show();
        QTest::qWait(50);
        dialog.grab().save(dir + QStringLiteral("/conflict-dialog.png"));
        return int(QDialog::Rejected);
    });
    QVERIFY(!saveAndWait(&editor));
    for (const QString &name :
         {u"c1300-problems"_qs, u"c1300-section7"_qs, u"c1300-next-actions"_qs,
          u"requests-dialog"_qs, u"c0773"_qs, u"c0773-panel-decision"_qs, u"conflict-dialog"_qs})
        QVERIFY2(!QImage(dir + QLatin1Char('/') + name + u".png"_qs).isNull(), qPrintable(name));
}

QTEST_MAIN(TestFormEditor)
#include "tst_formeditor.moc"
