// WorkflowEngine::reassignStep: who may give a step to someone else, to whom, what is kept, and
// what is audited. Runs on SQLite and PostgreSQL.
#include "scenario.h"

using namespace casedesk;
using namespace casedesk::test;

class TestReassign : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<AuthorityFixture> m_authority;
    std::unique_ptr<WorkflowEngine> m_engine;

    AuthorityFixture &a() { return *m_authority; }
    WorkflowEngine &engine() { return *m_engine; }
    Actor sw() { return a().as(QStringLiteral("sw"), QStringLiteral("social_worker")); }
    Actor sw2() { return a().as(QStringLiteral("sw2"), QStringLiteral("social_worker")); }
    Actor manager() { return a().as(QStringLiteral("manager"), QStringLiteral("ps_manager")); }
    Actor haven() { return a().as(QStringLiteral("haven"), QStringLiteral("home_staff")); }
    Actor strut() { return a().as(QStringLiteral("strut"), QStringLiteral("home_staff")); }

    qint64 visitFor(const Assignee &assignee)
    {
        Status status;
        const qint64 id = engine().createStep(a().childId, QStringLiteral("Child in Need Visit"),
                                              assignee, manager(), &status);
        return status.isOk() ? id : 0;
    }

    int auditCount(qint64 stepId)
    {
        return m_database->db()
            .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'reassign' AND "
                                   "entity = 'workstep' AND entity_id = ?"),
                    {stepId})
            .toInt();
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

    void theAssigneeGivesIncomingWorkToAColleague()
    {
        const qint64 visit = visitFor(a().worker(QStringLiteral("sw")));
        QVERIFY(visit > 0);
        QSignalSpy changed(&engine(), &WorkflowEngine::workChanged);
        QCOMPARE(engine().whyCannotReassign(visit, sw()), QString());
        EXPECT_OK(engine().reassignStep(visit, a().worker(QStringLiteral("sw2")), sw()));
        QCOMPARE(changed.count(), 1);
        QVERIFY(a().workOf(QStringLiteral("sw")).isEmpty());
        QCOMPARE(a().workOf(QStringLiteral("sw2")),
                 QStringList{QStringLiteral("incoming: Child in Need Visit")});
        const StepRecord step = engine().step(visit);
        QCOMPARE(step.status, StepStatus::Incoming);
        QCOMPARE(step.assigneeName, QStringLiteral("Worker sw2"));
        QCOMPARE(auditCount(visit), 1);
        const QString details =
            m_database->db()
                .scalar(QStringLiteral("SELECT details FROM audit_log WHERE action = 'reassign' "
                                       "AND entity_id = ?"),
                        {visit})
                .toString();
        QCOMPARE(details, QStringLiteral("Child in Need Visit: from Worker sw to Worker sw2"));
        // It is no longer hers to move.
        QCOMPARE(engine().whyCannotReassign(visit, sw()),
                 QStringLiteral("Child in Need Visit is Worker sw2's work: only they, or a "
                                "PS/Manager, can reassign it."));
    }

    void startedWorkKeepsItsAnswers()
    {
        const qint64 visit = visitFor(a().worker(QStringLiteral("sw")));
        EXPECT_OK(engine().startStep(visit, sw()));
        EXPECT_OK(engine().saveAnswers(
            visit, QStringLiteral("CS-VISIT"),
            {{QStringLiteral("observations"), QStringLiteral("Seen at home.")}}, sw()));
        EXPECT_OK(engine().reassignStep(visit, a().worker(QStringLiteral("sw2")), sw()));
        QCOMPARE(engine().step(visit).status, StepStatus::Started);
        QCOMPARE(a().workOf(QStringLiteral("sw2")),
                 QStringList{QStringLiteral("started: Child in Need Visit")});
        QCOMPARE(engine()
                     .answers(visit, QStringLiteral("CS-VISIT"))
                     .value(QStringLiteral("observations"))
                     .value,
                 QStringLiteral("Seen at home."));
        QCOMPARE(engine().whyCannotEdit(visit, sw2()), QString());
        QVERIFY(!engine().whyCannotEdit(visit, sw()).isEmpty());
    }

    void aManagerMovesAnyonesWork()
    {
        const qint64 visit = visitFor(a().worker(QStringLiteral("sw")));
        EXPECT_OK(engine().reassignStep(visit, Assignee::team(a().teamId), manager()));
        QCOMPARE(engine().step(visit).assigneeName, QStringLiteral("CWD Team Test"));
        // Anyone in the team may now take it, or move it on.
        EXPECT_OK(engine().reassignStep(visit, a().vw(QStringLiteral("haven-cottage")), sw2()));
        QCOMPARE(a().workOfVirtualWorker(QStringLiteral("haven-cottage")),
                 QStringList{QStringLiteral("incoming: Child in Need Visit")});
        QCOMPARE(auditCount(visit), 2);
    }

    void anInboxMemberMovesTheInboxesWork()
    {
        const qint64 visit = visitFor(a().vw(QStringLiteral("haven-cottage")));
        QVERIFY(visit > 0);
        QVERIFY(!engine().reassignStep(visit, a().vw(QStringLiteral("strut-house")), strut()));
        EXPECT_OK(engine().reassignStep(visit, a().vw(QStringLiteral("strut-house")), haven()));
        QVERIFY(a().workOfVirtualWorker(QStringLiteral("haven-cottage")).isEmpty());
        QCOMPARE(a().workOfVirtualWorker(QStringLiteral("strut-house")),
                 QStringList{QStringLiteral("incoming: Child in Need Visit")});
        // Me means the one reassigning.
        EXPECT_OK(engine().reassignStep(visit, Assignee::me(), strut()));
        QCOMPARE(a().workOf(QStringLiteral("strut")),
                 QStringList{QStringLiteral("incoming: Child in Need Visit")});
    }

    void refusals()
    {
        const qint64 visit = visitFor(a().worker(QStringLiteral("sw")));
        QSignalSpy changed(&engine(), &WorkflowEngine::workChanged);

        Status status = engine().reassignStep(visit, a().worker(QStringLiteral("sw2")), sw2());
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        QCOMPARE(status.message(), QStringLiteral("Child in Need Visit is Worker sw's work: only "
                                                  "they, or a PS/Manager, can reassign it."));
        // Acting in a role she does not hold.
        status = engine().reassignStep(visit, a().worker(QStringLiteral("sw2")),
                                       a().as(QStringLiteral("sw"), QStringLiteral("ps_manager")));
        QCOMPARE(status.message(), QStringLiteral("You do not hold the role you are acting in."));
        status = engine().reassignStep(visit, a().worker(QStringLiteral("sw")), sw());
        QCOMPARE(status.message(),
                 QStringLiteral("Child in Need Visit is already assigned to Worker sw."));
        status = engine().reassignStep(visit, Assignee::worker(999999), sw());
        QCOMPARE(status.message(), QStringLiteral("Choose a worker to assign this to."));
        status = engine().reassignStep(999999, a().worker(QStringLiteral("sw2")), sw());
        QCOMPARE(status.code(), Status::Code::NotFound);

        EXPECT_OK(engine().startStep(visit, sw()));
        EXPECT_OK(
            engine().saveAnswers(visit, QStringLiteral("CS-VISIT"),
                                 {{QStringLiteral("visit_date"), QStringLiteral("2026-11-20")},
                                  {QStringLiteral("visit_type"), QStringLiteral("Announced")},
                                  {QStringLiteral("child_seen"), QStringLiteral("true")},
                                  {QStringLiteral("observations"), QStringLiteral("Well.")}},
                                 sw()));
        EXPECT_OK(engine().finishStep(visit, sw()));
        changed.clear();
        status = engine().reassignStep(visit, a().worker(QStringLiteral("sw2")), manager());
        QCOMPARE(status.message(), QStringLiteral("Child in Need Visit is finished, so it can no "
                                                  "longer be reassigned."));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(auditCount(visit), 0);
    }
};

QTEST_GUILESS_MAIN(TestReassign)
#include "tst_reassign.moc"
