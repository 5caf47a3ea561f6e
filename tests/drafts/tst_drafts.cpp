// The local journal of unsaved answers survives the process, and a save applies at most once.
#include "authorityfixture.h"
#include "drafts/savecoordinator.h"
#include "storage/databasethread.h"
#include "testdatabase.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

// A save runs on the database thread: waits for its outcome (its end is delivered through this
// thread's event loop).
Status outcomeOf(QFuture<casedesk::SaveOutcome> save)
{
    if (!QTest::qWaitFor([&save] { return save.isFinished(); }, 60000) || save.resultCount() == 0)
        return Status::failure(QStringLiteral("the save did not end"));
    return save.result().status;
}

} // namespace

class TestDrafts : public QObject
{
    Q_OBJECT

private slots:
    void draftsSurviveACrash()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("drafts.sqlite"));
        {
            DraftStore store(path, QStringLiteral("server-a"));
            QVERIFY(store.open().isOk());
            Draft draft;
            draft.stepId = 7;
            draft.formCode = QStringLiteral("C1044");
            draft.workerId = 3;
            draft.role = QStringLiteral("social_worker");
            draft.baseRevision = 2;
            draft.answers = {{QStringLiteral("details_of_significant_information"),
                              QStringLiteral("Typed just before the power cut")}};
            draft.title = QStringLiteral("CS Decision on Significant Information – Ava Testchild");
            QVERIFY(store.put(draft).isOk());
        } // the process "dies" here: nothing else is written
        DraftStore reopened(path, QStringLiteral("server-a"));
        QVERIFY(reopened.open().isOk());
        QVERIFY(reopened.all(3).isEmpty()); // not this session's
        const QList<Draft> recovered = reopened.recoverable(3);
        QCOMPARE(recovered.size(), 1);
        QCOMPARE(
            recovered.first().answers.value(QStringLiteral("details_of_significant_information")),
            QStringLiteral("Typed just before the power cut"));
        QCOMPARE(recovered.first().baseRevision, 2);
        QVERIFY(recovered.first().title.contains(QLatin1String("Ava Testchild")));
        // Drafts of another server or another worker are not offered.
        DraftStore otherServer(path, QStringLiteral("server-b"));
        QVERIFY(otherServer.open().isOk());
        QVERIFY(otherServer.recoverable(3).isEmpty());
        QVERIFY(reopened.recoverable(4).isEmpty());
        QVERIFY(reopened.forget(recovered.first()).isOk());
        QVERIFY(reopened.recoverable(3).isEmpty());
    }

    void aSavedDraftIsRemovedAndARetriedSaveAppliesOnce()
    {
        CASEDESK_TEST_DATABASE(test);
        AuthorityFixture authority(test.db());
        WorkflowEngine engine(test.db(), DefinitionRegistry::shared());
        const Actor sw = authority.as(QStringLiteral("sw"), QStringLiteral("social_worker"));
        const qint64 step = engine.createStep(
            authority.childId,
            QStringLiteral("CS Decision on Significant Information (Open SC Case)"), Assignee::me(),
            sw);
        QVERIFY(engine.startStep(step, sw).isOk());
        QTemporaryDir dir;
        DraftStore drafts(dir.filePath(QStringLiteral("drafts.sqlite")), QStringLiteral("test"));
        QVERIFY(drafts.open().isOk());
        DatabaseThread writer(test.db().settings(), test.db().connection().password());
        SaveCoordinator saver(test.db(), writer, DefinitionRegistry::shared(), drafts);
        Draft draft;
        draft.stepId = step;
        draft.formCode = QStringLiteral("C1044");
        draft.workerId = sw.workerId;
        draft.role = sw.role;
        draft.baseRevision = engine.step(step).revision;
        draft.answers = {
            {QStringLiteral("details_of_significant_information"), QStringLiteral("One")}};
        draft.saveToken = QStringLiteral("token-1");
        QVERIFY(outcomeOf(saver.save(draft)).isOk());
        QVERIFY(drafts.all(sw.workerId).isEmpty());
        QVERIFY(engine.isSaveApplied(QStringLiteral("token-1")));
        // The same save arriving again (a retry after a lost reply) changes nothing, even though
        // its base revision is now stale.
        draft.answers.insert(QStringLiteral("details_of_significant_information"),
                             QStringLiteral("One"));
        QVERIFY(outcomeOf(saver.save(draft)).isOk());
        QCOMPARE(test.db()
                     .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE step_id = ?"),
                             {step})
                     .toInt(),
                 1);
        // A refused save keeps the typed answers in the journal.
        draft.saveToken.clear();
        draft.answers.insert(QStringLiteral("details_of_significant_information"),
                             QStringLiteral("Two"));
        QCOMPARE(outcomeOf(saver.save(draft)).code(), Status::Code::Conflict);
        QCOMPARE(drafts.all(sw.workerId).size(), 1);
        QCOMPARE(drafts.all(sw.workerId)
                     .first()
                     .answers.value(QStringLiteral("details_of_significant_information")),
                 QStringLiteral("Two"));
    }
};

QTEST_GUILESS_MAIN(TestDrafts)
#include "tst_drafts.moc"
