// The link to the server fails at the worst moment of Save or Finish, as a worker sees it. Save
// and Finish run off the GUI thread, so the window keeps answering while the link is silent; the
// status bar says the connection is lost at the request deadline; what was typed is kept and saved
// once when the server is back. When the server's answer to a Finish is lost after it acted, or
// the link goes before it could act, the screen must not guess ("Nothing was changed"): it says
// the outcome is not yet known, and once the server is back it asks and tells the truth.
#include "app/sessionservices.h"
#include "app/workopener.h"
#include "authorityfixture.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "eventloopticker.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "linksimulator.h"
#include "mainwindow/mainwindow.h"
#include "networkdesk.h"
#include "session/session.h"
#include "stepwait.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString SocialWorker = QStringLiteral("social_worker");
const QString Visit = QStringLiteral("Child in Need Visit");

// A Child in Need Visit started by the fixture's social worker, every mandatory answer given, so
// that Finish is available and has nothing to ask.
qint64 visitReadyToFinish(Database &db, const AuthorityFixture &authority)
{
    WorkflowEngine engine(db, DefinitionRegistry::shared());
    const Actor sw{authority.workers.value(QStringLiteral("sw")), SocialWorker};
    Status status;
    const qint64 id = engine.createStep(authority.childId, Visit, Assignee::me(), sw, &status);
    if (id <= 0 || !engine.startStep(id, sw))
        return 0;
    const QHash<QString, QString> answers{
        {QStringLiteral("visit_date"), QStringLiteral("2026-11-20")},
        {QStringLiteral("visit_type"), QStringLiteral("Announced")},
        {QStringLiteral("child_seen"), QStringLiteral("true")},
        {QStringLiteral("observations"), QStringLiteral("Settled; played with his sister.")}};
    if (!engine.saveAnswers(id, QStringLiteral("CS-VISIT"), answers, sw) ||
        !engine.whatIsMissing(id).isEmpty())
        return 0;
    return id;
}

} // namespace

class TestLostAnswers : public QObject
{
    Q_OBJECT

    // The social worker's CaseDesk as the application builds it, connected through `link`; a
    // request waits at most 2 s.
    struct Desk
    {
        explicit Desk(const LinkSimulator &link) : client(link) {}
        NetworkDesk client;
        Session &session = client.session;
        MainWindow *window = nullptr;
        WorkOpener *opener = nullptr;
        QLabel *connection = nullptr;
    };

    static bool openDesk(Desk &desk, const TestDatabase &test)
    {
        QString error;
        if (!desk.client.signIn(test.settings().databaseName, QStringLiteral("sw"), SocialWorker, 2,
                                &error) ||
            !desk.client.openWindow(&error))
            return false;
        desk.window = desk.client.window();
        desk.opener = desk.client.opener();
        desk.connection = desk.window->findChild<QLabel *>(QStringLiteral("connectionState"));
        return desk.connection != nullptr;
    }

    // A Child in Need Visit ready to finish, opened by the social worker through the link.
    struct Scene
    {
        TestDatabase test;
        std::unique_ptr<AuthorityFixture> authority;
        qint64 stepId = 0;
        LinkSimulator link{LinkTarget::testPostgres()};
        Desk desk{link};
        StepEditor *editor = nullptr;

        bool open(QString *error)
        {
            if (!test.create(error))
                return false;
            authority = std::make_unique<AuthorityFixture>(test.db());
            stepId = visitReadyToFinish(test.db(), *authority);
            *error = QStringLiteral("no visit ready to finish, no link, or no desk");
            if (stepId <= 0 || !link.isListening() || !openDesk(desk, test))
                return false;
            editor = openAndWait(desk.opener->open(stepId));
            // Opening it says work changed: the refreshes that follow land before the link is
            // cut, so what is cut is the save or finish each test makes.
            return editor &&
                   QTest::qWaitFor(
                       [this] { return editor->isSettled() && !desk.window->isReadingWorkview(); },
                       20000);
        }
    };

