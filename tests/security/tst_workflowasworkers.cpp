// Workflow A (Short Term Breaks) from visit to the receiving team, every role played by its own
// worker on their own PostgreSQL login, through the unchanged WorkflowEngine: the server's rules
// (003_server_rules.postgres.sql) let every permitted step of the guide through.
#include "securityfixture.h"

#include "definitions/definitionregistry.h"

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
const QString NotificationOfPanelDecision = QStringLiteral("CS Notification of Panel Decision");
const QString ReviewPurchaseRequest =
    QStringLiteral("CS Please review purchase request and authorise");

using Answers = QHash<QString, QString>;

} // namespace

class TestWorkflowAsWorkers : public QObject
{
    Q_OBJECT

    std::unique_ptr<SecurityFixture> m_fixture;

    SecurityFixture &f() { return *m_fixture; }
    WorkflowEngine &engine(const char *key) { return f().engine(QLatin1String(key)); }
    Actor sw() { return f().as(QStringLiteral("sw"), QStringLiteral("social_worker")); }
    Actor manager() { return f().as(QStringLiteral("manager"), QStringLiteral("ps_manager")); }
    Actor panel() { return f().as(QStringLiteral("panelist"), QStringLiteral("panel")); }

    // Visit -> Decision on Significant Information -> SC Panel -> the panel's decision.
    qint64 throughPanel(bool purchaseRequest)
    {
        Status status;
        qint64 scPanelStep = 0;
        [&] {
            // The social worker's visit, with the decision step sent immediately to themself.
            const qint64 visit = engine("sw").createStep(
                f().childId, QStringLiteral("Child in Need Visit"), Assignee::me(), sw(), &status);
            QVERIFY2(visit > 0, qPrintable(status.message()));
            EXPECT_OK(engine("sw").startStep(visit, sw()));
            QVERIFY2(engine("sw").addNextAction(visit, QStringLiteral("CS-VISIT"),
                                                DecisionOnSignificantInformation, Assignee::me(),
                                                true, sw(), &status) > 0,
                     qPrintable(status.message()));
            const qint64 dsi = f().incomingStep(DecisionOnSignificantInformation, visit);
            QVERIFY(dsi > 0);

            // C1044 and the REQUIRED request; the manager decides, completes, finishes.
            EXPECT_OK(engine("sw").startStep(dsi, sw()));
            EXPECT_OK(engine("sw").saveAnswers(
                dsi, QStringLiteral("C1044"),
                {{QStringLiteral("date_information_received"), QStringLiteral("2026-11-20")},
                 {QStringLiteral("source_of_information"), QStringLiteral("Visit")},
                 {QStringLiteral("details_of_significant_information"),
                  QStringLiteral("Carers exhausted.")},
                 {QStringLiteral("proposed_next_action"), QStringLiteral("Refer to Panel")}},
                sw()));
            QVERIFY2(engine("sw").addNextAction(dsi, QStringLiteral("C1044"),
                                                QStringLiteral("SC Panel"), Assignee::me(), false,
                                                sw(), &status) > 0,
                     qPrintable(status.message()));
            QVERIFY2(engine("sw").sendRequest(dsi, ReviewAndConfirm,
                                              f().worker(QStringLiteral("manager")), sw(),
                                              QString(), &status) > 0,
                     qPrintable(status.message()));
            EXPECT_OK(engine("manager").resumeStep(dsi, manager()));
            EXPECT_OK(engine("manager").saveAnswers(
                dsi, QStringLiteral("C1044"),
                {{QStringLiteral("manager_decision"), QStringLiteral("Agree - refer to Panel")},
                 {QStringLiteral("manager_required_actions"), QStringLiteral("Refer.")},
                 {QStringLiteral("manager_decision_date"), QStringLiteral("2026-11-21")}},
                manager()));
            EXPECT_OK(
                engine("manager").completeRequest(f().requestId(dsi, ReviewAndConfirm), manager()));
            EXPECT_OK(engine("manager").finishStep(dsi, manager()));
            scPanelStep = f().incomingStep(QStringLiteral("SC Panel"), dsi);
            QVERIFY(scPanelStep > 0);

            // SC Panel: C0824 and C0773 by the social worker, authorised by the manager.
            EXPECT_OK(engine("sw").startStep(scPanelStep, sw()));
            EXPECT_OK(engine("sw").saveAnswers(
                scPanelStep, QStringLiteral("C0824"),
                {{QStringLiteral("panel_requested"), QStringLiteral("CWD Resource Panel")}}, sw()));
            EXPECT_OK(engine("sw").openForm(scPanelStep, QStringLiteral("C0773"), sw()));
            EXPECT_OK(engine("sw").saveAnswers(
                scPanelStep, QStringLiteral("C0773"),
                {{QStringLiteral("services_requested"), QStringLiteral("Short Term Breaks")},
                 {QStringLiteral("reason_for_request"), QStringLiteral("Respite.")},
                 {QStringLiteral("childs_disability_and_needs"), QStringLiteral("Complex.")},
                 {QStringLiteral("outcomes_sought"), QStringLiteral("Overnight breaks.")}},
                sw()));
            QVERIFY2(engine("sw").sendRequest(scPanelStep, AuthorisePanelRequest,
                                              f().worker(QStringLiteral("manager")), sw(),
                                              QString(), &status) > 0,
                     qPrintable(status.message()));
            EXPECT_OK(engine("manager").resumeStep(scPanelStep, manager()));
            EXPECT_OK(engine("manager").saveAnswers(
                scPanelStep, QStringLiteral("C0773"),
                {{QStringLiteral("practice_supervisors_views"), QStringLiteral("Supported.")},
                 {QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
                manager()));
            EXPECT_OK(engine("manager").completeRequest(
                f().requestId(scPanelStep, AuthorisePanelRequest), manager()));
            QVERIFY2(engine("manager").sendRequest(scPanelStep, RequestForCwdPanel,
                                                   f().vw(QStringLiteral("cs-cwd-panel")),
                                                   manager(), QString(), &status) > 0,
                     qPrintable(status.message()));
            QCOMPARE(f().workOfVirtualWorker(QStringLiteral("cs-cwd-panel")),
                     QStringList{QStringLiteral("request: CS Request for CWD Panel: SC Panel")});

            // The panel, from CS CWD – Panel.
            EXPECT_OK(engine("panelist").resumeStep(scPanelStep, panel()));
            Answers decision{
                {QStringLiteral("panel_date"), QStringLiteral("2026-11-25")},
                {QStringLiteral("panel_decision"), QStringLiteral("Agreed")},
                {QStringLiteral("short_breaks_agreed"), QStringLiteral("Short Term Breaks Home")},
                {QStringLiteral("nights_agreed"), QStringLiteral("24")},
                {QStringLiteral("direct_payments_agreed"),
                 purchaseRequest ? QStringLiteral("true") : QStringLiteral("false")},
                {QStringLiteral("panel_reasons"), QStringLiteral("Needs met by short breaks.")}};
            if (purchaseRequest)
                decision.insert(QStringLiteral("dp_hours_agreed"), QStringLiteral("6"));
            EXPECT_OK(engine("panelist")
                          .saveAnswers(scPanelStep, QStringLiteral("C0773"), decision, panel()));
            QVERIFY2(engine("panelist")
                             .addNextAction(scPanelStep, QStringLiteral("C0824"),
                                            QStringLiteral("CS Placement Request"),
                                            f().worker(QStringLiteral("sw")), false, panel(),
                                            &status) > 0,
                     qPrintable(status.message()));
            if (purchaseRequest)
                QVERIFY2(engine("panelist")
                                 .addNextAction(scPanelStep, QStringLiteral("C0824"),
                                                QStringLiteral("SC Social Care Purchase Request"),
                                                f().worker(QStringLiteral("sw")), false, panel(),
                                                &status) > 0,
                         qPrintable(status.message()));
            EXPECT_OK(
                engine("panelist")
                    .completeRequest(f().requestId(scPanelStep, RequestForCwdPanel), panel()));
            QVERIFY2(engine("panelist")
                             .sendRequest(scPanelStep, NotificationOfPanelDecision,
                                          f().worker(QStringLiteral("sw")), panel(), QString(),
                                          &status) > 0,
                     qPrintable(status.message()));
            EXPECT_OK(engine("panelist").finishStep(scPanelStep, panel()));
        }();
        return QTest::currentTestFailed() ? 0 : scPanelStep;
    }

private slots:
    void init()
    {
        m_fixture = std::make_unique<SecurityFixture>();
        QString error;
        QVERIFY2(m_fixture->create(&error), qPrintable(error));
    }

    void cleanup() { m_fixture.reset(); }

    void purchaseRequestReachesDirectPaymentsInbox()
    {
        const qint64 scPanelStep = throughPanel(true);
        QVERIFY(scPanelStep > 0);
        const qint64 purchase =
            f().incomingStep(QStringLiteral("SC Social Care Purchase Request"), scPanelStep);
        QVERIFY(purchase > 0);
        Status status;
        EXPECT_OK(engine("sw").startStep(purchase, sw()));
        EXPECT_OK(engine("sw").saveAnswers(
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
            sw()));
        QVERIFY2(engine("sw").addNextAction(purchase, QStringLiteral("C1300"),
                                            QStringLiteral("CS Childrens Direct Payment Setup"),
                                            f().vw(QStringLiteral("direct-payments-inbox")), false,
                                            sw(), &status) > 0,
                 qPrintable(status.message()));
        QVERIFY2(engine("sw").sendRequest(purchase, ReviewPurchaseRequest,
                                          f().worker(QStringLiteral("manager")), sw(), QString(),
                                          &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(engine("manager").resumeStep(purchase, manager()));
        EXPECT_OK(engine("manager").saveAnswers(
            purchase, QStringLiteral("C1300"),
            {{QStringLiteral("authorisation_decision"), QStringLiteral("Authorised")},
             {QStringLiteral("authorisation_date"), QStringLiteral("2026-11-26")}},
            manager()));
        EXPECT_OK(engine("manager").completeRequest(f().requestId(purchase, ReviewPurchaseRequest),
                                                    manager()));
        EXPECT_OK(engine("manager").finishStep(purchase, manager()));
        QCOMPARE(f().workOfVirtualWorker(QStringLiteral("direct-payments-inbox")),
                 QStringList{QStringLiteral("incoming: CS Childrens Direct Payment Setup")});

        // The Direct Payments officer takes it from the inbox.
        const qint64 setup =
            f().incomingStep(QStringLiteral("CS Childrens Direct Payment Setup"), purchase);
        EXPECT_OK(engine("dpofficer")
                      .startStep(setup, f().as(QStringLiteral("dpofficer"),
                                               QStringLiteral("dp_officer"))));
        QCOMPARE(f().workOf(QStringLiteral("dpofficer")),
                 QStringList{QStringLiteral("started: CS Childrens Direct Payment Setup")});
    }

    void placementRequestReachesTheReceivingTeam_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("subtype");
        QTest::addColumn<QString>("nextAction");
        QTest::addColumn<QString>("assignTo"); // virtual worker code, or worker:<key>
        QTest::addColumn<QString>("receiver");
        QTest::addColumn<QString>("receiverRole");
        QTest::newRow("Haven Cottage")
            << QStringLiteral("Internal") << QStringLiteral("LCC CWD Short Breaks")
            << QStringLiteral("CS Short Term Breaks Placement Request")
            << QStringLiteral("haven-cottage") << QStringLiteral("haven")
            << QStringLiteral("home_staff");
        QTest::newRow("Strut House")
            << QStringLiteral("Internal") << QStringLiteral("LCC CWD Short Breaks")
            << QStringLiteral("CS Short Term Breaks Placement Request")
            << QStringLiteral("strut-house") << QStringLiteral("strut")
            << QStringLiteral("home_staff");
        QTest::newRow("Supervising Social Worker")
            << QStringLiteral("Internal")
            << QStringLiteral("CWD Short Breaks with LCC approved Foster Carer")
            << QStringLiteral("CS CWD STB with LCC Approved Foster Carer Placement Request")
            << QStringLiteral("worker:ssw") << QStringLiteral("ssw")
            << QStringLiteral("supervising_social_worker");
        QTest::newRow("Duty Desk")
            << QStringLiteral("Internal")
            << QStringLiteral("CWD Short Breaks with LCC approved Foster "
                              "Carer")
            << QStringLiteral("CS CWD STB with LCC Approved Foster Carer "
                              "Placement Request")
            << QStringLiteral("duty-desk") << QStringLiteral("duty") << QStringLiteral("duty_desk");
        QTest::newRow("Commissioned")
            << QStringLiteral("External") << QStringLiteral("CWD Short Breaks")
            << QStringLiteral("CS Commissioned Placement Request")
            << QStringLiteral("cs-commissioned-placement-inbox") << QStringLiteral("commissioner")
            << QStringLiteral("commissioning_officer");
    }

    void placementRequestReachesTheReceivingTeam()
    {
        QFETCH(QString, type);
        QFETCH(QString, subtype);
        QFETCH(QString, nextAction);
        QFETCH(QString, assignTo);
        QFETCH(QString, receiver);
        QFETCH(QString, receiverRole);
        const qint64 scPanelStep = throughPanel(false);
        QVERIFY(scPanelStep > 0);
        const qint64 placement =
            f().incomingStep(QStringLiteral("CS Placement Request"), scPanelStep);
        QVERIFY(placement > 0);
        Status status;
        EXPECT_OK(engine("sw").startStep(placement, sw()));
        Answers answers{
            {QStringLiteral("child_in_care_request"), QStringLiteral("No")},
            {QStringLiteral("checked_and_completed_by"), QStringLiteral("Worker sw")},
            {QStringLiteral("placement_request_type"), type},
            {QStringLiteral("date_agreed_at_panel"), QStringLiteral("2026-11-25")},
            {QStringLiteral("date_required_from"), QStringLiteral("2027-01-04")},
            {QStringLiteral("reason_for_request"), QStringLiteral("Short breaks agreed.")},
            {QStringLiteral("communication_needs"), QStringLiteral("Uses Makaton.")},
            {QStringLiteral("mobility_and_personal_care"), QStringLiteral("Wheelchair.")},
            {QStringLiteral("health_and_medication"), QStringLiteral("Epilepsy plan.")},
            {QStringLiteral("nights_agreed_per_year"), QStringLiteral("24")}};
        if (type == QLatin1String("Internal")) {
            answers.insert(QStringLiteral("internal_placement_type"), subtype);
            if (subtype.contains(QLatin1String("Foster Carer"))) {
                answers.insert(QStringLiteral("foster_carer_matching"),
                               QStringLiteral("Calm home."));
                answers.insert(QStringLiteral("foster_care_pattern"),
                               QStringLiteral("Overnight stays"));
            }
        } else {
            answers.insert(QStringLiteral("external_placement_type"), subtype);
            answers.insert(QStringLiteral("external_provider_requirements"),
                           QStringLiteral("Hoist."));
            answers.insert(QStringLiteral("external_weekly_budget"), QStringLiteral("450"));
        }
        EXPECT_OK(
            engine("sw").saveAnswers(placement, QStringLiteral("CS-PLACEMENT"), answers, sw()));
        const bool toWorker = assignTo.startsWith(QLatin1String("worker:"));
        const Assignee assignee = toWorker ? f().worker(assignTo.mid(7)) : f().vw(assignTo);
        QVERIFY2(engine("sw").addNextAction(placement, QStringLiteral("CS-PLACEMENT"), nextAction,
                                            assignee, false, sw(), &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(engine("sw").finishStep(placement, sw()));

        // The receiving team approves from its own work, on its own login.
        const qint64 received = f().incomingStep(nextAction, placement);
        QVERIFY(received > 0);
        const Actor receiving = f().as(receiver, receiverRole);
        WorkflowEngine &theirs = f().engine(receiver);
        EXPECT_OK(theirs.startStep(received, receiving));
        EXPECT_OK(theirs.saveAnswers(
            received, QStringLiteral("CS-PLACEMENT-RESPONSE"),
            {{QStringLiteral("placement_decision"), QStringLiteral("Accepted")},
             {QStringLiteral("placement_start_date"), QStringLiteral("2027-01-08")}},
            receiving));
        EXPECT_OK(theirs.finishStep(received, receiving));
        QVERIFY(f().workOf(receiver).isEmpty());
        QCOMPARE(engine("sw")
                     .answers(received, QStringLiteral("CS-PLACEMENT-RESPONSE"))
                     .value(QStringLiteral("placement_decision"))
                     .value,
                 QStringLiteral("Accepted"));
        // The Social Worker is told in their own tray, and clears it on their own login.
        const qint64 told =
            f().requestId(received, QStringLiteral("CS Notification of Placement Decision"));
        QVERIFY(told > 0);
        QVERIFY(f().workOf(QStringLiteral("sw"))
                    .contains(QStringLiteral("request: CS Notification of Placement Decision: ") +
                              nextAction));
        EXPECT_OK(engine("sw").clearNotice(told, sw()));
    }

    // A second placement request copies the answers of the finished first (prepopulation).
    void placementRequestPrepopulatesFromTheLastOne()
    {
        const qint64 scPanelStep = throughPanel(false);
        QVERIFY(scPanelStep > 0);
        const qint64 first = f().incomingStep(QStringLiteral("CS Placement Request"), scPanelStep);
        Status status;
        EXPECT_OK(engine("sw").startStep(first, sw()));
        EXPECT_OK(engine("sw").saveAnswers(
            first, QStringLiteral("CS-PLACEMENT"),
            {{QStringLiteral("child_in_care_request"), QStringLiteral("No")},
             {QStringLiteral("checked_and_completed_by"), QStringLiteral("Worker sw")},
             {QStringLiteral("placement_request_type"), QStringLiteral("Internal")},
             {QStringLiteral("internal_placement_type"), QStringLiteral("LCC CWD Short Breaks")},
             {QStringLiteral("date_agreed_at_panel"), QStringLiteral("2026-11-25")},
             {QStringLiteral("date_required_from"), QStringLiteral("2027-01-04")},
             {QStringLiteral("reason_for_request"), QStringLiteral("Short breaks agreed.")},
             {QStringLiteral("communication_needs"), QStringLiteral("Uses Makaton.")},
             {QStringLiteral("mobility_and_personal_care"), QStringLiteral("Wheelchair.")},
             {QStringLiteral("health_and_medication"), QStringLiteral("Epilepsy plan.")},
             {QStringLiteral("nights_agreed_per_year"), QStringLiteral("24")}},
            sw()));
        QVERIFY2(engine("sw").addNextAction(
                     first, QStringLiteral("CS-PLACEMENT"),
                     QStringLiteral("CS Short Term Breaks Placement Request"),
                     f().vw(QStringLiteral("haven-cottage")), false, sw(), &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(engine("sw").finishStep(first, sw()));
        // Not startable from the record: a second one made by the administrator.
        const qint64 second = f().adminEngine().createStep(
            f().childId, QStringLiteral("CS Placement Request"), Assignee::me(), sw(), &status);
        QVERIFY2(second > 0, qPrintable(status.message()));
        EXPECT_OK(engine("sw").startStep(second, sw()));
        EXPECT_OK(engine("sw").prepopulate(second, sw()));
        QCOMPARE(engine("sw")
                     .answers(second, QStringLiteral("CS-PLACEMENT"))
                     .value(QStringLiteral("reason_for_request"))
                     .copiedFromStepId,
                 first);
    }
};

QTEST_GUILESS_MAIN(TestWorkflowAsWorkers)
#include "tst_workflowasworkers.moc"
