// Decisions as data that gate routing (issue 14, item 1; docs/decisions.md): every branch of the
// Short Term Breaks decisions that "allowedWhen" in forms/ encodes, through the engine on both
// backends. A next action the decision does not allow is held back at Finish (and said so); a
// request it does not allow is refused, naming the decision.
#include "scenario.h"

using namespace casedesk;
using namespace casedesk::test;

namespace {
const QString ScPanel = QStringLiteral("SC Panel");
const QString PlacementRequest = QStringLiteral("CS Placement Request");
const QString PurchaseRequest = QStringLiteral("SC Social Care Purchase Request");
const QString DpSetup = QStringLiteral("CS Childrens Direct Payment Setup");
} // namespace

class TestDecisionGates : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<AuthorityFixture> m_authority;
    std::unique_ptr<WorkflowEngine> m_engine;

    AuthorityFixture &a() { return *m_authority; }
    WorkflowEngine &engine() { return *m_engine; }
    Actor sw() { return a().as(QStringLiteral("sw"), QStringLiteral("social_worker")); }
    Actor manager() { return a().as(QStringLiteral("manager"), QStringLiteral("ps_manager")); }
    Actor panel() { return a().as(QStringLiteral("panelist"), QStringLiteral("panel")); }

    qint64 released(const QString &stepType, qint64 fromStepId)
    {
        return m_database->db()
            .scalar(QStringLiteral("SELECT count(*) FROM worksteps WHERE step_type = ? AND "
                                   "from_step_id = ?"),
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

    // A step of `type` started by the social worker (created as an administrator would: the
    // steps before it are not what these tests are about).
    qint64 startedStep(const QString &type)
    {
        Status status;
        const qint64 id = engine().createStep(a().childId, type, Assignee::me(), sw(), &status);
        [&] { QVERIFY2(id > 0, qPrintable(status.message())); }();
        [&] { EXPECT_OK(engine().startStep(id, sw())); }();
        return id;
    }

    // SC Panel as far as the Panel's decision: the SW's C0824 and C0773, the PS/Manager's views
    // (supporting the request), CS Request for CWD Panel sent to CS CWD – Panel.
    qint64 scPanelAtPanel()
    {
        const qint64 step = startedStep(ScPanel);
        Status status;
        [&] {
            EXPECT_OK(engine().saveAnswers(
                step, QStringLiteral("C0824"),
                {{QStringLiteral("panel_requested"), QStringLiteral("CWD Resource Panel")}}, sw()));
            EXPECT_OK(engine().openForm(step, QStringLiteral("C0773"), sw()));
            EXPECT_OK(
                engine().saveAnswers(step, QStringLiteral("C0773"), c0773SocialWorker(), sw()));
            QVERIFY(engine().sendRequest(step, AuthorisePanelRequest,
                                         a().worker(QStringLiteral("manager")), sw(), QString(),
                                         &status) > 0);
            EXPECT_OK(engine().saveAnswers(
                step, QStringLiteral("C0773"),
                {{QStringLiteral("practice_supervisors_views"), QStringLiteral("Support.")},
                 {QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
                manager()));
            EXPECT_OK(engine().completeRequest(requestId(step, AuthorisePanelRequest), manager()));
            QVERIFY2(engine().sendRequest(step, RequestForCwdPanel,
                                          a().vw(QStringLiteral("cs-cwd-panel")), manager(),
                                          QString(), &status) > 0,
                     qPrintable(status.message()));
        }();
        return step;
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
        m_engine.reset();
        m_authority.reset();
        m_database.reset();
    }

    // C1044: the SW adds SC Panel before the manager decides; only "Agree - refer to Panel"
    // releases it at Finish.
    void managersDecisionGovernsScPanel_data()
    {
        QTest::addColumn<QString>("decision");
        QTest::addColumn<bool>("releases");
        QTest::newRow("agree") << QStringLiteral("Agree - refer to Panel") << true;
        QTest::newRow("do not agree")
            << QStringLiteral("Do not agree - no further action") << false;
        QTest::newRow("further information")
            << QStringLiteral("Further information required") << false;
    }

    void managersDecisionGovernsScPanel()
    {
        QFETCH(QString, decision);
        QFETCH(bool, releases);
        const qint64 dsi = startedStep(DecisionOnSignificantInformation);
        Status status;
        EXPECT_OK(engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044SocialWorker(), sw()));
        QVERIFY2(engine().addNextAction(dsi, QStringLiteral("C1044"), ScPanel, Assignee::me(),
                                        false, sw(), &status) > 0,
                 qPrintable(status.message()));
        QVERIFY(engine().sendRequest(dsi, ReviewAndConfirm, a().worker(QStringLiteral("manager")),
                                     sw(), QString(), &status) > 0);
        EXPECT_OK(engine().resumeStep(dsi, manager()));
        Answers answers = c1044Manager();
        answers.insert(QStringLiteral("manager_decision"), decision);
        EXPECT_OK(engine().saveAnswers(dsi, QStringLiteral("C1044"), answers, manager()));
        EXPECT_OK(engine().completeRequest(requestId(dsi, ReviewAndConfirm), manager()));
        QStringList heldBack;
        EXPECT_OK(engine().finishStep(dsi, manager(), nullptr, &heldBack));
        QCOMPARE(released(ScPanel, dsi), releases ? 1 : 0);
        if (releases) {
            QVERIFY(heldBack.isEmpty());
            QCOMPARE(a().workOf(QStringLiteral("sw")),
                     QStringList{QStringLiteral("incoming: SC Panel")});
        } else {
            QCOMPARE(heldBack, QStringList{QStringLiteral("SC Panel will not be released: the "
                                                          "PS/Manager decided \"%1\".")
                                               .arg(decision)});
            QVERIFY(a().workOf(QStringLiteral("sw")).isEmpty());
            // The finish is audited with what was held back.
            QVERIFY(m_database->db()
                        .scalar(QStringLiteral("SELECT details FROM audit_log WHERE action = "
                                               "'finish' AND entity_id = ?"),
                                {dsi})
                        .toString()
                        .contains(QStringLiteral("held back: SC Panel will not be released")));
        }
    }

    // C0773: CS Request for CWD Panel goes to the panel only once the PS/Manager supports it.
    void panelRequestNeedsTheManagersSupport()
    {
        const qint64 step = startedStep(ScPanel);
        Status status;
        EXPECT_OK(engine().openForm(step, QStringLiteral("C0773"), sw()));
        EXPECT_OK(engine().saveAnswers(step, QStringLiteral("C0773"), c0773SocialWorker(), sw()));
        const Assignee panelInbox = a().vw(QStringLiteral("cs-cwd-panel"));
        QCOMPARE(
            engine().sendRequest(step, RequestForCwdPanel, panelInbox, sw(), QString(), &status),
            qint64(-1));
        QCOMPARE(status.message(),
                 QStringLiteral("CS Request for CWD Panel cannot be sent: the PS/Manager has not "
                                "recorded \"Practice Supervisor supports the request\" yet."));
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        // The requests dialog's read gives the same reason (its Send button says it).
        QCOMPARE(engine().requestsView(step, sw()).whyCannotSend.value(RequestForCwdPanel),
                 status.message());
        QVERIFY(engine().sendRequest(step, AuthorisePanelRequest,
                                     a().worker(QStringLiteral("manager")), sw(), QString(),
                                     &status) > 0);
        EXPECT_OK(engine().saveAnswers(
            step, QStringLiteral("C0773"),
            {{QStringLiteral("practice_supervisors_views"), QStringLiteral("Not yet.")},
             {QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("false")}},
            manager()));
        QCOMPARE(engine().sendRequest(step, RequestForCwdPanel, panelInbox, manager(), QString(),
                                      &status),
                 qint64(-1));
        QCOMPARE(status.message(),
                 QStringLiteral("CS Request for CWD Panel cannot be sent: the PS/Manager answered "
                                "\"Practice Supervisor supports the request\": No."));
        QCOMPARE(requestId(step, RequestForCwdPanel), qint64(0));
        EXPECT_OK(engine().saveAnswers(
            step, QStringLiteral("C0773"),
            {{QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
            manager()));
        QVERIFY(!engine().requestsView(step, manager()).whyCannotSend.contains(RequestForCwdPanel));
        QVERIFY2(engine().sendRequest(step, RequestForCwdPanel, panelInbox, manager(), QString(),
                                      &status) > 0,
                 qPrintable(status.message()));
    }

    // C0773 Section 2: the notification goes to the SW only once the Panel has decided.
    void notificationNeedsThePanelsDecision()
    {
        const qint64 step = scPanelAtPanel();
        Status status;
        EXPECT_OK(engine().resumeStep(step, panel()));
        QCOMPARE(engine().sendRequest(step, NotificationOfPanelDecision,
                                      a().worker(QStringLiteral("sw")), panel(), QString(),
                                      &status),
                 qint64(-1));
        QCOMPARE(status.message(),
                 QStringLiteral("CS Notification of Panel Decision cannot be sent: the Panel has "
                                "not recorded \"Panel decision\" yet."));
        EXPECT_OK(engine().saveAnswers(step, QStringLiteral("C0773"), c0773Panel(false), panel()));
        QVERIFY2(engine().sendRequest(step, NotificationOfPanelDecision,
                                      a().worker(QStringLiteral("sw")), panel(), QString(),
                                      &status) > 0,
                 qPrintable(status.message()));
    }

    // C0824 Section 2: what the Panel added is released only if the Panel agreed.
    void panelsDecisionGovernsPlacementAndPurchase_data()
    {
        QTest::addColumn<QString>("decision");
        QTest::addColumn<bool>("releases");
        QTest::newRow("agreed") << QStringLiteral("Agreed") << true;
        QTest::newRow("agreed with amendments") << QStringLiteral("Agreed with amendments") << true;
        QTest::newRow("not agreed") << QStringLiteral("Not agreed") << false;
        QTest::newRow("deferred") << QStringLiteral("Deferred - further information required")
                                  << false;
    }

    void panelsDecisionGovernsPlacementAndPurchase()
    {
        QFETCH(QString, decision);
        QFETCH(bool, releases);
        const qint64 step = scPanelAtPanel();
        Status status;
        EXPECT_OK(engine().resumeStep(step, panel()));
        for (const QString &type : {PlacementRequest, PurchaseRequest})
            QVERIFY2(engine().addNextAction(step, QStringLiteral("C0824"), type,
                                            a().worker(QStringLiteral("sw")), false, panel(),
                                            &status) > 0,
                     qPrintable(status.message()));
        Answers answers{{QStringLiteral("panel_date"), QStringLiteral("2026-11-25")},
                        {QStringLiteral("panel_decision"), decision},
                        {QStringLiteral("panel_reasons"), QStringLiteral("Considered at panel.")}};
        EXPECT_OK(engine().saveAnswers(step, QStringLiteral("C0773"), answers, panel()));
        EXPECT_OK(engine().completeRequest(requestId(step, RequestForCwdPanel), panel()));
        QStringList heldBack;
        EXPECT_OK(engine().finishStep(step, panel(), nullptr, &heldBack));
        QCOMPARE(released(PlacementRequest, step), releases ? 1 : 0);
        QCOMPARE(released(PurchaseRequest, step), releases ? 1 : 0);
        if (releases) {
            QVERIFY(heldBack.isEmpty());
        } else {
            const QString why =
                QStringLiteral(" will not be released: the Panel decided \"%1\".").arg(decision);
            QCOMPARE(heldBack, (QStringList{PlacementRequest + why, PurchaseRequest + why}));
        }
    }

    // C1300 Section 9: the Direct Payment setup reaches the inbox only if authorised.
    void authorisationGovernsDirectPaymentSetup_data()
    {
        QTest::addColumn<QString>("decision");
        QTest::addColumn<bool>("releases");
        QTest::newRow("authorised") << QStringLiteral("Authorised") << true;
        QTest::newRow("not authorised") << QStringLiteral("Not authorised") << false;
        QTest::newRow("further information")
            << QStringLiteral("Further information required") << false;
    }

    void authorisationGovernsDirectPaymentSetup()
    {
        QFETCH(QString, decision);
        QFETCH(bool, releases);
        const qint64 purchase = startedStep(PurchaseRequest);
        Status status;
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
        QVERIFY2(engine().addNextAction(purchase, QStringLiteral("C1300"), DpSetup,
                                        a().vw(QStringLiteral("direct-payments-inbox")), false,
                                        sw(), &status) > 0,
                 qPrintable(status.message()));
        QVERIFY(engine().sendRequest(purchase, ReviewPurchaseRequest,
                                     a().worker(QStringLiteral("manager")), sw(), QString(),
                                     &status) > 0);
        EXPECT_OK(engine().resumeStep(purchase, manager()));
        EXPECT_OK(engine().saveAnswers(
            purchase, QStringLiteral("C1300"),
            {{QStringLiteral("authorisation_decision"), decision},
             {QStringLiteral("authorisation_date"), QStringLiteral("2026-11-26")}},
            manager()));
        EXPECT_OK(engine().completeRequest(requestId(purchase, ReviewPurchaseRequest), manager()));
        QStringList heldBack;
        EXPECT_OK(engine().finishStep(purchase, manager(), nullptr, &heldBack));
        QCOMPARE(a().workOfVirtualWorker(QStringLiteral("direct-payments-inbox")),
                 releases ? QStringList{QStringLiteral("incoming: ") + DpSetup} : QStringList());
        QCOMPARE(heldBack.isEmpty(), releases);
        if (!releases)
            QCOMPARE(heldBack.value(0), DpSetup + QStringLiteral(" will not be released: the "
                                                                 "PS/Manager decided \"%1\".")
                                                      .arg(decision));
    }
};

QTEST_GUILESS_MAIN(TestDecisionGates)
#include "tst_decisiongates.moc"
