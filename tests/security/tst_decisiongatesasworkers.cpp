// Decisions as data on the server (019_decision_gates.postgres.sql): what the decision on a step
// does not allow is refused on each worker's own login, whatever the client, naming the
// decision; and what it allows still goes through the engine on that same login.
#include "securityfixture.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString SW = QStringLiteral("social_worker");
const QString Manager = QStringLiteral("ps_manager");
const QString Decision = QStringLiteral("CS Decision on Significant Information (Open SC Case)");
const QString ReviewAndConfirm =
    QStringLiteral("CS Manager: Please review and confirm next action");
const QString AuthorisePanelRequest = QStringLiteral("CS Manager: Please authorise Panel request");
const QString RequestForCwdPanel = QStringLiteral("CS Request for CWD Panel");
const QString PurchaseRequest = QStringLiteral("SC Social Care Purchase Request");
const QString Setup = QStringLiteral("CS Childrens Direct Payment Setup");
const QString ReviewPurchaseRequest =
    QStringLiteral("CS Please review purchase request and authorise");

// As psql would: release a step from a next action; send a request to a virtual worker.
const QString InsertStep = QStringLiteral(
    "INSERT INTO worksteps (person_id, step_type, assignee_worker_id, assignee_virtual_worker_id, "
    "from_step_id, created_by) VALUES (?, ?, ?, ?, ?, ?)");
const QString InsertRequest = QStringLiteral(
    "INSERT INTO requests (step_id, request_type, is_required, sender_worker_id, sent_as_role, "
    "recipient_virtual_worker_id) VALUES (?, ?, FALSE, ?, ?, ?)");

QVariant noId()
{
    return QVariant(QMetaType(QMetaType::LongLong));
}

} // namespace

class TestDecisionGatesAsWorkers : public QObject
{
    Q_OBJECT

    // C1044 with SC Panel added by the social worker and the manager's decision recorded and the
    // request completed, all on their own logins; the manager then finishes through the engine.
    qint64 decidedAndFinished(SecurityFixture &f, const QString &decision)
    {
        Status status;
        const Actor sw = f.as(QStringLiteral("sw"), SW);
        const Actor manager = f.as(QStringLiteral("manager"), Manager);
        const qint64 dsi =
            f.adminEngine().createStep(f.childId, Decision, Assignee::me(), sw, &status);
        WorkflowEngine &swEngine = f.engine(QStringLiteral("sw"));
        WorkflowEngine &managerEngine = f.engine(QStringLiteral("manager"));
        [&] {
            QVERIFY2(dsi > 0, qPrintable(status.message()));
            EXPECT_OK(swEngine.startStep(dsi, sw));
            EXPECT_OK(swEngine.saveAnswers(
                dsi, QStringLiteral("C1044"),
                {{QStringLiteral("date_information_received"), QStringLiteral("2026-11-20")},
                 {QStringLiteral("source_of_information"), QStringLiteral("Visit")},
                 {QStringLiteral("details_of_significant_information"), QStringLiteral("Needs.")},
                 {QStringLiteral("proposed_next_action"), QStringLiteral("Refer to Panel")}},
                sw));
            QVERIFY2(swEngine.addNextAction(dsi, QStringLiteral("C1044"),
                                            QStringLiteral("SC Panel"), Assignee::me(), false, sw,
                                            &status) > 0,
                     qPrintable(status.message()));
            QVERIFY2(swEngine.sendRequest(dsi, ReviewAndConfirm,
                                          f.worker(QStringLiteral("manager")), sw, QString(),
                                          &status) > 0,
                     qPrintable(status.message()));
            EXPECT_OK(managerEngine.resumeStep(dsi, manager));
            EXPECT_OK(managerEngine.saveAnswers(
                dsi, QStringLiteral("C1044"),
                {{QStringLiteral("manager_decision"), decision},
                 {QStringLiteral("manager_required_actions"), QStringLiteral("As decided.")},
                 {QStringLiteral("manager_decision_date"), QStringLiteral("2026-11-21")}},
                manager));
            EXPECT_OK(managerEngine.completeRequest(f.requestId(dsi, ReviewAndConfirm), manager));
            EXPECT_OK(managerEngine.finishStep(dsi, manager));
        }();
        return QTest::currentTestFailed() ? 0 : dsi;
    }

