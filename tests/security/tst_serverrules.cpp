// The server's last word: each refusal of point 2 of "A shared PostgreSQL for a whole authority"
// issued as plain SQL by a worker's own login role (as they could from psql) and refused by
// PostgreSQL, next to the permitted action succeeding for the right worker in the right role,
// through the unchanged WorkflowEngine on that worker's own login.
#include "securityfixture.h"

#include "definitions/definitionregistry.h"
#include "presence/steppresence.h"
#include "security/accounts.h"
#include "security/identifiers.h"
#include "security/recordaccess.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString DecisionOnSignificantInformation =
    QStringLiteral("CS Decision on Significant Information (Open SC Case)");
const QString ReviewAndConfirm =
    QStringLiteral("CS Manager: Please review and confirm next action");
const QString AuthorisePanelRequest = QStringLiteral("CS Manager: Please authorise Panel request");
const QString RequestForCwdPanel = QStringLiteral("CS Request for CWD Panel");

const QString SW = QStringLiteral("social_worker");
const QString Manager = QStringLiteral("ps_manager");
const QString Panel = QStringLiteral("panel");

QHash<QString, QString> c1044SocialWorker()
{
    return {{QStringLiteral("date_information_received"), QStringLiteral("2026-11-20")},
            {QStringLiteral("source_of_information"), QStringLiteral("Visit")},
            {QStringLiteral("details_of_significant_information"),
             QStringLiteral("Family need overnight short breaks.")},
            {QStringLiteral("proposed_next_action"), QStringLiteral("Refer to Panel")}};
}

QHash<QString, QString> c1044Manager()
{
    return {{QStringLiteral("manager_decision"), QStringLiteral("Agree - refer to Panel")},
            {QStringLiteral("manager_required_actions"), QStringLiteral("Refer to CWD panel.")},
            {QStringLiteral("manager_decision_date"), QStringLiteral("2026-11-21")}};
}

const QString InsertAnswer = QStringLiteral(
    "INSERT INTO form_answers (step_id, form_code, question_id, value, version, saved_by, "
    "saved_as_role, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, now())");
const QString CompleteRequest =
    QStringLiteral("UPDATE requests SET status = 'completed', responded_by = ?, "
                   "responded_as_role = ?, responded_at = now() WHERE id = ?");
const QString FinishStep = QStringLiteral(
    "UPDATE worksteps SET status = 'finished', finished_by = ?, "
    "finished_as_role = ?, finished_at = now(), revision = revision + 1 WHERE id = ?");

} // namespace

class TestServerRules : public QObject
{
    Q_OBJECT

    // The social worker's Decision on Significant Information with the REQUIRED request to the
    // manager outstanding, done through the engine on the social worker's own login (the step
    // itself created by the administrator: it is not startable from the record).
    qint64 decisionWithRequestToManager(SecurityFixture &f, qint64 personId)
    {
        Status status;
        const qint64 dsi =
            f.adminEngine().createStep(personId, DecisionOnSignificantInformation, Assignee::me(),
                                       f.as(QStringLiteral("sw"), SW), &status);
        [&] { QVERIFY2(dsi > 0, qPrintable(status.message())); }();
        WorkflowEngine &sw = f.engine(QStringLiteral("sw"));
        const Actor actor = f.as(QStringLiteral("sw"), SW);
        [&] {
            EXPECT_OK(sw.startStep(dsi, actor));
            EXPECT_OK(sw.saveAnswers(dsi, QStringLiteral("C1044"), c1044SocialWorker(), actor));
            QVERIFY2(sw.addNextAction(dsi, QStringLiteral("C1044"), QStringLiteral("SC Panel"),
                                      Assignee::me(), false, actor, &status) > 0,
                     qPrintable(status.message()));
            QVERIFY2(sw.sendRequest(dsi, ReviewAndConfirm, f.worker(QStringLiteral("manager")),
                                    actor, QString(), &status) > 0,
                     qPrintable(status.message()));
        }();
        return QTest::currentTestFailed() ? 0 : dsi;
    }