    static QString stepStatus(Database &db, qint64 stepId)
    {
        return db.scalar(QStringLiteral("SELECT status FROM worksteps WHERE id = ?"), {stepId})
            .toString();
    }

private slots:
    void aFinishWhoseAnswerWasLostIsSettledByAskingTheServer()
    {
        Scene scene;
        QString error;
        QVERIFY2(scene.open(&error), qPrintable(error));
        TestDatabase &test = scene.test;
        LinkSimulator &link = scene.link;
        StepEditor *editor = scene.editor;
        const qint64 stepId = scene.stepId;
        QVERIFY(editor->finishAction()->isEnabled());
        QSignalSpy finished(editor, &StepEditor::finished);

        // The server commits, and its answer never arrives.
        link.loseRepliesAfter("COMMIT");
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QElapsedTimer waited;
        waited.start();
        QVERIFY(!finishAndWait(editor));
        QVERIFY2(waited.elapsed() < 10000, "the request deadline ends the wait");
        QCOMPARE(stepStatus(test.db(), stepId), StepStatus::Finished);
        // Not "Nothing was changed": the client cannot know yet, and says so.
        QCOMPARE(editor->banner()->kind(), InlineMessage::Kind::Warning);
        QVERIFY2(editor->banner()->message().contains(QStringLiteral("not yet known")),
                 qPrintable(editor->banner()->message()));
        QVERIFY2(scene.desk.connection->text().contains(QStringLiteral("lost")),
                 qPrintable(scene.desk.connection->text()));

        // Reconnected, CaseDesk asks the server and tells the truth.
        QTRY_COMPARE_WITH_TIMEOUT(editor->banner()->kind(), InlineMessage::Kind::Success, 30000);
        QVERIFY2(editor->banner()->message().contains(QStringLiteral("is finished")),
                 qPrintable(editor->banner()->message()));
        QCOMPARE(finished.count(), 1);
        QVERIFY(!editor->finishAction()->isEnabled());
        QVERIFY(!editor->saveAction()->isEnabled()); // read-only now, as finished steps are
        QVERIFY(!scene.desk.connection->text().contains(QStringLiteral("lost")));
        // Finished once: one audit entry, one finish.
        QCOMPARE(test.db()
                     .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'finish' AND entity_id = ?"),
                             {stepId})
                     .toInt(),
                 1);
    }

    void aFinishCutOffBeforeTheServerActedSaysItWasNotFinished()
    {
        Scene scene;
        QString error;
        QVERIFY2(scene.open(&error), qPrintable(error));
        TestDatabase &test = scene.test;
        LinkSimulator &link = scene.link;
        StepEditor *editor = scene.editor;
        const qint64 stepId = scene.stepId;
        QSignalSpy finished(editor, &StepEditor::finished);

        // The link goes silent before Finish: nothing reaches the server. The window keeps
        // answering all along (a blocked call would stand still for the 2 s request deadline).
        link.setBlackHole(true);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        EventLoopTicker ticker;
        QVERIFY(!finishAndWait(editor));
        QVERIFY2(ticker.worstGapMs() < 1000,
                 qPrintable(
                     QStringLiteral("the window stood still for %1 ms").arg(ticker.worstGapMs())));
        MessageBox::setNextAnswer(QMessageBox::NoButton);
        QCOMPARE(editor->banner()->kind(), InlineMessage::Kind::Warning);
        QVERIFY(!editor->banner()->message().contains(QStringLiteral("no longer exists")));
        QVERIFY(!editor->finishAction()->isEnabled());
        link.setBlackHole(false);

        QTRY_COMPARE_WITH_TIMEOUT(editor->banner()->kind(), InlineMessage::Kind::Information,
                                  30000);
        QVERIFY2(editor->banner()->message().contains(QStringLiteral("was not finished")),
                 qPrintable(editor->banner()->message()));
        QCOMPARE(finished.count(), 0);
        QCOMPARE(stepStatus(test.db(), stepId), StepStatus::Started);
        QTRY_VERIFY(editor->finishAction()->isEnabled()); // it can be finished again
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QVERIFY(finishAndWait(editor));
        QCOMPARE(stepStatus(test.db(), stepId), StepStatus::Finished);
    }

    void aSaveIntoASilentLinkKeepsTheWindowLiveAndLandsOnce()
    {
        Scene scene;
        QString error;
        QVERIFY2(scene.open(&error), qPrintable(error));
        StepEditor *editor = scene.editor;
        auto *box = qobject_cast<QPlainTextEdit *>(editor->formEditor(QStringLiteral("CS-VISIT"))
                                                       ->field(QStringLiteral("observations"))
                                                       ->editor());
        QVERIFY(box);
        box->setFocus();
        box->moveCursor(QTextCursor::End);
        QTest::keyClicks(box, QStringLiteral(" Asleep upstairs."));
        const QString firstSave = box->toPlainText();

        scene.link.setBlackHole(true);
        EventLoopTicker ticker;
        QElapsedTimer waited;
        waited.start();
        QSignalSpy done(editor, &StepEditor::saveDone);
        QVERIFY(editor->save());                     // returns at once
        QVERIFY(!editor->saveAction()->isEnabled()); // no second save while this one runs
        QVERIFY(!editor->finishAction()->isEnabled());
        // Typing goes on while the save waits, and the editor says it is saving.
        QTest::keyClicks(box, QStringLiteral(" Woke at four."));
        QTRY_COMPARE_WITH_TIMEOUT(editor->banner()->message(), QStringLiteral("Saving…"), 1500);
        QVERIFY(done.wait(20000));
        QCOMPARE(done.first().at(0).toBool(), false);
        QVERIFY2(waited.elapsed() < 15000, "lost within the request deadline (2 s here)");
        QVERIFY2(ticker.worstGapMs() < 1000,
                 qPrintable(
                     QStringLiteral("the window stood still for %1 ms").arg(ticker.worstGapMs())));
        QVERIFY2(scene.desk.connection->text().contains(QStringLiteral("lost")),
                 qPrintable(scene.desk.connection->text()));
        QCOMPARE(editor->banner()->kind(), InlineMessage::Kind::Warning);
        QVERIFY2(editor->banner()->message().contains(QStringLiteral("kept on this computer")),
                 qPrintable(editor->banner()->message()));
        QVERIFY(box->toPlainText().endsWith(QStringLiteral(" Woke at four.")));

        // Back: the kept save lands by itself, once; what was typed after it is still unsaved.
        scene.link.setBlackHole(false);
        const QString countSql = QStringLiteral(
            "SELECT count(*) FROM form_answers WHERE step_id = ? AND question_id = 'observations' "
            "AND value = ?");
        QTRY_VERIFY_WITH_TIMEOUT(!scene.desk.connection->text().contains(QStringLiteral("lost")),
                                 30000);
        // "Connected again" comes as the kept save is sent. The worker presses Save the moment it
        // commits, before the window has heard it landed (no events are handled meanwhile): the
        // server then finds the step changed since it was read, by our own kept save, which must
        // not be shown to the worker as someone else's conflicting answer.
        QElapsedTimer landing;
        landing.start();
        while (scene.test.db().scalar(countSql, {scene.stepId, firstSave}).toInt() == 0 &&
               landing.elapsed() < 30000)
            QThread::msleep(2);
        QCOMPARE(scene.test.db().scalar(countSql, {scene.stepId, firstSave}).toInt(), 1);
        QVERIFY(editor->isModified());
        QVERIFY(editor->saveAction()->isEnabled());
        const int questionsBefore = MessageBox::callCount();
        QVERIFY(saveAndWait(editor));
        QCOMPARE(MessageBox::callCount(), questionsBefore);
        QCOMPARE(editor->banner()->kind(), InlineMessage::Kind::Success);
        QCOMPARE(scene.test.db().scalar(countSql, {scene.stepId, firstSave}).toInt(), 1);
        QCOMPARE(scene.test.db().scalar(countSql, {scene.stepId, box->toPlainText()}).toInt(), 1);
    }

    void aReconnectToANewerSchemaWritesNothing()
    {
        Scene scene;
        QString error;
        QVERIFY2(scene.open(&error), qPrintable(error));
        TestDatabase &test = scene.test;
        LinkSimulator &link = scene.link;
        StepEditor *editor = scene.editor;
        const qint64 stepId = scene.stepId;
        auto *form = editor->formEditor(QStringLiteral("CS-VISIT"));
        QVERIFY(form);
        auto *box =
            qobject_cast<QPlainTextEdit *>(form->field(QStringLiteral("observations"))->editor());
        QVERIFY(box);
        box->setFocus();
        box->moveCursor(QTextCursor::End);
        const QString typed = QStringLiteral(" Typed before the upgrade.");
        QTest::keyClicks(box, typed);

        // While the link is down, the database is upgraded by a newer CaseDesk.
        link.resetConnections();
        QVERIFY(test.db()
                    .exec(QStringLiteral("INSERT INTO schema_version (version, name) VALUES "
                                         "(999, 'from a newer CaseDesk')"))
                    .isActive());
        QVERIFY(!saveAndWait(editor));
        QTRY_VERIFY2_WITH_TIMEOUT(scene.desk.connection->text().contains(QStringLiteral("newer")),
                                  qPrintable(scene.desk.connection->text()), 30000);
        // Nothing was written to a schema this CaseDesk does not know; the answers are kept.
        QVERIFY(!saveAndWait(editor));
        QVERIFY2(editor->banner()->message().contains(QStringLiteral("newer")),
                 qPrintable(editor->banner()->message()));
        QVERIFY(box->toPlainText().endsWith(typed));
        QCOMPARE(test.db()
                     .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE step_id = ? "
                                            "AND value LIKE ?"),
                             {stepId, QVariant(QStringLiteral("%") + typed.trimmed())})
                     .toInt(),
                 0);
        QVERIFY(
            !scene.desk.opener->services().drafts().all(scene.desk.session.worker.id).isEmpty());
    }
};

QTEST_MAIN(TestLostAnswers)
#include "tst_lostanswers.moc"