    // SC Social Care Purchase Request written by the social worker with CS Childrens Direct
    // Payment Setup added, decided by the manager and finished, on their own logins.
    qint64 purchaseDecided(SecurityFixture &f, const QString &decision, QStringList &heldBack)
    {
        qint64 purchase = 0;
        [&] {
            Status status;
            const Actor sw = f.as(QStringLiteral("sw"), SW);
            const Actor manager = f.as(QStringLiteral("manager"), Manager);
            purchase =
                f.adminEngine().createStep(f.childId, PurchaseRequest, Assignee::me(), sw, &status);
            QVERIFY2(purchase > 0, qPrintable(status.message()));
            WorkflowEngine &swEngine = f.engine(QStringLiteral("sw"));
            EXPECT_OK(swEngine.startStep(purchase, sw));
            EXPECT_OK(swEngine.saveAnswers(
                purchase, QStringLiteral("C1300"),
                {{QStringLiteral("required_purchase_type"), QStringLiteral("Direct Payment")},
                 {QStringLiteral("reason_for_purchase"), QStringLiteral("Agreed at panel.")},
                 {QStringLiteral("assessed_needs"), QStringLiteral("Personal care support.")},
                 {QStringLiteral("outcomes_sought"), QStringLiteral("Community activities.")},
                 {QStringLiteral("funding_source"), QStringLiteral("Children's Social Care")},
                 {QStringLiteral("dp_paid_to"), QStringLiteral("Parent")},
                 {QStringLiteral("dp_hours_per_week"), QStringLiteral("6")},
                 {QStringLiteral("dp_weekly_amount"), QStringLiteral("96.00")},
                 {QStringLiteral("dp_start_date"), QStringLiteral("2027-01-04")},
                 {QStringLiteral("dp_agreed_at_panel_date"), QStringLiteral("2026-11-25")},
                 {QStringLiteral("dp_purpose"), QStringLiteral("Personal assistant hours.")}},
                sw));
            QVERIFY2(swEngine.addNextAction(purchase, QStringLiteral("C1300"), Setup,
                                            f.vw(QStringLiteral("direct-payments-inbox")), false,
                                            sw, &status) > 0,
                     qPrintable(status.message()));
            QVERIFY2(swEngine.sendRequest(purchase, ReviewPurchaseRequest,
                                          f.worker(QStringLiteral("manager")), sw, QString(),
                                          &status) > 0,
                     qPrintable(status.message()));
            WorkflowEngine &managerEngine = f.engine(QStringLiteral("manager"));
            EXPECT_OK(managerEngine.resumeStep(purchase, manager));
            EXPECT_OK(managerEngine.saveAnswers(
                purchase, QStringLiteral("C1300"),
                {{QStringLiteral("authorisation_decision"), decision},
                 {QStringLiteral("authorisation_date"), QStringLiteral("2026-11-26")}},
                manager));
            EXPECT_OK(managerEngine.completeRequest(f.requestId(purchase, ReviewPurchaseRequest),
                                                    manager));
            EXPECT_OK(managerEngine.finishStep(purchase, manager, nullptr, &heldBack));
        }();
        return purchase;
    }

private slots:
    // The definitions' gates reach the server with the rest of the rules.
    void gatesAreSyncedFromTheDefinitions()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT allowed_question || ':' || "
                                            "array_to_string(allowed_any_of, '|') FROM "
                                            "rule_next_actions WHERE form_code = 'C1044' AND "
                                            "step_type = 'SC Panel'"))
                     .toString(),
                 QStringLiteral("manager_decision:Agree - refer to Panel"));
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT allowed_form || ':' || allowed_question FROM "
                                            "rule_request_types WHERE request_type = ?"),
                             {RequestForCwdPanel})
                     .toString(),
                 QStringLiteral("C0773:practice_supervisor_supports_request"));
    }

    // The manager's "Do not agree": SC Panel is held back by the engine, and the manager who
    // finished the step cannot release it by hand either.
    void doNotAgreeStopsScPanelOnTheServer()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi =
            decidedAndFinished(f, QStringLiteral("Do not agree - no further action"));
        QVERIFY(dsi > 0);
        QCOMPARE(f.incomingStep(QStringLiteral("SC Panel"), dsi), qint64(0));
        EXPECT_REFUSED(
            f, QStringLiteral("manager"), InsertStep,
            (QVariantList{f.childId, QStringLiteral("SC Panel"), f.id(QStringLiteral("sw")), noId(),
                          dsi, f.id(QStringLiteral("manager"))}),
            QLatin1String("SC Panel cannot be released: the PS/Manager decided \"Do "
                          "not agree - no further action\"."));
        QVERIFY(f.workOf(QStringLiteral("sw")).isEmpty());
    }

    // "Agree - refer to Panel" on the same logins releases it.
    void agreeReleasesScPanelOnTheServer()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 dsi = decidedAndFinished(f, QStringLiteral("Agree - refer to Panel"));
        QVERIFY(dsi > 0);
        QVERIFY(f.incomingStep(QStringLiteral("SC Panel"), dsi) > 0);
        QCOMPARE(f.workOf(QStringLiteral("sw")), QStringList{QStringLiteral("incoming: SC Panel")});
    }

    // CS Request for CWD Panel without the PS/Manager's support, sent as SQL on a social
    // worker's and then the manager's own login, is refused; with it, the engine sends it.
    void panelRequestNeedsTheManagersSupportOnTheServer()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        Status status;
        const Actor sw = f.as(QStringLiteral("sw"), SW);
        const Actor manager = f.as(QStringLiteral("manager"), Manager);
        const qint64 step = f.adminEngine().createStep(f.childId, QStringLiteral("SC Panel"),
                                                       Assignee::me(), sw, &status);
        QVERIFY2(step > 0, qPrintable(status.message()));
        WorkflowEngine &swEngine = f.engine(QStringLiteral("sw"));
        EXPECT_OK(swEngine.startStep(step, sw));
        EXPECT_OK(swEngine.openForm(step, QStringLiteral("C0773"), sw));
        const qint64 panelInbox = f.vwId(QStringLiteral("cs-cwd-panel"));
        EXPECT_REFUSED(
            f, QStringLiteral("sw"), InsertRequest,
            (QVariantList{step, RequestForCwdPanel, f.id(QStringLiteral("sw")), SW, panelInbox}),
            QLatin1String("CS Request for CWD Panel cannot be sent: the PS/Manager has "
                          "not recorded \"Practice Supervisor supports the request\" "
                          "yet."));
        QVERIFY2(swEngine.sendRequest(step, AuthorisePanelRequest,
                                      f.worker(QStringLiteral("manager")), sw, QString(),
                                      &status) > 0,
                 qPrintable(status.message()));
        WorkflowEngine &managerEngine = f.engine(QStringLiteral("manager"));
        EXPECT_OK(managerEngine.saveAnswers(
            step, QStringLiteral("C0773"),
            {{QStringLiteral("practice_supervisors_views"), QStringLiteral("Not yet.")},
             {QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("false")}},
            manager));
        EXPECT_REFUSED(f, QStringLiteral("manager"), InsertRequest,
                       (QVariantList{step, RequestForCwdPanel, f.id(QStringLiteral("manager")),
                                     Manager, panelInbox}),
                       QLatin1String("the PS/Manager answered \"Practice Supervisor supports the "
                                     "request\": No."));
        EXPECT_OK(managerEngine.saveAnswers(
            step, QStringLiteral("C0773"),
            {{QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
            manager));
        QVERIFY2(managerEngine.sendRequest(step, RequestForCwdPanel,
                                           f.vw(QStringLiteral("cs-cwd-panel")), manager, QString(),
                                           &status) > 0,
                 qPrintable(status.message()));
    }

    // Notices (022_notice_requests, R__request_rules): on a finished SC Panel, the social worker's
    // own login clears CS Notification of Panel Decision, cannot decline it, and cannot answer
    // an ordinary request of that closed step.
    void aNoticeIsClearedOnAFinishedStepOnTheServer()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        Status status;
        const qint64 step =
            f.adminEngine().createStep(f.childId, QStringLiteral("SC Panel"), Assignee::me(),
                                       f.as(QStringLiteral("sw"), SW), &status);
        QVERIFY2(step > 0, qPrintable(status.message()));
        const QString send = QStringLiteral(
            "INSERT INTO requests (step_id, request_type, is_required, status, sender_worker_id, "
            "sent_as_role, recipient_worker_id, note, sent_at) "
            "VALUES (?, ?, FALSE, 'outstanding', ?, ?, ?, '', CURRENT_TIMESTAMP) RETURNING id");
        const qint64 notice =
            f.admin().insert(send, {step, QStringLiteral("CS Notification of Panel Decision"),
                                    f.id(QStringLiteral("panelist")), QStringLiteral("panel"),
                                    f.id(QStringLiteral("sw"))});
        const qint64 ordinary =
            f.admin().insert(send, {step, ReviewAndConfirm, f.id(QStringLiteral("sw")), SW,
                                    f.id(QStringLiteral("manager"))});
        QVERIFY(notice > 0 && ordinary > 0);
        f.admin().exec(QStringLiteral("UPDATE worksteps SET status = 'finished' WHERE id = ?"),
                       {step});
        const QString answer = QStringLiteral(
            "UPDATE requests SET status = ?, responded_by = ?, responded_as_role = ?, "
            "responded_at = CURRENT_TIMESTAMP, decline_reason = ? WHERE id = ?");
        EXPECT_REFUSED(f, QStringLiteral("sw"), answer,
                       (QVariantList{QStringLiteral("declined"), f.id(QStringLiteral("sw")), SW,
                                     QStringLiteral("Not for me."), notice}),
                       QLatin1String("is a notice: it is cleared, not declined."));
        EXPECT_REFUSED(f, QStringLiteral("manager"), answer,
                       (QVariantList{QStringLiteral("completed"), f.id(QStringLiteral("manager")),
                                     Manager, QString(), ordinary}),
                       QLatin1String("so its requests are closed."));
        // The other social worker is not its recipient.
        EXPECT_REFUSED(f, QStringLiteral("sw2"), answer,
                       (QVariantList{QStringLiteral("completed"), f.id(QStringLiteral("sw2")), SW,
                                     QString(), notice}),
                       QLatin1String("only its recipient can complete or decline it"));
        // Through the engine on the social worker's own login, as the tray's Clear notice does.
        EXPECT_OK(
            f.engine(QStringLiteral("sw")).clearNotice(notice, f.as(QStringLiteral("sw"), SW)));
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT status FROM requests WHERE id = ?"), {notice})
                     .toString(),
                 QStringLiteral("completed"));
    }

    // C1300 "Not authorised": the Direct Payment setup is held back, and cannot be released to
    // Direct Payments – Inbox by hand.
    void notAuthorisedStopsTheSetupOnTheServer()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        QStringList heldBack;
        const qint64 purchase = purchaseDecided(f, QStringLiteral("Not authorised"), heldBack);
        QVERIFY(!QTest::currentTestFailed());
        const qint64 inbox = f.vwId(QStringLiteral("direct-payments-inbox"));
        QCOMPARE(heldBack.size(), 1);
        EXPECT_REFUSED(f, QStringLiteral("manager"), InsertStep,
                       (QVariantList{f.childId, Setup, noId(), inbox, purchase,
                                     f.id(QStringLiteral("manager"))}),
                       QLatin1String("CS Childrens Direct Payment Setup cannot be released: the "
                                     "PS/Manager decided \"Not authorised\"."));
        QVERIFY(f.workOfVirtualWorker(QStringLiteral("direct-payments-inbox")).isEmpty());
    }

    // No re-keying (023_carried_answers): the Direct Payments officer's login starts the setup
    // and gets the authorised amount carried; it cannot then be changed, nor carried forged.
    void theAuthorisedAmountIsCarriedReadOnlyOnTheServer()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        QStringList heldBack;
        const qint64 purchase = purchaseDecided(f, QStringLiteral("Authorised"), heldBack);
        QVERIFY(!QTest::currentTestFailed());
        QVERIFY(heldBack.isEmpty());
        const qint64 setup = f.incomingStep(Setup, purchase);
        QVERIFY(setup > 0);
        const Actor officer = f.as(QStringLiteral("dpofficer"), QStringLiteral("dp_officer"));
        EXPECT_OK(f.engine(QStringLiteral("dpofficer")).startStep(setup, officer));
        const QString amount =
            QStringLiteral("SELECT value FROM form_answers WHERE step_id = ? AND question_id = ? "
                           "ORDER BY version DESC LIMIT 1");
        QCOMPARE(f.admin().scalar(amount, {setup, QStringLiteral("dp_weekly_amount")}).toString(),
                 QStringLiteral("96.00"));
        const QString write = QStringLiteral(
            "INSERT INTO form_answers (step_id, form_code, question_id, value, version, saved_by, "
            "saved_as_role, saved_at, copied_from_step_id) "
            "VALUES (?, 'CS-DP-SETUP', ?, ?, ?, ?, 'dp_officer', CURRENT_TIMESTAMP, ?)");
        const QVariant none(QMetaType(QMetaType::LongLong));
        EXPECT_REFUSED(
            f, QStringLiteral("dpofficer"), write,
            (QVariantList{setup, QStringLiteral("dp_weekly_amount"), QStringLiteral("150.00"), 2,
                          f.id(QStringLiteral("dpofficer")), none}),
            QLatin1String("was decided on an earlier step and cannot be changed here"));
        // What may change still does.
        QCOMPARE(f.refusal(QStringLiteral("dpofficer"), write,
                           {setup, QStringLiteral("dp_start_date"), QStringLiteral("2027-01-11"), 2,
                            f.id(QStringLiteral("dpofficer")), none}),
                 QString());
    }
};

QTEST_GUILESS_MAIN(TestDecisionGatesAsWorkers)
#include "tst_decisiongatesasworkers.moc"
