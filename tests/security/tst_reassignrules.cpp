// Reassigning work on PostgreSQL (migration 007_reassign_work.postgres.sql): the UPDATE that
// WorkflowEngine::reassignStep issues, sent as plain SQL on each worker's own login, is let
// through for whoever holds the step and for a PS/Manager, and refused for anyone else or when
// it would change more than the assignment; the engine does the same on the worker's login.
#include "securityfixture.h"

#include "definitions/definitionregistry.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString Visit = QStringLiteral("Child in Need Visit");
const QString SW = QStringLiteral("social_worker");
const QString Manager = QStringLiteral("ps_manager");

const QString ReassignToWorker =
    QStringLiteral("UPDATE worksteps SET assignee_worker_id = ?, assignee_team_id = NULL, "
                   "assignee_virtual_worker_id = NULL, revision = revision + 1 WHERE id = ?");
const QString ReassignToInbox =
    QStringLiteral("UPDATE worksteps SET assignee_worker_id = NULL, assignee_team_id = NULL, "
                   "assignee_virtual_worker_id = ?, revision = revision + 1 WHERE id = ?");

} // namespace

class TestReassignRules : public QObject
{
    Q_OBJECT

    qint64 visitOf(SecurityFixture &f, const QString &key)
    {
        Status status;
        const qint64 id = f.engine(QStringLiteral("manager"))
                              .createStep(f.childId, Visit, f.worker(key),
                                          f.as(QStringLiteral("manager"), Manager), &status);
        [&] { QVERIFY2(id > 0, qPrintable(status.message())); }();
        return id;
    }

    qint64 assigneeOf(SecurityFixture &f, qint64 stepId)
    {
        return f.admin()
            .scalar(QStringLiteral("SELECT assignee_worker_id FROM worksteps WHERE id = ?"),
                    {stepId})
            .toLongLong();
    }

private slots:
    void whoeverHoldsTheStepMayReassignIt()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 visit = visitOf(f, QStringLiteral("sw"));
        QCOMPARE(
            f.refusal(QStringLiteral("sw"), ReassignToWorker, {f.id(QStringLiteral("sw2")), visit}),
            QString());
        QCOMPARE(assigneeOf(f, visit), f.id(QStringLiteral("sw2")));
        // Now sw2's, no longer sw's.
        QVERIFY(
            f.refusal(QStringLiteral("sw"), ReassignToWorker, {f.id(QStringLiteral("sw")), visit})
                .contains(QStringLiteral("not yours to reassign")));
        QCOMPARE(assigneeOf(f, visit), f.id(QStringLiteral("sw2")));
    }

    void aManagerMayReassignAnyonesStep()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 visit = visitOf(f, QStringLiteral("sw"));
        QCOMPARE(f.refusal(QStringLiteral("manager_b"), ReassignToInbox,
                           {f.vwId(QStringLiteral("haven-cottage")), visit}),
                 QString());
        // A member of the inbox may pass it on.
        QCOMPARE(f.refusal(QStringLiteral("haven"), ReassignToInbox,
                           {f.vwId(QStringLiteral("strut-house")), visit}),
                 QString());
        // Then it is no longer theirs: home staff do not even see it (020, access by job), so
        // taking it back changes nothing.
        QCOMPARE(f.refusal(QStringLiteral("haven"), ReassignToInbox,
                           {f.vwId(QStringLiteral("haven-cottage")), visit}),
                 QString());
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT assignee_virtual_worker_id FROM worksteps "
                                            "WHERE id = ?"),
                             {visit})
                     .toLongLong(),
                 f.vwId(QStringLiteral("strut-house")));
    }

    void othersAreRefused()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 visit = visitOf(f, QStringLiteral("sw"));
        for (const char *key : {"sw2", "far_sw", "panelist", "duty"}) {
            const QString refused = f.refusal(QString::fromLatin1(key), ReassignToWorker,
                                              {f.id(QString::fromLatin1(key)), visit});
            QVERIFY2(refused.contains(QStringLiteral("not yours to reassign")), key);
        }
        // Home staff do not see the step at all (020, access by job): nothing changes.
        QCOMPARE(f.refusal(QStringLiteral("haven"), ReassignToWorker,
                           {f.id(QStringLiteral("haven")), visit}),
                 QString());
        QCOMPARE(assigneeOf(f, visit), f.id(QStringLiteral("sw")));
    }

    void aReassignmentChangesNothingElse()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 visit = visitOf(f, QStringLiteral("sw"));
        // Not two assignees at once, and not the step's dates or status along with it.
        QVERIFY(!f.refusal(QStringLiteral("sw"),
                           QStringLiteral("UPDATE worksteps SET assignee_virtual_worker_id = ? "
                                          "WHERE id = ?"),
                           {f.vwId(QStringLiteral("haven-cottage")), visit})
                     .isEmpty());
        QVERIFY(
            !f.refusal(QStringLiteral("manager"),
                       QStringLiteral("UPDATE worksteps SET assignee_worker_id = ?, "
                                      "started_by = ?, started_at = now(), status = "
                                      "'started' WHERE id = ?"),
                       {f.id(QStringLiteral("manager")), f.id(QStringLiteral("manager")), visit})
                 .isEmpty());
        QCOMPARE(assigneeOf(f, visit), f.id(QStringLiteral("sw")));
    }

    void theEngineReassignsOnTheWorkersOwnLogin()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 visit = visitOf(f, QStringLiteral("sw"));
        WorkflowEngine &sw = f.engine(QStringLiteral("sw"));
        EXPECT_OK(sw.startStep(visit, f.as(QStringLiteral("sw"), SW)));
        EXPECT_OK(sw.reassignStep(visit, f.worker(QStringLiteral("sw2")),
                                  f.as(QStringLiteral("sw"), SW)));
        QCOMPARE(f.workOf(QStringLiteral("sw2")), QStringList{QStringLiteral("started: ") + Visit});
        EXPECT_OK(f.engine(QStringLiteral("manager"))
                      .reassignStep(visit, Assignee::team(f.teamA),
                                    f.as(QStringLiteral("manager"), Manager)));
        QVERIFY(f.workOf(QStringLiteral("sw2")).isEmpty());
        // Both are in the audit log.
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'reassign' AND entity_id = ?"),
                             {visit})
                     .toInt(),
                 2);
    }
};

QTEST_GUILESS_MAIN(TestReassignRules)
#include "tst_reassignrules.moc"
