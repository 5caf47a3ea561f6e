// WorkflowEngine::snapshot() on each worker's own PostgreSQL login, where row-level security and
// the server's rules apply: equal to the separate calls for the step's worker, for someone
// else's step, for a finished and a cancelled step, and for a restricted child's step that the
// worker may not see at all (then it reads as no step, with nothing of it shown).
#include "securityfixture.h"
#include "snapshotcheck.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {
const QString SW = QStringLiteral("social_worker");
const QString Visit = QStringLiteral("Child in Need Visit");
} // namespace

class TestSnapshotAsWorkers : public QObject
{
    Q_OBJECT

    // A started visit of `personId` by sw, with its answers saved (and one saved twice).
    static qint64 visitWithAnswers(SecurityFixture &f, qint64 personId)
    {
        WorkflowEngine &sw = f.engine(QStringLiteral("sw"));
        const Actor me = f.as(QStringLiteral("sw"), SW);
        const qint64 id = sw.createStep(personId, Visit, Assignee::me(), me);
        if (id <= 0 || !sw.startStep(id, me))
            return 0;
        const QHash<QString, QString> answers{
            {QStringLiteral("visit_date"), QStringLiteral("2026-11-20")},
            {QStringLiteral("visit_type"), QStringLiteral("Announced")},
            {QStringLiteral("child_seen"), QStringLiteral("true")},
            {QStringLiteral("observations"), QStringLiteral("Settled.")}};
        if (!sw.saveAnswers(id, QStringLiteral("CS-VISIT"), answers, me) ||
            !sw.saveAnswers(id, QStringLiteral("CS-VISIT"),
                            {{QStringLiteral("observations"), QStringLiteral("Settled; calm.")}},
                            me))
            return 0;
        return id;
    }

    static QString nameOf(SecurityFixture &f, const QString &key)
    {
        return f.admin()
            .scalar(QStringLiteral("SELECT display_name FROM workers WHERE id = ?"), {f.id(key)})
            .toString();
    }

private slots:
    void theStepsWorkerAndSomeoneElse()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 visit = visitWithAnswers(f, f.childId);
        QVERIFY(visit > 0);
        WorkflowEngine &sw = f.engine(QStringLiteral("sw"));
        {
            CASEDESK_SNAPSHOT(snapshot, sw, visit, f.as(QStringLiteral("sw"), SW));
            QCOMPARE(snapshot.step.id, visit);
            QCOMPARE(snapshot.whyCannotEdit, QString());
            QCOMPARE(snapshot.whyCannotFinish, QString());
            QVERIFY(snapshot.whatIsMissing.isEmpty());
            const AnswerRecord observations = snapshot.answers.value(QStringLiteral("CS-VISIT"))
                                                  .value(QStringLiteral("observations"));
            QCOMPARE(observations.value, QStringLiteral("Settled; calm."));
            QCOMPARE(observations.version, 2);
        }
        // Another social worker of the same team: the step is read, and is not theirs.
        WorkflowEngine &sw2 = f.engine(QStringLiteral("sw2"));
        CASEDESK_SNAPSHOT(snapshot, sw2, visit, f.as(QStringLiteral("sw2"), SW));
        QCOMPARE(snapshot.step.id, visit);
        QCOMPARE(snapshot.whyCannotEdit,
                 QStringLiteral("This step is %1's work. You can record on it once it is "
                                "assigned to you or a request about it is sent to you.")
                     .arg(nameOf(f, QStringLiteral("sw"))));
        QCOMPARE(snapshot.values.value(QStringLiteral("CS-VISIT")).size(), 4);
    }

    void finishedAndCancelled()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const Actor me = f.as(QStringLiteral("sw"), SW);
        WorkflowEngine &sw = f.engine(QStringLiteral("sw"));
        const qint64 finished = visitWithAnswers(f, f.childId);
        QVERIFY(finished > 0);
        EXPECT_OK(sw.finishStep(finished, me));
        {
            CASEDESK_SNAPSHOT(snapshot, sw, finished, me);
            QCOMPARE(snapshot.step.status, StepStatus::Finished);
            QCOMPARE(snapshot.whyCannotEdit,
                     QStringLiteral("This step was finished by %1, so its forms are read-only.")
                         .arg(nameOf(f, QStringLiteral("sw"))));
        }
        const qint64 cancelled = visitWithAnswers(f, f.childId);
        QVERIFY(cancelled > 0);
        EXPECT_OK(sw.cancelStep(cancelled, QStringLiteral("Made in error"), me));
        CASEDESK_SNAPSHOT(snapshot, sw, cancelled, me);
        QCOMPARE(snapshot.step.status, StepStatus::Cancelled);
        QCOMPARE(snapshot.whyCannotEdit,
                 QStringLiteral("This step was cancelled, so its forms are read-only."));
    }

    void aRestrictedChildsStepTheWorkerMayNotSee()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 hidden = visitWithAnswers(f, f.restrictedId);
        QVERIFY(hidden > 0);
        {
            // Its worker, who is allocated the child, sees it whole.
            CASEDESK_SNAPSHOT(snapshot, f.engine(QStringLiteral("sw")), hidden,
                              f.as(QStringLiteral("sw"), SW));
            QCOMPARE(snapshot.step.id, hidden);
            QCOMPARE(snapshot.values.value(QStringLiteral("CS-VISIT")).size(), 4);
        }
        // A worker of another team sees nothing of it: no step, no name, no answers.
        const QString far = QStringLiteral("far_sw");
        CASEDESK_SNAPSHOT(snapshot, f.engine(far), hidden, f.as(far, SW));
        QCOMPARE(snapshot.step.id, 0);
        QVERIFY(snapshot.step.personName.isEmpty());
        QVERIFY(!snapshot.step.unreadable);
        QVERIFY(snapshot.answers.isEmpty());
        QVERIFY(snapshot.values.isEmpty());
        QVERIFY(snapshot.requests.isEmpty());
        QCOMPARE(snapshot.whyCannotEdit, QStringLiteral("This step no longer exists."));
    }
};

QTEST_MAIN(TestSnapshotAsWorkers)
#include "tst_snapshotasworkers.moc"
