// Workflow A, every route of the Short Term Breaks quick guide, each role played in turn, with
// every affected worker's and virtual worker's work checked after every step.
#include "scenario.h"

using namespace casedesk;
using namespace casedesk::test;

class TestShortTermBreaks : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<AuthorityFixture> m_authority;
    std::unique_ptr<WorkflowEngine> m_engine;
    QStringList m_visitStillOpen; // the visit stays started after Save and Close

    // The social worker's work: the open visit (if any) plus `items`, sorted.
    QStringList swWork(QStringList items) const
    {
        items += m_visitStillOpen;
        items.sort();
        return items;
    }

    AuthorityFixture &a() { return *m_authority; }
    WorkflowEngine &engine() { return *m_engine; }
    Actor sw() { return a().as(QStringLiteral("sw"), QStringLiteral("social_worker")); }
    Actor manager() { return a().as(QStringLiteral("manager"), QStringLiteral("ps_manager")); }
    Actor panel() { return a().as(QStringLiteral("panelist"), QStringLiteral("panel")); }

    qint64 incomingStep(const QString &stepType, qint64 fromStepId)
    {
        return m_database->db()
            .scalar(
                QStringLiteral("SELECT id FROM worksteps WHERE step_type = ? AND from_step_id = ?"),
                {stepType, fromStepId})
            .toLongLong();
    }

    qint64 requestId(qint64 stepId, const QString &type)
    {
        for (const RequestRecord &request : engine().requests(stepId)) {
            if (request.requestType == type)
                return request.id;
        }
        return 0;
    }

    // Guide page 1: from a visit, CS Decision on Significant Information with Send Immediately
    // and Assign to Me; Save and Close the visit.
    qint64 visitToDecisionOnSignificantInformation(const QString &visitType)
    {
        Status status;
        const qint64 visit =
            engine().createStep(a().childId, visitType, Assignee::me(), sw(), &status);
        [&] { QVERIFY2(status.isOk(), qPrintable(status.message())); }();
        [&] { EXPECT_OK(engine().startStep(visit, sw())); }();
        const qint64 action = engine().addNextAction(visit, QStringLiteral("CS-VISIT"),
                                                     DecisionOnSignificantInformation,
                                                     Assignee::me(), true, sw(), &status);
        [&] { QVERIFY2(action > 0, qPrintable(status.message())); }();
        m_visitStillOpen = QStringList{QStringLiteral("started: ") + visitType};
        if (QTest::currentTestFailed())
            return 0;
        return incomingStep(DecisionOnSignificantInformation, visit);
    }

    // Guide: the SW records C1044 and asks the manager; the manager decides, completes and
    // finishes; the SW receives SC Panel.
    qint64 decisionOnSignificantInformationToScPanel(qint64 dsi)
    {
        [&] {
            QCOMPARE(a().workOf(QStringLiteral("sw")),
                     swWork({QStringLiteral("incoming: ") + DecisionOnSignificantInformation}));
            EXPECT_OK(engine().startStep(dsi, sw()));
            EXPECT_OK(
                engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044SocialWorker(), sw()));
            Status status;
            QVERIFY2(engine().addNextAction(dsi, QStringLiteral("C1044"),
                                            QStringLiteral("SC Panel"), Assignee::me(), false, sw(),
                                            &status) > 0,
                     qPrintable(status.message()));
            QVERIFY2(engine().sendRequest(dsi, ReviewAndConfirm,
                                          a().worker(QStringLiteral("manager")), sw(), QString(),
                                          &status) > 0,
                     qPrintable(status.message()));
            QCOMPARE(a().workOf(QStringLiteral("manager")),
                     QStringList{QStringLiteral("request: ") + ReviewAndConfirm +
                                 QStringLiteral(": ") + DecisionOnSignificantInformation});
            QCOMPARE(a().workOf(QStringLiteral("sw")),
                     swWork({QStringLiteral("started: ") + DecisionOnSignificantInformation}));

            EXPECT_OK(engine().resumeStep(dsi, manager()));
            EXPECT_OK(
                engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044Manager(), manager()));
            EXPECT_OK(engine().completeRequest(requestId(dsi, ReviewAndConfirm), manager()));
            EXPECT_OK(engine().finishStep(dsi, manager()));
            QVERIFY(a().workOf(QStringLiteral("manager")).isEmpty());
            QCOMPARE(a().workOf(QStringLiteral("sw")),
                     swWork({QStringLiteral("incoming: SC Panel")}));
        }();
        if (QTest::currentTestFailed())
            return 0;
        return incomingStep(QStringLiteral("SC Panel"), dsi);
    }

    // Guide: "Recording SC Panel" by the SW, the PS/Manager and Panel.
    void scPanel(qint64 scPanelStep, bool purchaseRequest)
    {
        Status status;
        EXPECT_OK(engine().startStep(scPanelStep, sw()));
        EXPECT_OK(engine().saveAnswers(
            scPanelStep, QStringLiteral("C0824"),
            {{QStringLiteral("panel_requested"), QStringLiteral("CWD Resource Panel")}}, sw()));
        EXPECT_OK(engine().openForm(scPanelStep, QStringLiteral("C0773"), sw()));
        QCOMPARE(engine().step(scPanelStep).openForms,
                 (QStringList{QStringLiteral("C0824"), QStringLiteral("C0773")}));
        EXPECT_OK(
            engine().saveAnswers(scPanelStep, QStringLiteral("C0773"), c0773SocialWorker(), sw()));
        QVERIFY(engine().sendRequest(scPanelStep, AuthorisePanelRequest,
                                     a().worker(QStringLiteral("manager")), sw(), QString(),
                                     &status) > 0);
        QCOMPARE(a().workOf(QStringLiteral("manager")),
                 QStringList{QStringLiteral("request: CS Manager: Please authorise Panel request: "
                                            "SC Panel")});

        // PS/Manager: Practice Supervisor's Views, Completed, then CS Request for CWD Panel.
        EXPECT_OK(engine().resumeStep(scPanelStep, manager()));
        EXPECT_OK(engine().saveAnswers(
            scPanelStep, QStringLiteral("C0773"),
            {{QStringLiteral("practice_supervisors_views"), QStringLiteral("Supported.")},
             {QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
            manager()));
        EXPECT_OK(
            engine().completeRequest(requestId(scPanelStep, AuthorisePanelRequest), manager()));
        QVERIFY2(engine().sendRequest(scPanelStep, RequestForCwdPanel,
                                      a().vw(QStringLiteral("cs-cwd-panel")), manager(), QString(),
                                      &status) > 0,
                 qPrintable(status.message()));
        QVERIFY(a().workOf(QStringLiteral("manager")).isEmpty());
        QCOMPARE(a().workOfVirtualWorker(QStringLiteral("cs-cwd-panel")),
                 QStringList{QStringLiteral("request: CS Request for CWD Panel: SC Panel")});

        // Panel, from CS CWD – Panel: Section 2. Panel Decision, next actions, Completed,
        // CS Notification of Panel Decision to the SW, finish.
        EXPECT_OK(engine().resumeStep(scPanelStep, panel()));
        EXPECT_OK(engine().saveAnswers(scPanelStep, QStringLiteral("C0773"),
                                       c0773Panel(purchaseRequest), panel()));
        QVERIFY2(engine().addNextAction(
                     scPanelStep, QStringLiteral("C0824"), QStringLiteral("CS Placement Request"),
                     a().worker(QStringLiteral("sw")), false, panel(), &status) > 0,
                 qPrintable(status.message()));
        if (purchaseRequest)
            QVERIFY2(engine().addNextAction(scPanelStep, QStringLiteral("C0824"),
                                            QStringLiteral("SC Social Care Purchase Request"),
                                            a().worker(QStringLiteral("sw")), false, panel(),
                                            &status) > 0,
                     qPrintable(status.message()));
        EXPECT_OK(engine().completeRequest(requestId(scPanelStep, RequestForCwdPanel), panel()));
        QVERIFY2(engine().sendRequest(scPanelStep, NotificationOfPanelDecision,
                                      a().worker(QStringLiteral("sw")), panel(), QString(),
                                      &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(engine().finishStep(scPanelStep, panel()));
        QVERIFY(a().workOfVirtualWorker(QStringLiteral("cs-cwd-panel")).isEmpty());
        QStringList expected{
            QStringLiteral("incoming: CS Placement Request"),
            QStringLiteral("request: CS Notification of Panel Decision: SC Panel")};
        if (purchaseRequest)
            expected << QStringLiteral("incoming: SC Social Care Purchase Request");
        QCOMPARE(a().workOf(QStringLiteral("sw")), swWork(expected));
    }

    qint64 throughPanel(bool purchaseRequest)
    {
        const qint64 dsi =
            visitToDecisionOnSignificantInformation(QStringLiteral("Child in Need Visit"));
        const qint64 scPanelStep = decisionOnSignificantInformationToScPanel(dsi);
        scPanel(scPanelStep, purchaseRequest);
        return QTest::currentTestFailed() ? 0 : scPanelStep;
    }

    Answers placementAnswers(const QString &type, const QString &subtype)
    {
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
        return answers;
    }

private slots:
    void init()
    {
        m_database = std::make_unique<TestDatabase>();
        QString error;
        QVERIFY2(m_database->create(&error), qPrintable(error));
        m_authority = std::make_unique<AuthorityFixture>(m_database->db());
        m_engine = std::make_unique<WorkflowEngine>(m_database->db(), DefinitionRegistry::shared());
    }

    void cleanup()
    {
        m_visitStillOpen.clear();
        m_engine.reset();
        m_authority.reset();
        m_database.reset();
    }

    void fromEachVisitToScPanel_data()
    {
        QTest::addColumn<QString>("visitType");
        QTest::newRow("Child in Need Visit") << QStringLiteral("Child in Need Visit");
        QTest::newRow("Child Protection Visit") << QStringLiteral("Child Protection Visit");
        QTest::newRow("Child in Care Visit") << QStringLiteral("Child in Care Visit");
    }

    void fromEachVisitToScPanel()
    {
        QFETCH(QString, visitType);
        const qint64 dsi = visitToDecisionOnSignificantInformation(visitType);
        QVERIFY(dsi > 0);
        // Send Immediately: the step is there while the visit is still open.
        QCOMPARE(a().workOf(QStringLiteral("sw")),
                 (QStringList{QStringLiteral("incoming: ") + DecisionOnSignificantInformation,
                              QStringLiteral("started: ") + visitType}));
        QCOMPARE(engine().step(dsi).status, StepStatus::Incoming);
        const qint64 scPanelStep = decisionOnSignificantInformationToScPanel(dsi);
        QVERIFY(scPanelStep > 0);
    }

    void fromEachAssessmentDirectlyToScPanel_data()
    {
        QTest::addColumn<QString>("stepType");
        QTest::addColumn<QString>("form");
        QTest::newRow("SC Child and Family Assessment")
            << QStringLiteral("SC Child and Family Assessment") << QStringLiteral("SC-ASSESSMENT");
        QTest::newRow("SC Specialist Assessments")
            << QStringLiteral("SC Specialist Assessments") << QStringLiteral("SC-ASSESSMENT");
        QTest::newRow("SC Decision to Seek Accommodation")
            << QStringLiteral("SC Decision to Seek Accommodation")
            << QStringLiteral("SC-ACCOMMODATION");
    }

    void fromEachAssessmentDirectlyToScPanel()
    {
        QFETCH(QString, stepType);
        QFETCH(QString, form);
        Status status;
        const qint64 assessment =
            engine().createStep(a().childId, stepType, Assignee::me(), sw(), &status);
        QVERIFY2(assessment > 0, qPrintable(status.message()));
        QCOMPARE(engine().step(assessment).openForms, QStringList{form});
        EXPECT_OK(engine().startStep(assessment, sw()));
        QVERIFY2(engine().addNextAction(assessment, form, QStringLiteral("SC Panel"),
                                        Assignee::me(), false, sw(), &status) > 0,
                 qPrintable(status.message()));
        // Not sent immediately: SC Panel arrives when the assessment is finished.
        QCOMPARE(a().workOf(QStringLiteral("sw")),
                 QStringList{QStringLiteral("started: ") + stepType});
        QList<Problem> problems;
        QVERIFY(!engine().finishStep(assessment, sw(), &problems).isOk());
        QVERIFY(!problems.isEmpty());
        QHash<QString, QString> answers;
        const FormDefinition *definition = engine().definitions().form(form);
        for (const Problem &problem : problems) {
            const QuestionDefinition *question = definition->question(problem.questionId);
            QVERIFY(question);
            answers.insert(problem.questionId,
                           question->type == QuestionType::Choice ? question->choices.first()
                           : question->type == QuestionType::Date ? QStringLiteral("2026-11-01")
                                                                  : QStringLiteral("Recorded."));
        }
        EXPECT_OK(engine().saveAnswers(assessment, form, answers, sw()));
        EXPECT_OK(engine().finishStep(assessment, sw()));
        const qint64 scPanelStep = incomingStep(QStringLiteral("SC Panel"), assessment);
        QVERIFY(scPanelStep > 0);
        QCOMPARE(a().workOf(QStringLiteral("sw")),
                 QStringList{QStringLiteral("incoming: SC Panel")});
        scPanel(scPanelStep, false);
    }

    void purchaseRequestReachesDirectPaymentsInbox()
    {
        const qint64 scPanelStep = throughPanel(true);
        const qint64 purchase =
            incomingStep(QStringLiteral("SC Social Care Purchase Request"), scPanelStep);
        QVERIFY(purchase > 0);
        Status status;
        EXPECT_OK(engine().startStep(purchase, sw()));
        // Section 7 and its next action exist only for Direct Payment.
        QVERIFY(engine().addNextAction(purchase, QStringLiteral("C1300"),
                                       QStringLiteral("CS Childrens Direct Payment Setup"),
                                       a().vw(QStringLiteral("direct-payments-inbox")), false, sw(),
                                       &status) < 0);
        EXPECT_OK(engine().saveAnswers(
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
        QVERIFY2(engine().addNextAction(purchase, QStringLiteral("C1300"),
                                        QStringLiteral("CS Childrens Direct Payment Setup"),
                                        a().vw(QStringLiteral("direct-payments-inbox")), false,
                                        sw(), &status) > 0,
                 qPrintable(status.message()));
        QVERIFY2(engine().sendRequest(purchase, ReviewPurchaseRequest,
                                      a().worker(QStringLiteral("manager")), sw(), QString(),
                                      &status) > 0,
                 qPrintable(status.message()));
        QCOMPARE(a().workOf(QStringLiteral("manager")),
                 QStringList{QStringLiteral("request: CS Please review purchase request and "
                                            "authorise: SC Social Care Purchase Request")});
        QVERIFY(a().workOfVirtualWorker(QStringLiteral("direct-payments-inbox")).isEmpty());

        EXPECT_OK(engine().resumeStep(purchase, manager()));
        EXPECT_OK(engine().saveAnswers(
            purchase, QStringLiteral("C1300"),
            {{QStringLiteral("authorisation_decision"), QStringLiteral("Authorised")},
             {QStringLiteral("authorisation_date"), QStringLiteral("2026-11-26")}},
            manager()));
        EXPECT_OK(engine().completeRequest(requestId(purchase, ReviewPurchaseRequest), manager()));
        EXPECT_OK(engine().finishStep(purchase, manager()));
        QCOMPARE(a().workOfVirtualWorker(QStringLiteral("direct-payments-inbox")),
                 QStringList{QStringLiteral("incoming: CS Childrens Direct Payment Setup")});
        QVERIFY(a().workOf(QStringLiteral("manager")).isEmpty());
    }

    void placementRequestReachesTheReceivingTeam_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("subtype");
        QTest::addColumn<QString>("nextAction");
        QTest::addColumn<QString>("assignTo"); // virtual worker code, or worker username
        QTest::addColumn<QString>("receiver");
        QTest::addColumn<QString>("receiverRole");
        QTest::addColumn<QString>("decision");
        QTest::newRow("Internal: Haven Cottage")
            << QStringLiteral("Internal") << QStringLiteral("LCC CWD Short Breaks")
            << QStringLiteral("CS Short Term Breaks Placement Request")
            << QStringLiteral("haven-cottage") << QStringLiteral("haven")
            << QStringLiteral("home_staff") << QStringLiteral("Accepted");
        QTest::newRow("Internal: Strut House declines")
            << QStringLiteral("Internal") << QStringLiteral("LCC CWD Short Breaks")
            << QStringLiteral("CS Short Term Breaks Placement Request")
            << QStringLiteral("strut-house") << QStringLiteral("strut")
            << QStringLiteral("home_staff") << QStringLiteral("Declined");
        QTest::newRow("Internal: foster carer via Supervising Social Worker")
            << QStringLiteral("Internal")
            << QStringLiteral("CWD Short Breaks with LCC approved Foster Carer")
            << QStringLiteral("CS CWD STB with LCC Approved Foster Carer Placement Request")
            << QStringLiteral("worker:ssw") << QStringLiteral("ssw")
            << QStringLiteral("supervising_social_worker") << QStringLiteral("Accepted");
        QTest::newRow("Internal: foster carer via Duty Desk")
            << QStringLiteral("Internal")
            << QStringLiteral("CWD Short Breaks with LCC approved Foster Carer")
            << QStringLiteral("CS CWD STB with LCC Approved Foster Carer Placement Request")
            << QStringLiteral("duty-desk") << QStringLiteral("duty") << QStringLiteral("duty_desk")
            << QStringLiteral("Accepted");
        QTest::newRow("External: commissioned")
            << QStringLiteral("External") << QStringLiteral("CWD Short Breaks")
            << QStringLiteral("CS Commissioned Placement Request")
            << QStringLiteral("cs-commissioned-placement-inbox") << QStringLiteral("commissioner")
            << QStringLiteral("commissioning_officer") << QStringLiteral("Accepted");
    }

    void placementRequestReachesTheReceivingTeam()
    {
        QFETCH(QString, type);
        QFETCH(QString, subtype);
        QFETCH(QString, nextAction);
        QFETCH(QString, assignTo);
        QFETCH(QString, receiver);
        QFETCH(QString, receiverRole);
        QFETCH(QString, decision);
        const qint64 scPanelStep = throughPanel(false);
        const qint64 placement = incomingStep(QStringLiteral("CS Placement Request"), scPanelStep);
        QVERIFY(placement > 0);
        Status status;
        EXPECT_OK(engine().startStep(placement, sw()));
        EXPECT_OK(engine().saveAnswers(placement, QStringLiteral("CS-PLACEMENT"),
                                       placementAnswers(type, subtype), sw()));
        const bool toWorker = assignTo.startsWith(QLatin1String("worker:"));
        const Assignee assignee = toWorker ? a().worker(assignTo.mid(7)) : a().vw(assignTo);
        QVERIFY2(engine().addNextAction(placement, QStringLiteral("CS-PLACEMENT"), nextAction,
                                        assignee, false, sw(), &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(engine().finishStep(placement, sw()));
        const QStringList arrived{QStringLiteral("incoming: ") + nextAction};
        QCOMPARE(toWorker ? a().workOf(receiver) : a().workOfVirtualWorker(assignTo), arrived);

        // The receiving team reviews and approves (or declines) from its own work.
        const qint64 received = incomingStep(nextAction, placement);
        const Actor receiving = a().as(receiver, receiverRole);
        EXPECT_OK(engine().startStep(received, receiving));
        if (!toWorker) {
            QVERIFY(a().workOfVirtualWorker(assignTo).isEmpty());
            QCOMPARE(a().workOf(receiver), QStringList{QStringLiteral("started: ") + nextAction});
        }
        Answers response{{QStringLiteral("placement_decision"), decision}};
        if (decision == QLatin1String("Accepted"))
            response.insert(QStringLiteral("placement_start_date"), QStringLiteral("2027-01-08"));
        else
            response.insert(QStringLiteral("decline_reason"), QStringLiteral("No capacity."));
        EXPECT_OK(engine().saveAnswers(received, QStringLiteral("CS-PLACEMENT-RESPONSE"), response,
                                       receiving));
        EXPECT_OK(engine().finishStep(received, receiving));
        QVERIFY(a().workOf(receiver).isEmpty());

        // The social worker is told of the decision in their own tray (issue 14), and clears it.
        const QString told =
            QStringLiteral("request: CS Notification of Placement Decision: ") + nextAction;
        QVERIFY2(a().workOf(QStringLiteral("sw")).contains(told),
                 qPrintable(a().workOf(QStringLiteral("sw")).join(u'\n')));
        const QList<RequestRecord> sent = engine().requests(received);
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.first().senderWorkerId, receiving.workerId);
        EXPECT_OK(engine().clearNotice(sent.first().id, sw()));
        QVERIFY(!a().workOf(QStringLiteral("sw")).contains(told));

        // The social worker sees the answer on the step made from their request.
        const StepRecord answered = engine().step(received);
        QCOMPARE(answered.status, StepStatus::Finished);
        QCOMPARE(answered.fromStepId, placement);
        QCOMPARE(engine()
                     .answers(received, QStringLiteral("CS-PLACEMENT-RESPONSE"))
                     .value(QStringLiteral("placement_decision"))
                     .value,
                 decision);
    }
};

QTEST_GUILESS_MAIN(TestShortTermBreaks)
#include "tst_shorttermbreaks.moc"