    // An SC Panel step up to CS Request for CWD Panel waiting in CS CWD – Panel.
    qint64 scPanelAtThePanel(SecurityFixture &f)
    {
        Status status;
        WorkflowEngine &sw = f.engine(QStringLiteral("sw"));
        WorkflowEngine &manager = f.engine(QStringLiteral("manager"));
        const Actor swActor = f.as(QStringLiteral("sw"), SW);
        const Actor managerActor = f.as(QStringLiteral("manager"), Manager);
        const qint64 step = f.adminEngine().createStep(f.childId, QStringLiteral("SC Panel"),
                                                       Assignee::me(), swActor, &status);
        [&] {
            QVERIFY2(step > 0, qPrintable(status.message()));
            EXPECT_OK(sw.startStep(step, swActor));
            EXPECT_OK(sw.saveAnswers(
                step, QStringLiteral("C0824"),
                {{QStringLiteral("panel_requested"), QStringLiteral("CWD Resource Panel")}},
                swActor));
            EXPECT_OK(sw.openForm(step, QStringLiteral("C0773"), swActor));
            EXPECT_OK(sw.saveAnswers(
                step, QStringLiteral("C0773"),
                {{QStringLiteral("services_requested"), QStringLiteral("Short Term Breaks")},
                 {QStringLiteral("reason_for_request"), QStringLiteral("Respite.")}},
                swActor));
            QVERIFY2(sw.sendRequest(step, AuthorisePanelRequest,
                                    f.worker(QStringLiteral("manager")), swActor, QString(),
                                    &status) > 0,
                     qPrintable(status.message()));
            EXPECT_OK(manager.resumeStep(step, managerActor));
            EXPECT_OK(manager.saveAnswers(
                step, QStringLiteral("C0773"),
                {{QStringLiteral("practice_supervisors_views"), QStringLiteral("Supported.")},
                 {QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
                managerActor));
            EXPECT_OK(
                manager.completeRequest(f.requestId(step, AuthorisePanelRequest), managerActor));
            QVERIFY2(manager.sendRequest(step, RequestForCwdPanel,
                                         f.vw(QStringLiteral("cs-cwd-panel")), managerActor,
                                         QString(), &status) > 0,
                     qPrintable(status.message()));
        }();
        return QTest::currentTestFailed() ? 0 : step;
    }

private slots:
    // A social worker completing (or finishing past) a request addressed to a manager.
    void socialWorkerCannotCompleteTheManagersRequest()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi = decisionWithRequestToManager(f, f.childId);
        QVERIFY(dsi > 0);
        const qint64 request = f.requestId(dsi, ReviewAndConfirm);
        const qint64 sw = f.id(QStringLiteral("sw"));

        EXPECT_REFUSED(f, QStringLiteral("sw"), CompleteRequest, (QVariantList{sw, SW, request}),
                       QLatin1String("only its recipient can complete or decline it"));
        EXPECT_REFUSED(f, QStringLiteral("sw"), CompleteRequest,
                       (QVariantList{sw, Manager, request}), QLatin1String("only its recipient"));
        // Nor may the step be finished past the outstanding REQUIRED request.
        EXPECT_REFUSED(f, QStringLiteral("sw"), FinishStep, (QVariantList{sw, SW, dsi}),
                       QLatin1String("outstanding REQUIRED request"));
        // A request for a PS/Manager cannot be sent to another social worker.
        EXPECT_REFUSED(
            f, QStringLiteral("sw"),
            QStringLiteral("INSERT INTO requests (step_id, request_type, is_required, "
                           "sender_worker_id, sent_as_role, recipient_worker_id) VALUES (?, ?, "
                           "TRUE, ?, ?, ?)"),
            (QVariantList{dsi, ReviewAndConfirm, sw, SW, f.id(QStringLiteral("sw2"))}),
            QLatin1String("can only be sent to a PS/Manager"));

        // The manager, in their own role and on their own login, may.
        const Actor manager = f.as(QStringLiteral("manager"), Manager);
        WorkflowEngine &engine = f.engine(QStringLiteral("manager"));
        EXPECT_OK(engine.resumeStep(dsi, manager));
        EXPECT_OK(engine.saveAnswers(dsi, QStringLiteral("C1044"), c1044Manager(), manager));
        EXPECT_OK(engine.completeRequest(request, manager));
        EXPECT_OK(engine.finishStep(dsi, manager));
        QCOMPARE(f.workOf(QStringLiteral("sw")), QStringList{QStringLiteral("incoming: SC Panel")});
        QCOMPARE(
            f.admin()
                .scalar(QStringLiteral("SELECT responded_by FROM requests WHERE id = ?"), {request})
                .toLongLong(),
            f.id(QStringLiteral("manager")));
    }

    // Anyone outside the panel recording a panel decision (C0773 Section 2).
    void onlyThePanelRecordsThePanelDecision()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 step = scPanelAtThePanel(f);
        QVERIFY(step > 0);
        const QString c0773 = QStringLiteral("C0773");
        const QString decision = QStringLiteral("panel_decision");
        const QString agreed = QStringLiteral("Agreed");
        // The manager may record on the step (a request about it was sent to them), but not the
        // panel's section, in their own role or in one they do not hold.
        EXPECT_REFUSED(f, QStringLiteral("manager"), InsertAnswer,
                       (QVariantList{step, c0773, decision, agreed, 1,
                                     f.id(QStringLiteral("manager")), Manager}),
                       QLatin1String("is for the Panel to complete"));
        EXPECT_REFUSED(f, QStringLiteral("manager"), InsertAnswer,
                       (QVariantList{step, c0773, decision, agreed, 1,
                                     f.id(QStringLiteral("manager")), Panel}),
                       QLatin1String("does not hold the role \"panel\""));
        // The social worker holds the step, but is not the panel.
        EXPECT_REFUSED(
            f, QStringLiteral("sw"), InsertAnswer,
            (QVariantList{step, c0773, decision, agreed, 1, f.id(QStringLiteral("sw")), SW}),
            QLatin1String("is for the Panel to complete"));
        // A panel member who is not a member of CS CWD – Panel was sent nothing about it.
        EXPECT_REFUSED(f, QStringLiteral("outsider"), InsertAnswer,
                       (QVariantList{step, c0773, decision, agreed, 1,
                                     f.id(QStringLiteral("outsider")), Panel}),
                       QLatin1String("no request about it was sent to you"));
        // Nor may anyone but the panel add the panel's next actions (C0824 Section 2).
        EXPECT_REFUSED(
            f, QStringLiteral("sw"),
            QStringLiteral("INSERT INTO next_actions (step_id, form_code, step_type, "
                           "assignee_worker_id, added_by, added_as_role) VALUES (?, 'C0824', "
                           "'CS Placement Request', ?, ?, ?)"),
            (QVariantList{step, f.id(QStringLiteral("sw")), f.id(QStringLiteral("sw")), SW}),
            QLatin1String("are for the Panel to add"));

        // The panel, from CS CWD – Panel, records its decision.
        const Actor panel = f.as(QStringLiteral("panelist"), Panel);
        WorkflowEngine &engine = f.engine(QStringLiteral("panelist"));
        EXPECT_OK(engine.resumeStep(step, panel));
        EXPECT_OK(engine.saveAnswers(step, c0773,
                                     {{QStringLiteral("panel_date"), QStringLiteral("2026-11-25")},
                                      {decision, agreed},
                                      {QStringLiteral("panel_reasons"), QStringLiteral("Met.")}},
                                     panel));
        Status status;
        QVERIFY2(engine.addNextAction(step, QStringLiteral("C0824"),
                                      QStringLiteral("CS Placement Request"),
                                      f.worker(QStringLiteral("sw")), false, panel, &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(engine.completeRequest(f.requestId(step, RequestForCwdPanel), panel));
        QCOMPARE(engine.answers(step, c0773).value(decision).savedBy,
                 f.id(QStringLiteral("panelist")));
        QCOMPARE(engine.answers(step, c0773).value(decision).savedAsRole, Panel);
    }

    // Writing a question another role owns; saved_as_role must be held and be the owner's.
    void questionsBelongToTheirOwnerRole()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi = decisionWithRequestToManager(f, f.childId);
        QVERIFY(dsi > 0);
        const QString c1044 = QStringLiteral("C1044");
        const qint64 sw = f.id(QStringLiteral("sw"));
        const qint64 manager = f.id(QStringLiteral("manager"));
        const QString decision = QStringLiteral("manager_decision");
        const QString agree = QStringLiteral("Agree - refer to Panel");
        EXPECT_REFUSED(f, QStringLiteral("sw"), InsertAnswer,
                       (QVariantList{dsi, c1044, decision, agree, 1, sw, SW}),
                       QLatin1String("is for the PS/Manager to complete"));
        EXPECT_REFUSED(f, QStringLiteral("sw"), InsertAnswer,
                       (QVariantList{dsi, c1044, decision, agree, 1, sw, Manager}),
                       QLatin1String("does not hold the role \"ps_manager\""));
        // In someone else's name.
        EXPECT_REFUSED(f, QStringLiteral("sw"), InsertAnswer,
                       (QVariantList{dsi, c1044, decision, agree, 1, manager, Manager}),
                       QLatin1String("in your own name"));
        // A question the form does not have, and a form the step does not have.
        EXPECT_REFUSED(f, QStringLiteral("sw"), InsertAnswer,
                       (QVariantList{dsi, c1044, QStringLiteral("no_such_question"),
                                     QStringLiteral("x"), 1, sw, SW}),
                       QLatin1String("has no question"));
        EXPECT_REFUSED(
            f, QStringLiteral("sw"), InsertAnswer,
            (QVariantList{dsi, QStringLiteral("C1300"), QStringLiteral("reason_for_purchase"),
                          QStringLiteral("x"), 1, sw, SW}),
            QLatin1String("is not one of the forms"));
        // The social worker's own questions, in their role, are theirs to write.
        EXPECT_OK(f.engine(QStringLiteral("sw"))
                      .saveAnswers(dsi, c1044,
                                   {{QStringLiteral("details_of_significant_information"),
                                     QStringLiteral("More.")}},
                                   f.as(QStringLiteral("sw"), SW)));
        // The PS/Manager writes theirs.
        const Actor managerActor = f.as(QStringLiteral("manager"), Manager);
        EXPECT_OK(f.engine(QStringLiteral("manager")).resumeStep(dsi, managerActor));
        EXPECT_OK(f.engine(QStringLiteral("manager"))
                      .saveAnswers(dsi, c1044, c1044Manager(), managerActor));
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT saved_as_role FROM form_answers WHERE "
                                            "step_id = ? AND question_id = ?"),
                             {dsi, decision})
                     .toString(),
                 Manager);
    }

    // Changing a finished step or its answers.
    void finishedStepsAreReadOnly()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi = decisionWithRequestToManager(f, f.childId);
        QVERIFY(dsi > 0);
        const Actor managerActor = f.as(QStringLiteral("manager"), Manager);
        WorkflowEngine &engine = f.engine(QStringLiteral("manager"));
        EXPECT_OK(engine.resumeStep(dsi, managerActor));
        EXPECT_OK(engine.saveAnswers(dsi, QStringLiteral("C1044"), c1044Manager(), managerActor));
        const qint64 request = f.requestId(dsi, ReviewAndConfirm);
        EXPECT_OK(engine.completeRequest(request, managerActor));
        EXPECT_OK(engine.finishStep(dsi, managerActor));

        const qint64 manager = f.id(QStringLiteral("manager"));
        const qint64 sw = f.id(QStringLiteral("sw"));
        EXPECT_REFUSED(f, QStringLiteral("manager"),
                       QStringLiteral("UPDATE worksteps SET status = 'started', finished_by = "
                                      "NULL, finished_at = NULL WHERE id = ?"),
                       (QVariantList{dsi}), QLatin1String("is finished, so it can no longer be"));
        EXPECT_REFUSED(f, QStringLiteral("manager"),
                       QStringLiteral("UPDATE worksteps SET revision = revision + 1 WHERE id = ?"),
                       (QVariantList{dsi}), QLatin1String("is finished"));
        EXPECT_REFUSED(f, QStringLiteral("sw"),
                       QStringLiteral("UPDATE worksteps SET finished_as_role = ? WHERE id = ?"),
                       (QVariantList{SW, dsi}), QLatin1String("is finished"));
        EXPECT_REFUSED(f, QStringLiteral("sw"), InsertAnswer,
                       (QVariantList{dsi, QStringLiteral("C1044"),
                                     QStringLiteral("details_of_significant_information"),
                                     QStringLiteral("Rewritten afterwards."), 3, sw, SW}),
                       QLatin1String("is finished, so its answers are read-only"));
        EXPECT_REFUSED(f, QStringLiteral("manager"),
                       QStringLiteral("UPDATE requests SET status = 'declined', responded_by = ?, "
                                      "responded_as_role = ?, responded_at = now(), "
                                      "decline_reason = 'changed my mind' WHERE id = ?"),
                       (QVariantList{manager, Manager, request}),
                       QLatin1String("was already completed"));
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT status FROM worksteps WHERE id = ?"), {dsi})
                     .toString(),
                 QStringLiteral("finished"));
    }

    // Deleting or rewriting history.
    void historyIsAppendOnly()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi = decisionWithRequestToManager(f, f.childId);
        QVERIFY(dsi > 0);
        const QString key = QStringLiteral("sw");
        EXPECT_REFUSED(f, key,
                       QStringLiteral("UPDATE form_answers SET value = 'rewritten' WHERE "
                                      "step_id = ?"),
                       (QVariantList{dsi}),
                       QLatin1String("permission denied for table form_answers"));
        EXPECT_REFUSED(f, key, QStringLiteral("DELETE FROM form_answers WHERE step_id = ?"),
                       (QVariantList{dsi}),
                       QLatin1String("permission denied for table form_answers"));
        EXPECT_REFUSED(f, key, QStringLiteral("DELETE FROM worksteps WHERE id = ?"),
                       (QVariantList{dsi}), QLatin1String("permission denied for table worksteps"));
        EXPECT_REFUSED(f, key, QStringLiteral("DELETE FROM requests WHERE step_id = ?"),
                       (QVariantList{dsi}), QLatin1String("permission denied for table requests"));
        EXPECT_REFUSED(f, key, QStringLiteral("UPDATE audit_log SET details = 'nothing happened'"),
                       QVariantList(), QLatin1String("permission denied for table audit_log"));
        EXPECT_REFUSED(f, key, QStringLiteral("DELETE FROM audit_log"), QVariantList(),
                       QLatin1String("permission denied for table audit_log"));
        QString truncated;
        QVERIFY(
            !security::execUtility(f.db(key), QStringLiteral("TRUNCATE audit_log"), &truncated));
        QVERIFY2(truncated.contains(QLatin1String("permission denied for table audit_log")),
                 qPrintable(truncated));
        // Nor can the log be written in another worker's name, or as a role not held.
        EXPECT_REFUSED(f, key,
                       QStringLiteral("INSERT INTO audit_log (worker_id, acting_role, action, "
                                      "entity) VALUES (?, '', 'view', 'person')"),
                       (QVariantList{f.id(QStringLiteral("sw2"))}),
                       QLatin1String("in your own name"));
        EXPECT_REFUSED(f, key,
                       QStringLiteral("INSERT INTO audit_log (worker_id, acting_role, action, "
                                      "entity) VALUES (?, 'ps_manager', 'save', 'workstep')"),
                       (QVariantList{f.id(key)}), QLatin1String("does not hold the role"));
        // A change is a new version: the old answer stays.
        const QString details = QStringLiteral("details_of_significant_information");
        EXPECT_OK(f.engine(key).saveAnswers(dsi, QStringLiteral("C1044"),
                                            {{details, QStringLiteral("Second thoughts.")}},
                                            f.as(key, SW)));
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE step_id = ? "
                                            "AND question_id = ?"),
                             {dsi, details})
                     .toInt(),
                 2);
        // The database owner (here the superuser) is the only one who may change the log.
        QString error;
        f.admin().exec(QStringLiteral("UPDATE audit_log SET details = details WHERE id = (SELECT "
                                      "min(id) FROM audit_log)"),
                       {}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // Reading a restricted child's record without being allowed.
    void restrictedRecordsAreHiddenFromThoseNotAllowed()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString count = QStringLiteral("SELECT count(*) FROM people WHERE id = ?");
        const QString open = QStringLiteral("SELECT id FROM casedesk_open_person(?)");
        // The allocated worker works on the record.
        QCOMPARE(f.scalarAs(QStringLiteral("sw"), count, {f.restrictedId}).toInt(), 1);
        EXPECT_OK(RecordAccess(f.db(QStringLiteral("sw")))
                      .openPerson(f.restrictedId, f.as(QStringLiteral("sw"), SW)));
        const qint64 dsi = decisionWithRequestToManager(f, f.restrictedId);
        QVERIFY(dsi > 0);

        // Another social worker of the same team sees nothing of it: not the person, not the
        // work, not the answers; opening it is refused, and so is starting work on it.
        const QString sw2 = QStringLiteral("sw2");
        QCOMPARE(f.scalarAs(sw2, count, {f.restrictedId}).toInt(), 0);
        QCOMPARE(f.scalarAs(sw2,
                            QStringLiteral("SELECT count(*) FROM worksteps WHERE person_id "
                                           "= ?"),
                            {f.restrictedId})
                     .toInt(),
                 0);
        QCOMPARE(f.scalarAs(sw2,
                            QStringLiteral("SELECT count(*) FROM form_answers WHERE step_id "
                                           "= ?"),
                            {dsi})
                     .toInt(),
                 0);
        EXPECT_REFUSED(f, sw2, open, (QVariantList{f.restrictedId}),
                       QLatin1String("not allowed to open the record"));
        const Status opened = RecordAccess(f.db(sw2)).openPerson(f.restrictedId, f.as(sw2, SW));
        QCOMPARE(opened.code(), Status::Code::NotAllowed);
        EXPECT_REFUSED(f, sw2,
                       QStringLiteral("INSERT INTO worksteps (person_id, step_type, "
                                      "assignee_worker_id, created_by) VALUES (?, 'Child in Need "
                                      "Visit', ?, ?)"),
                       (QVariantList{f.restrictedId, f.id(sw2), f.id(sw2)}),
                       QLatin1String("row-level security"));
        // The managers of another team are not allowed either; the team's own manager is.
        EXPECT_REFUSED(f, QStringLiteral("manager_b"), open, (QVariantList{f.restrictedId}),
                       QLatin1String("not allowed to open the record"));
        EXPECT_OK(RecordAccess(f.db(QStringLiteral("manager")))
                      .openPerson(f.restrictedId, f.as(QStringLiteral("manager"), Manager)));

        // The explicit access list lets a worker of another team in.
        const QString far = QStringLiteral("far_sw");
        EXPECT_REFUSED(f, far, open, (QVariantList{f.restrictedId}),
                       QLatin1String("not allowed to open the record"));
        EXPECT_OK(Accounts(f.admin(), DefinitionRegistry::shared())
                      .grantAccess(f.restrictedRef, f.username(far),
                                   QStringLiteral("Covering during leave")));
        EXPECT_OK(RecordAccess(f.db(far)).openPerson(f.restrictedId, f.as(far, SW)));
        // So does work sent to a worker about the child.
        Status status;
        QVERIFY2(f.engine(QStringLiteral("sw"))
                         .createStep(f.restrictedId, QStringLiteral("Child in Need Visit"),
                                     f.worker(sw2), f.as(QStringLiteral("sw"), SW), &status) > 0,
                 qPrintable(status.message()));
        QCOMPARE(f.scalarAs(sw2, count, {f.restrictedId}).toInt(), 1);

        // Who has viewed the record: for the allocated worker and the team's managers only.
        Status viewersStatus;
        const QList<RecordView> views =
            RecordAccess(f.db(QStringLiteral("manager"))).viewers(f.restrictedId, &viewersStatus);
        EXPECT_OK(viewersStatus);
        QStringList viewers;
        for (const RecordView &view : views)
            viewers << view.username;
        QVERIFY2(viewers.contains(f.username(QStringLiteral("sw"))),
                 qPrintable(viewers.join(QLatin1Char(','))));
        QVERIFY(viewers.contains(f.username(QStringLiteral("manager"))));
        QVERIFY(viewers.contains(f.username(far)));
        RecordAccess(f.db(far)).viewers(f.restrictedId, &viewersStatus);
        QCOMPARE(viewersStatus.code(), Status::Code::NotAllowed);
        QVERIFY2(viewersStatus.message().contains(QLatin1String("Only the allocated worker")),
                 qPrintable(viewersStatus.message()));
    }

    // Acting on another virtual worker's work without membership.
    void virtualWorkersWorkNeedsMembership()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        Status status;
        const Actor sw = f.as(QStringLiteral("sw"), SW);
        const qint64 step = f.adminEngine().createStep(
            f.childId, QStringLiteral("CS Short Term Breaks Placement Request"),
            f.vw(QStringLiteral("haven-cottage")), sw, &status);
        QVERIFY2(step > 0, qPrintable(status.message()));
        const QString start = QStringLiteral(
            "UPDATE worksteps SET status = 'started', started_by = ?, started_at = now(), "
            "revision = revision + 1 WHERE id = ?");
        const QString take = QStringLiteral(
            "UPDATE worksteps SET assignee_worker_id = ?, assignee_virtual_worker_id = NULL "
            "WHERE id = ?");
        // Strut House's staff hold the same role, but are not members of Haven Cottage: they
        // do not even see its work (020, access by job), so what they issue changes nothing.
        QCOMPARE(f.refusal(QStringLiteral("strut"), start, {f.id(QStringLiteral("strut")), step}),
                 QString());
        QCOMPARE(f.refusal(QStringLiteral("strut"), take, {f.id(QStringLiteral("strut")), step}),
                 QString());
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT status || ' ' || assignee_virtual_worker_id "
                                            "FROM worksteps WHERE id = ?"),
                             {step})
                     .toString(),
                 QStringLiteral("incoming %1").arg(f.vwId(QStringLiteral("haven-cottage"))));
        // A worker who sees whole records (the Duty Desk), but is not a member, is refused.
        EXPECT_REFUSED(f, QStringLiteral("duty"), start,
                       (QVariantList{f.id(QStringLiteral("duty")), step}),
                       QLatin1String("an inbox you are not a member of"));
        EXPECT_REFUSED(f, QStringLiteral("duty"), take,
                       (QVariantList{f.id(QStringLiteral("duty")), step}),
                       QLatin1String("not yours to reassign"));
        // Haven Cottage's member starts it and it becomes theirs.
        const Actor haven = f.as(QStringLiteral("haven"), QStringLiteral("home_staff"));
        EXPECT_OK(f.engine(QStringLiteral("haven")).startStep(step, haven));
        QCOMPARE(f.workOf(QStringLiteral("haven")),
                 QStringList{QStringLiteral("started: CS Short Term Breaks Placement Request")});

        // A request to CS CWD – Panel: a panel member outside it cannot complete it.
        const qint64 panelStep = scPanelAtThePanel(f);
        QVERIFY(panelStep > 0);
        const qint64 request = f.requestId(panelStep, RequestForCwdPanel);
        EXPECT_REFUSED(f, QStringLiteral("outsider"), CompleteRequest,
                       (QVariantList{f.id(QStringLiteral("outsider")), Panel, request}),
                       QLatin1String("an inbox you are not a member of"));
        EXPECT_OK(f.engine(QStringLiteral("panelist"))
                      .completeRequest(request, f.as(QStringLiteral("panelist"), Panel)));
    }

    // The server records every write, with the login and the role, besides the engine's entries;
    // and the opening of a record.
    void everyWriteIsRecordedByTheServer()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi = decisionWithRequestToManager(f, f.childId);
        QVERIFY(dsi > 0);
        // A step the social worker creates (the decision above is the administrator's).
        Status status;
        QVERIFY2(f.engine(QStringLiteral("sw"))
                         .createStep(f.childId, QStringLiteral("Child in Need Visit"),
                                     Assignee::me(), f.as(QStringLiteral("sw"), SW), &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(RecordAccess(f.db(QStringLiteral("sw")))
                      .openPerson(f.childId, f.as(QStringLiteral("sw"), SW)));
        const QString sw = f.username(QStringLiteral("sw"));
        auto entries = [&](const QString &where) {
            return f.admin()
                .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE db_user = ? AND ") +
                            where,
                        {sw})
                .toInt();
        };
        QVERIFY(entries(QStringLiteral("source = 'server' AND action = 'INSERT' AND entity = "
                                       "'worksteps' AND acting_role = ''")) >= 1);
        QVERIFY(entries(QStringLiteral("source = 'server' AND action = 'UPDATE' AND entity = "
                                       "'worksteps' AND details LIKE '%status: incoming -> "
                                       "started%'")) == 1);
        QCOMPARE(entries(QStringLiteral("source = 'server' AND action = 'INSERT' AND entity = "
                                        "'form_answers' AND acting_role = 'social_worker'")),
                 c1044SocialWorker().size());
        QCOMPARE(entries(QStringLiteral("source = 'server' AND entity = 'requests' AND "
                                        "acting_role = 'social_worker'")),
                 1);
        QCOMPARE(entries(QStringLiteral("action = 'view' AND person_id = ") +
                         QString::number(f.childId)),
                 1);
        // Besides the engine's own entries.
        QVERIFY(entries(QStringLiteral("source = 'client' AND action = 'send request'")) == 1);
        // Every server entry is attributed to the worker.
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE db_user = ? AND "
                                            "worker_id IS DISTINCT FROM ?"),
                             {sw, f.id(QStringLiteral("sw"))})
                     .toInt(),
                 0);
        // A worker reads their own entries, not a colleague's.
        QVERIFY(f.scalarAs(QStringLiteral("sw"),
                           QStringLiteral("SELECT count(*) FROM audit_log WHERE db_user = ?"), {sw})
                    .toInt() > 5);
        QCOMPARE(f.scalarAs(QStringLiteral("sw2"),
                            QStringLiteral("SELECT count(*) FROM audit_log WHERE db_user = ?"),
                            {sw})
                     .toInt(),
                 0);
    }

    // Workers cannot make temporary tables; and were they allowed to, a temporary "workers" or
    // "worker_roles" (which comes first in a session's search_path) would not fool the rules.
    void temporaryTablesCannotShadowTheRules()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi = decisionWithRequestToManager(f, f.childId);
        QVERIFY(dsi > 0);
        const QString key = QStringLiteral("sw");
        QString error;
        QVERIFY(!security::execUtility(
            f.db(key), QStringLiteral("CREATE TEMP TABLE workers (id BIGINT)"), &error));
        QVERIFY2(error.contains(QLatin1String("permission denied to create temporary tables")),
                 qPrintable(error));

        QVERIFY2(security::execUtility(
                     f.admin(),
                     QStringLiteral("GRANT TEMPORARY ON DATABASE ") +
                         security::quoteIdentifier(f.admin(), f.admin().settings().databaseName) +
                         QStringLiteral(" TO ") +
                         security::quoteIdentifier(f.admin(), f.username(key)),
                     &error),
                 qPrintable(error));
        Database fresh; // privileges on the database are read when the session starts
        ConnectionSettings settings = f.admin().settings();
        settings.userName = f.username(key);
        QVERIFY(fresh.open(settings, QStringLiteral("x")).isOk());
        for (const QString &statement :
             {QStringLiteral("CREATE TEMP TABLE workers (id BIGINT, username TEXT, team_id "
                             "BIGINT, is_active BOOLEAN)"),
              QStringLiteral("CREATE TEMP TABLE worker_roles (worker_id BIGINT, role TEXT)")})
            QVERIFY2(security::execUtility(fresh, statement, &error), qPrintable(error));
        // Pretend to be the manager, who holds ps_manager.
        fresh.exec(QStringLiteral("INSERT INTO workers VALUES (?, current_user, NULL, TRUE)"),
                   {f.id(QStringLiteral("manager"))}, &error);
        fresh.exec(QStringLiteral("INSERT INTO worker_roles VALUES (?, 'ps_manager')"),
                   {f.id(QStringLiteral("manager"))}, &error);
        QString refused;
        fresh.exec(CompleteRequest,
                   {f.id(QStringLiteral("manager")), Manager, f.requestId(dsi, ReviewAndConfirm)},
                   &refused);
        QVERIFY2(refused.contains(QLatin1String("CaseDesk refused")), qPrintable(refused));
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT status FROM requests WHERE id = ?"),
                             {f.requestId(dsi, ReviewAndConfirm)})
                     .toString(),
                 QStringLiteral("outstanding"));
    }

    // "Who else has this step open": everyone who can see the step sees who has it open, but a
    // worker can only say that they themself have it open, not pretend for someone else.
    void presenceIsWrittenOnlyForOneself()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi = decisionWithRequestToManager(f, f.childId);
        QVERIFY(dsi > 0);
        StepPresence swPresence(f.db(QStringLiteral("sw")));
        StepPresence managerPresence(f.db(QStringLiteral("manager")));
        EXPECT_OK(swPresence.enter(dsi, f.as(QStringLiteral("sw"), SW)));
        EXPECT_OK(managerPresence.enter(dsi, f.as(QStringLiteral("manager"), Manager)));
        QCOMPARE(swPresence.others(dsi, f.id(QStringLiteral("sw"))).size(), 1);
        QCOMPARE(managerPresence.others(dsi, f.id(QStringLiteral("manager"))).first().workerId,
                 f.id(QStringLiteral("sw")));

        const qint64 manager = f.id(QStringLiteral("manager"));
        EXPECT_REFUSED(f, QStringLiteral("sw"),
                       QStringLiteral("INSERT INTO step_presence (step_id, worker_id, "
                                      "acting_role, opened_at, seen_at) "
                                      "VALUES (?, ?, 'panel', now(), now())"),
                       (QVariantList{dsi, f.id(QStringLiteral("panelist"))}),
                       QLatin1String("row-level security"));
        // Another's row cannot be touched or removed: the statements find nothing to change.
        QCOMPARE(f.scalarAs(QStringLiteral("sw"),
                            QStringLiteral("WITH changed AS (UPDATE step_presence SET seen_at = "
                                           "now() - interval '1 day' WHERE worker_id = ? "
                                           "RETURNING 1) SELECT count(*) FROM changed"),
                            {manager})
                     .toInt(),
                 0);
        QCOMPARE(f.scalarAs(QStringLiteral("sw"),
                            QStringLiteral("WITH gone AS (DELETE FROM step_presence WHERE "
                                           "worker_id = ? RETURNING 1) SELECT count(*) FROM gone"),
                            {manager})
                     .toInt(),
                 0);
        QCOMPARE(swPresence.others(dsi, f.id(QStringLiteral("sw"))).size(), 1);
        // Presence is not history: leaving removes one's own row, and nothing is audited.
        swPresence.leave(dsi, f.id(QStringLiteral("sw")));
        QVERIFY(managerPresence.others(dsi, manager).isEmpty());
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE entity = "
                                            "'step_presence'"))
                     .toInt(),
                 0);
    }

    // A client that crashed or lost its network is not left "also open now": the server stamps
    // presence with its own clock and connection, and hides another's row once that connection
    // has ended or 90 s after its last touch, whatever the reader's client asks for.
    void presenceOfAGoneClientExpires()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi = decisionWithRequestToManager(f, f.childId);
        QVERIFY(dsi > 0);
        const qint64 sw = f.id(QStringLiteral("sw"));
        const qint64 manager = f.id(QStringLiteral("manager"));
        StepPresence swPresence(f.db(QStringLiteral("sw")));
        StepPresence managerPresence(f.db(QStringLiteral("manager")));
        EXPECT_OK(managerPresence.enter(dsi, f.as(QStringLiteral("manager"), Manager)));
        const int managerPid = f.db(QStringLiteral("manager"))
                                   .scalar(QStringLiteral("SELECT pg_backend_pid()"))
                                   .toInt();
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT backend_pid FROM step_presence "
                                            "WHERE worker_id = ?"),
                             {manager})
                     .toInt(),
                 managerPid);
        const int aDay = 24 * 3600;
        QCOMPARE(swPresence.others(dsi, sw, aDay).size(), 1);

        // A worker cannot date their presence into the future: the server's clock stamps it.
        QCOMPARE(f.scalarAs(QStringLiteral("manager"),
                            QStringLiteral("WITH changed AS (UPDATE step_presence SET seen_at = "
                                           "now() + interval '1 day' WHERE worker_id = ? "
                                           "RETURNING seen_at <= now() AS stamped) "
                                           "SELECT bool_and(stamped) FROM changed"),
                            {manager})
                     .toBool(),
                 true);

        // Not touched for two minutes: hidden, even from a reader that would accept a day.
        f.admin().exec(QStringLiteral("UPDATE step_presence SET seen_at = now() - interval "
                                      "'2 minutes' WHERE worker_id = ?"),
                       {manager});
        QVERIFY(swPresence.others(dsi, sw, aDay).isEmpty());
        managerPresence.touch({dsi}, manager);
        QCOMPARE(swPresence.others(dsi, sw, aDay).size(), 1);

        // The manager's CaseDesk crashes: the server sees its connection end.
        QVERIFY(f.admin()
                    .scalar(QStringLiteral("SELECT pg_terminate_backend(?)"), {managerPid})
                    .toBool());
        QTRY_VERIFY(!f.admin()
                         .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity "
                                                "WHERE pid = ?"),
                                 {managerPid})
                         .toInt());
        QVERIFY(swPresence.others(dsi, sw, aDay).isEmpty());
        // The row is still there (nobody removed it); it simply no longer counts.
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM step_presence "
                                            "WHERE worker_id = ?"),
                             {manager})
                     .toInt(),
                 1);
    }

    // A login that is not an active worker, or a worker acting through a group role, gets
    // nothing; a retired worker cannot sign in.
    void loginsThatAreNotWorkersGetNothing()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        // A bare login on the server, not a CaseDesk worker.
        const QString stranger = QStringLiteral("stranger.") +
                                 f.username(QStringLiteral("sw")).section(QLatin1Char('.'), 1);
        QString error;
        QVERIFY2(security::execUtility(f.admin(),
                                       QStringLiteral("CREATE ROLE ") +
                                           security::quoteIdentifier(f.admin(), stranger) +
                                           QStringLiteral(" LOGIN"),
                                       &error),
                 qPrintable(error));
        // PUBLIC has no CONNECT on the database (013_least_privilege): it cannot even connect.
        Database strangerDb;
        ConnectionSettings settings = f.admin().settings();
        settings.userName = stranger;
        QVERIFY(!strangerDb.open(settings, QStringLiteral("x")).isOk());
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT has_database_privilege(?, current_database(), "
                                            "'CONNECT')"),
                             {stranger})
                     .toBool(),
                 false);

        // A worker who takes on casedesk_user's identity is no longer a worker.
        QVERIFY2(security::execUtility(f.db(QStringLiteral("sw")),
                                       QStringLiteral("SET ROLE casedesk_user"), &error),
                 qPrintable(error));
        const QString asGroup = f.refusal(
            QStringLiteral("sw"),
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, assignee_worker_id, "
                           "created_by) VALUES (?, 'Child in Need Visit', ?, ?)"),
            {f.childId, f.id(QStringLiteral("sw")), f.id(QStringLiteral("sw"))});
        QVERIFY2(asGroup.contains(QLatin1String("is not an active CaseDesk worker")),
                 qPrintable(asGroup));
        QVERIFY(security::execUtility(f.db(QStringLiteral("sw")), QStringLiteral("RESET ROLE")));

        // Retired: the login stops.
        QString note;
        EXPECT_OK(Accounts(f.admin(), DefinitionRegistry::shared())
                      .retireWorker(f.username(QStringLiteral("sw2")), &note));
        Database retired;
        settings.userName = f.username(QStringLiteral("sw2"));
        const Status opened = retired.open(settings, QStringLiteral("x"));
        QVERIFY(!opened.isOk());
    }
};

QTEST_GUILESS_MAIN(TestServerRules)
#include "tst_serverrules.moc"
