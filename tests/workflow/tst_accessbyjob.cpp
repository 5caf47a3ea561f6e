// Access by job in the engine (issue 14, item 5): who may start what from a person's record comes
// from forms/step-types (startedByRoles, startedFor). A Panel Administrator cannot start a Child
// Protection Visit, nobody starts one on a parent, Short Break Home Staff cannot start Direct
// Payments, and a Social Worker still can. Runs on SQLite and PostgreSQL.
#include "scenario.h"

#include "directpayments/directpayments.h"

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString ProtectionVisit = QStringLiteral("Child Protection Visit");

} // namespace

class TestAccessByJob : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<AuthorityFixture> m_authority;
    std::unique_ptr<WorkflowEngine> m_engine;
    std::unique_ptr<DirectPayments> m_dp;
    qint64 m_parentId = 0;

    AuthorityFixture &a() { return *m_authority; }
    WorkflowEngine &engine() { return *m_engine; }
    Database &db() { return m_database->db(); }

    int stepsOf(qint64 personId)
    {
        return db()
            .scalar(QStringLiteral("SELECT count(*) FROM worksteps WHERE person_id = ?"),
                    {personId})
            .toInt();
    }

private slots:
    void init()
    {
        m_database = std::make_unique<TestDatabase>();
        QString error;
        QVERIFY2(m_database->create(&error), qPrintable(error));
        m_authority = std::make_unique<AuthorityFixture>(db());
        a().addWorker(QStringLiteral("paneladmin"), {QStringLiteral("panel_administrator")});
        m_parentId = db().insert(
            QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, is_child) "
                           "VALUES (?, ?, ?, ?) RETURNING id"),
            {QStringLiteral("TPARENT1"), QStringLiteral("Pat"), QStringLiteral("Testparent"),
             false});
        QVERIFY(m_parentId > 0);
        m_engine = std::make_unique<WorkflowEngine>(db(), DefinitionRegistry::shared());
        m_dp = std::make_unique<DirectPayments>(db(), engine());
    }

    void cleanup()
    {
        m_dp.reset();
        m_engine.reset();
        m_authority.reset();
        m_database.reset();
    }

    void aPanelAdministratorCannotStartAChildProtectionVisit()
    {
        Status status;
        const Actor admin =
            a().as(QStringLiteral("paneladmin"), QStringLiteral("panel_administrator"));
        QCOMPARE(engine().createStep(a().childId, ProtectionVisit, Assignee::me(), admin, &status),
                 qint64(-1));
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        QCOMPARE(status.message(),
                 QStringLiteral("As Panel Administrator you cannot start Child Protection Visit: "
                                "only a Social Worker or PS/Manager starts it."));
        QCOMPARE(engine().mayStartFromRecord(a().childId, ProtectionVisit, admin).message(),
                 status.message());
        // Nor on the parent, nor any other visit or assessment.
        QCOMPARE(engine().createStep(m_parentId, ProtectionVisit, Assignee::me(), admin, &status),
                 qint64(-1));
        QCOMPARE(engine().createStep(a().childId, QStringLiteral("SC Child and Family Assessment"),
                                     Assignee::me(), admin, &status),
                 qint64(-1));
        QCOMPARE(stepsOf(a().childId), 0);
        QCOMPARE(stepsOf(m_parentId), 0);
    }

    void aVisitToAChildIsNotStartedOnAParent()
    {
        Status status;
        const Actor sw = a().as(QStringLiteral("sw"), QStringLiteral("social_worker"));
        QCOMPARE(engine().createStep(m_parentId, ProtectionVisit, Assignee::me(), sw, &status),
                 qint64(-1));
        QCOMPARE(status.message(), QStringLiteral("Child Protection Visit is for a child, and Pat "
                                                  "Testparent is not recorded as a child."));
        QCOMPARE(stepsOf(m_parentId), 0);
    }

    void homeStaffCannotStartDirectPaymentsOrVisits()
    {
        Status status;
        const Actor haven = a().as(QStringLiteral("haven"), QStringLiteral("home_staff"));
        QCOMPARE(m_dp->startDirectPayments(a().childId, QDate::currentDate(), 0, haven, &status),
                 qint64(-1));
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        QCOMPARE(status.message(),
                 QStringLiteral("Only a Social Worker can start Direct Payments."));
        QCOMPARE(db().scalar(QStringLiteral("SELECT count(*) FROM episodes")).toInt(), 0);
        // Not through the engine either: the referral is started only by a Social Worker.
        QCOMPARE(
            engine()
                .mayStartFromRecord(a().childId, QStringLiteral("Direct Payments Referral"), haven)
                .message(),
            QStringLiteral("As Short Break Home Staff you cannot start Direct Payments "
                           "Referral: only a Social Worker starts it."));
        QCOMPARE(engine().createStep(a().childId, QStringLiteral("Child in Need Visit"),
                                     Assignee::me(), haven, &status),
                 qint64(-1));
        QCOMPARE(stepsOf(a().childId), 0);
    }

    void aSocialWorkerAndAManagerStartThem()
    {
        Status status;
        const Actor sw = a().as(QStringLiteral("sw"), QStringLiteral("social_worker"));
        const Actor manager = a().as(QStringLiteral("manager"), QStringLiteral("ps_manager"));
        QVERIFY(engine().createStep(a().childId, ProtectionVisit, Assignee::me(), sw, &status) > 0);
        EXPECT_OK(status);
        QVERIFY(engine().createStep(a().childId, ProtectionVisit, Assignee::me(), manager,
                                    &status) > 0);
        EXPECT_OK(status);
        qint64 referral = 0;
        QVERIFY(m_dp->startDirectPayments(a().childId, QDate::currentDate(), 0, sw, &status,
                                          &referral) > 0);
        EXPECT_OK(status);
        QCOMPARE(engine().step(referral).stepType, QStringLiteral("Direct Payments Referral"));
        // Work that is not started from a record (created by an administrator) is not limited.
        QVERIFY(engine().createStep(a().childId, DecisionOnSignificantInformation, Assignee::me(),
                                    sw, &status) > 0);
        EXPECT_OK(status);
    }
};

QTEST_GUILESS_MAIN(TestAccessByJob)
#include "tst_accessbyjob.moc"
