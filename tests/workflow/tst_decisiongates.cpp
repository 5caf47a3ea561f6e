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

    // Issue 14, item 7: before the PS/Manager has decided, the social worker is told that the
    // decision waits for the PS/Manager, not that they must answer it themselves; the manager,
    // finishing, is told it needs an answer.
    void theManagersQuestionsWaitForTheManager()
    {
        const qint64 dsi = startedStep(DecisionOnSignificantInformation);
        EXPECT_OK(engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044SocialWorker(), sw()));
        const auto messageFor = [&](const Actor &actor, const QString &question) {
            for (const Problem &problem : engine().snapshot(dsi, actor).whatIsMissing) {
                if (problem.questionId == question)
                    return problem.message;
            }
            return QString();
        };
        QCOMPARE(messageFor(sw(), QStringLiteral("manager_decision")),
                 QStringLiteral("C1044, Section 1. Details of Significant Information: \"Decision "
                                "and Required Actions\" is for the PS/Manager to answer; the step "
                                "can be finished once they have."));
        QVERIFY(messageFor(manager(), QStringLiteral("manager_decision"))
                    .endsWith(QLatin1String("\"Decision and Required Actions\" needs an answer.")));
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

    // Issue 14, item 4: the social worker clears CS Notification of Panel Decision from their
    // tray once read, although SC Panel has finished; an ordinary request on a closed step stays
    // closed, and a notice is never declined.
    void aNoticeIsClearedAfterItsStepHasFinished()
    {
        const qint64 step = scPanelAtPanel();
        Status status;
        EXPECT_OK(engine().resumeStep(step, panel()));
        EXPECT_OK(engine().saveAnswers(step, QStringLiteral("C0773"), c0773Panel(false), panel()));
        const qint64 notice =
            engine().sendRequest(step, NotificationOfPanelDecision,
                                 a().worker(QStringLiteral("sw")), panel(), QString(), &status);
        QVERIFY2(notice > 0, qPrintable(status.message()));
        EXPECT_OK(engine().completeRequest(requestId(step, RequestForCwdPanel), panel()));
        EXPECT_OK(engine().finishStep(step, panel()));

        // Only notices are cleared.
        const qint64 authorise = requestId(step, AuthorisePanelRequest);
        QCOMPARE(engine().clearNotice(authorise, manager()).message(),
                 QStringLiteral("\"%1\" is not a notice: open it to complete or decline it.")
                     .arg(AuthorisePanelRequest));

        // Only its recipient clears it, and does not decline it.
        QVERIFY(!engine().clearNotice(notice, manager()).isOk());
        QVERIFY(engine()
                    .declineRequest(notice, QStringLiteral("Not for me."), sw())
                    .message()
                    .contains(QLatin1String("is a notice")));
        QCOMPARE(engine().whyCannotRespond(notice, sw()), QString());
        EXPECT_OK(engine().clearNotice(notice, sw()));
        QCOMPARE(engine().request(notice).status, RequestStatus::Completed);
        QVERIFY(engine()
                    .whyCannotRespond(notice, sw())
                    .startsWith(QLatin1String("This notice was already cleared by")));
        QCOMPARE(engine().requestsView(step, sw()).whyCannotRespond.value(notice),
                 engine().whyCannotRespond(notice, sw()));
        QVERIFY(!engine().clearNotice(notice, sw()).isOk()); // not twice
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
        if (releases)
            theSetupCarriesTheAuthorisedAmount(purchase);
    }

private:
    // Issue 14, item 6: the Direct Payments officer does not type the authorised amount again:
    // starting CS Childrens Direct Payment Setup carries it (read-only), the payee and the start
    // date (which may still be changed) from C1300.
    void theSetupCarriesTheAuthorisedAmount(qint64 purchase)
    {
        const qint64 setup =
            m_database->db()
                .scalar(QStringLiteral("SELECT id FROM worksteps WHERE from_step_id = ?"),
                        {purchase})
                .toLongLong();
        QVERIFY(setup > 0);
        const Actor officer = a().as(QStringLiteral("dpofficer"), QStringLiteral("dp_officer"));
        EXPECT_OK(engine().startStep(setup, officer));
        const QHash<QString, AnswerRecord> carried =
            engine().snapshot(setup, officer).answers.value(QStringLiteral("CS-DP-SETUP"));
        QCOMPARE(carried.value(QStringLiteral("dp_weekly_amount")).value, QStringLiteral("96.00"));
        QCOMPARE(carried.value(QStringLiteral("dp_weekly_amount")).copiedFromStepId, purchase);
        QCOMPARE(carried.value(QStringLiteral("dp_recipient")).value, QStringLiteral("Parent"));
        QCOMPARE(carried.value(QStringLiteral("dp_start_date")).value,
                 QStringLiteral("2027-01-04"));
        QList<Problem> problems;
        const Status changed =
            engine().saveAnswers(setup, QStringLiteral("CS-DP-SETUP"),
                                 {{QStringLiteral("dp_weekly_amount"), QStringLiteral("150.00")}},
                                 officer, -1, &problems);
        QVERIFY(!changed.isOk());
        QCOMPARE(problems.value(0).message,
                 QStringLiteral("\"Weekly amount (£)\" was decided in SC Social Care Purchase "
                                "Request and cannot be changed here."));
        EXPECT_OK(engine().saveAnswers(
            setup, QStringLiteral("CS-DP-SETUP"),
            {{QStringLiteral("dp_start_date"), QStringLiteral("2027-01-11")}}, officer));
    }
};

QTEST_GUILESS_MAIN(TestDecisionGates)
#include "tst_decisiongates.moc"
