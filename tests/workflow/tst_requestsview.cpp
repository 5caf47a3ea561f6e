// WorkflowEngine::requestsView(): what the requests dialog shows, read in one statement, equal
// part by part to the separate calls (step, requests, whyCannotEdit, whyCannotRespond for each
// request) — for requests outstanding, completed and declined, sent to a worker and to an inbox,
// for actors who may and may not answer them, and once the step is closed.
#include "scenario.h"

using namespace casedesk;
using namespace casedesk::test;

class TestRequestsView : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<AuthorityFixture> m_authority;
    std::unique_ptr<WorkflowEngine> m_engine;

    AuthorityFixture &a() { return *m_authority; }
    WorkflowEngine &engine() { return *m_engine; }
    Actor as(const char *username, const char *role)
    {
        return a().as(QString::fromLatin1(username), QString::fromLatin1(role));
    }
    QList<Actor> actors()
    {
        return {
            as("sw", "social_worker"), as("sw2", "social_worker"),    as("manager", "ps_manager"),
            as("panelist", "panel"),   as("dual", "ps_manager"),      as("dual", "panel"),
            as("manager", "panel"),    as("dpofficer", "dp_officer"), as("haven", "home_staff")};
    }

    // Every part of the view against its separate call.
    void compareWithSeparateCalls(qint64 stepId, const Actor &actor)
    {
        const QString who = QStringLiteral("worker %1 as %2").arg(actor.workerId).arg(actor.role);
        const WorkflowEngine::RequestsView view = engine().requestsView(stepId, actor);
        const StepRecord step = engine().step(stepId);
        QCOMPARE(view.step.id, step.id);
        QCOMPARE(view.step.stepType, step.stepType);
        QCOMPARE(view.step.personName, step.personName);
        QCOMPARE(view.step.status, step.status);
        QVERIFY(!view.step.unreadable);
        QCOMPARE(view.whyCannotEdit, engine().whyCannotEdit(stepId, actor));
        const QList<RequestRecord> requests = engine().requests(stepId);
        QCOMPARE(view.requests.size(), requests.size());
        QCOMPARE(view.whyCannotRespond.size(), requests.size());
        for (qsizetype i = 0; i < requests.size(); ++i) {
            const RequestRecord &read = view.requests.at(i);
            const RequestRecord &separate = requests.at(i);
            QCOMPARE(read.id, separate.id);
            QCOMPARE(read.stepId, separate.stepId);
            QCOMPARE(read.requestType, separate.requestType);
            QCOMPARE(read.stepType, separate.stepType);
            QCOMPARE(read.required, separate.required);
            QCOMPARE(read.status, separate.status);
            QCOMPARE(read.senderWorkerId, separate.senderWorkerId);
            QCOMPARE(read.senderName, separate.senderName);
            QCOMPARE(read.sentAsRole, separate.sentAsRole);
            QCOMPARE(read.recipientWorkerId, separate.recipientWorkerId);
            QCOMPARE(read.recipientVirtualWorkerId, separate.recipientVirtualWorkerId);
            QCOMPARE(read.recipientName, separate.recipientName);
            QCOMPARE(read.note, separate.note);
            QCOMPARE(read.sentAt, separate.sentAt);
            QCOMPARE(read.respondedByName, separate.respondedByName);
            QCOMPARE(read.respondedAt, separate.respondedAt);
            QCOMPARE(read.declineReason, separate.declineReason);
            QVERIFY2(view.whyCannotRespond.contains(separate.id), qPrintable(who));
            QVERIFY2(
                view.whyCannotRespond.value(separate.id) ==
                    engine().whyCannotRespond(separate.id, actor),
                qPrintable(who + QStringLiteral(": \"") + view.whyCannotRespond.value(separate.id) +
                           QStringLiteral("\" against \"") +
                           engine().whyCannotRespond(separate.id, actor) + QStringLiteral("\"")));
        }
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

    void everyPartEqualsItsSeparateCall()
    {
        const Actor sw = as("sw", "social_worker");
        const qint64 panel =
            engine().createStep(a().childId, QStringLiteral("SC Panel"), Assignee::me(), sw);
        QVERIFY(panel > 0);
        // Incoming: nothing sent yet.
        for (const Actor &actor : actors())
            compareWithSeparateCalls(panel, actor);
        EXPECT_OK(engine().startStep(panel, sw));

        // Completed, outstanding to an inbox, declined, and outstanding to a worker.
        const qint64 authorise = engine().sendRequest(panel, AuthorisePanelRequest,
                                                      a().worker(QStringLiteral("manager")), sw);
        QVERIFY(authorise > 0);
        EXPECT_OK(engine().completeRequest(authorise, as("manager", "ps_manager")));
        // The decisions the next two wait for (allowedWhen): the PS/Manager's support, then the
        // Panel's decision.
        EXPECT_OK(engine().openForm(panel, QStringLiteral("C0773"), sw));
        EXPECT_OK(engine().saveAnswers(
            panel, QStringLiteral("C0773"),
            {{QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
            as("manager", "ps_manager")));
        QVERIFY(engine().sendRequest(panel, RequestForCwdPanel,
                                     a().vw(QStringLiteral("cs-cwd-panel")), sw,
                                     QStringLiteral("For the next panel.")) > 0);
        EXPECT_OK(
            engine().saveAnswers(panel, QStringLiteral("C0773"),
                                 {{QStringLiteral("panel_decision"), QStringLiteral("Agreed")}},
                                 as("panelist", "panel")));
        const qint64 notification = engine().sendRequest(panel, NotificationOfPanelDecision,
                                                         a().worker(QStringLiteral("sw2")), sw);
        QVERIFY(notification > 0);
        // A notice is cleared once read, never declined.
        EXPECT_OK(engine().clearNotice(notification, as("sw2", "social_worker")));
        QVERIFY(engine().sendRequest(panel, AuthorisePanelRequest,
                                     a().worker(QStringLiteral("manager")), sw) > 0);
        QCOMPARE(engine().requests(panel).size(), 4);
        for (const Actor &actor : actors())
            compareWithSeparateCalls(panel, actor);

        // Who may answer what, word for word.
        const WorkflowEngine::RequestsView asManager =
            engine().requestsView(panel, as("manager", "ps_manager"));
        const QList<RequestRecord> &requests = asManager.requests;
        QVERIFY(asManager.whyCannotRespond.value(requests.at(0).id)
                    .startsWith(QStringLiteral("This request was already completed by")));
        QVERIFY(asManager.whyCannotRespond.value(requests.at(2).id)
                    .startsWith(QStringLiteral("This notice was already cleared by")));
        QCOMPARE(asManager.whyCannotRespond.value(requests.at(3).id), QString());
        QCOMPARE(engine()
                     .requestsView(panel, as("panelist", "panel"))
                     .whyCannotRespond.value(requests.at(1).id),
                 QString());
        QCOMPARE(engine()
                     .requestsView(panel, as("manager", "panel"))
                     .whyCannotRespond.value(requests.at(3).id),
                 QStringLiteral("You do not hold the role you are acting in."));

        // Closed: nothing can be answered, nor sent.
        EXPECT_OK(engine().cancelStep(panel, QStringLiteral("Made in error"), sw));
        for (const Actor &actor : actors())
            compareWithSeparateCalls(panel, actor);
        QCOMPARE(engine().requestsView(panel, sw).whyCannotRespond.value(requests.at(3).id),
                 QStringLiteral("The step this request is about has been closed."));
    }

    void aStepThatDoesNotExist()
    {
        const WorkflowEngine::RequestsView view =
            engine().requestsView(987654, as("sw", "social_worker"));
        QCOMPARE(view.step.id, qint64(0));
        QVERIFY(!view.step.unreadable);
        QVERIFY(view.requests.isEmpty());
        QCOMPARE(view.whyCannotEdit, QStringLiteral("This step no longer exists."));
    }
};

QTEST_MAIN(TestRequestsView)
#include "tst_requestsview.moc"
