// The server goes away while a worker is typing, as they see it: Save keeps the answers on this
// computer and says so next to the form, the status bar says the connection is lost, and when
// the server is back the answers are saved, once, by themselves.
#include "app/sessionservices.h"
#include "app/windowparts.h"
#include "app/workopener.h"
#include "common/inlinemessage.h"
#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "stepwait.h"
#include "testdatabase.h"
#include "workview/workviewquery.h"
#include "workviewwait.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestConnectionLossGui : public QObject
{
    Q_OBJECT

    // The demo social worker signed in to the test server, with the real window parts.
    struct Desk
    {
        Session session;
        std::unique_ptr<MainWindow> window;
        WorkOpener *opener = nullptr;
        QLabel *connection = nullptr;

        bool signIn(const ConnectionSettings &settings)
        {
            session.database = std::make_unique<Database>();
            if (!session.database->open(settings))
                return false;
            session.worker = WorkerDirectory(*session.database)
                                 .identityByUsername(DemoSeeder::socialWorkerUsername());
            session.actingRole = SessionOpener::defaultRole(session.worker);
            window = std::make_unique<MainWindow>(session, &DefinitionRegistry::shared());
            casedesk::test::waitForWorkview(*window);
            opener = WindowParts::install(window.get(), session, DefinitionRegistry::shared()).work;
            window->show();
            connection = window->findChild<QLabel *>(QStringLiteral("connectionState"));
            return connection != nullptr;
        }
    };

private slots:
    void typedAnswersWaitForTheServerAndAreSavedOnce()
    {
        QVERIFY2(!qEnvironmentVariable("CASEDESK_TEST_PGDATA").isEmpty(),
                 "run through tools/test.sh: this test stops and restarts its PostgreSQL server");
        CASEDESK_TEST_DATABASE(test);
        QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());

        Desk desk;
        QVERIFY(desk.signIn(test.settings()));
        auto *connection = desk.connection;
        const QString connectedText = connection->text();
        QVERIFY(connectedText.startsWith(QStringLiteral("Connected to PostgreSQL")));
        StepEditor *editor = nullptr;
        QuestionField *field = openTextField(test.db(), desk, &editor);
        QVERIFY(field);
        const qint64 stepId = editor->stepId();
        WorkOpener *opener = desk.opener;
        const Session &session = desk.session;
        auto *box = qobject_cast<QPlainTextEdit *>(field->editor());
        box->setFocus();
        box->moveCursor(QTextCursor::End);
        const QString typed = QStringLiteral(" Typed while the server was down.");
        QTest::keyClicks(box, typed);

        QVERIFY(TestDatabase::controlServer(
            {QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("stop")}));
        QVERIFY(!saveAndWait(editor));
        QCOMPARE(editor->banner()->kind(), InlineMessage::Kind::Warning);
        QVERIFY2(editor->banner()->message().contains(QStringLiteral("kept on this computer")),
                 qPrintable(editor->banner()->message()));
        QVERIFY(box->toPlainText().endsWith(typed)); // still on screen
        QVERIFY(editor->isModified());
        QVERIFY2(connection->text().contains(QStringLiteral("lost")),
                 qPrintable(connection->text()));
        // The save is kept with its token (and, once the journal has caught up, what was typed).
        bool keptWithToken = false;
        for (FormEditor *form : editor->formEditors()) {
            const std::optional<Draft> save = opener->services().drafts().find(
                stepId, form->formCode(), session.worker.id, DraftStore::Entry::Save);
            keptWithToken = keptWithToken || (save && !save->saveToken.isEmpty());
        }
        QVERIFY(keptWithToken);
        QCOMPARE(opener->services().drafts().all(session.worker.id).size(), 1);

        QVERIFY(TestDatabase::controlServer({QStringLiteral("-l"),
                                             qEnvironmentVariable("CASEDESK_TEST_PGLOG"),
                                             QStringLiteral("start")}));
        // Saved by itself once the server answers again (backoff: up to a few seconds).
        QTRY_VERIFY_WITH_TIMEOUT(!editor->isModified(), 60000);
        QCOMPARE(editor->banner()->kind(), InlineMessage::Kind::Success);
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), connectedText, 30000);
        QVERIFY(opener->services().drafts().all(session.worker.id).isEmpty());
        Database check;
        QVERIFY(check.open(test.settings()).isOk());
        QCOMPARE(check
                     .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE step_id = ? "
                                            "AND question_id = ? AND value LIKE ?"),
                             {stepId, field->id(), QVariant(QStringLiteral("%") + typed.trimmed())})
                     .toInt(),
                 1);
    }

    // Issue 16: after a server restart while typing, the step said "This step no longer exists"
    // and Save was disabled. Not being able to ask is not the same as "gone".
    void aStepStaysEditableWhileTheServerRestarts()
    {
        QVERIFY2(!qEnvironmentVariable("CASEDESK_TEST_PGDATA").isEmpty(),
                 "run through tools/test.sh: this test stops and restarts its PostgreSQL server");
        CASEDESK_TEST_DATABASE(test);
        QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
        Desk desk;
        QVERIFY(desk.signIn(test.settings()));
        auto *connection = desk.connection;
        const QString connectedText = connection->text();
        StepEditor *editor = nullptr;
        QuestionField *field = openTextField(test.db(), desk, &editor);
        QVERIFY(field);
        WorkOpener *opener = desk.opener;
        auto *box = qobject_cast<QPlainTextEdit *>(field->editor());
        box->setFocus();
        box->moveCursor(QTextCursor::End);
        QTest::keyClicks(box, QStringLiteral(" Before the restart."));

        QVERIFY(TestDatabase::controlServer(
            {QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("stop")}));
        // Whatever refreshes the open step next (a notification, the workview) cannot read it.
        emit opener->engine().workChanged();
        // It reads what its actions may do off the GUI thread: wait for that answer.
        QTRY_VERIFY_WITH_TIMEOUT(!editor->finishAction()->isEnabled(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(editor->isSettled(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(editor->finishHint().contains(QStringLiteral("cannot reach")),
                                 20000);
        QVERIFY(editor->saveAction()->isEnabled());
        QVERIFY2(editor->finishHint().contains(QStringLiteral("cannot reach the server")),
                 qPrintable(editor->finishHint()));
        QVERIFY(!editor->finishHint().contains(QStringLiteral("no longer exists")));
        QVERIFY(!field->isReadOnly());
        QVERIFY2(connection->text().contains(QStringLiteral("lost")),
                 qPrintable(connection->text()));
        const QString typed = QStringLiteral(" Typed while it restarted.");
        QTest::keyClicks(box, typed);

        QVERIFY(TestDatabase::controlServer({QStringLiteral("-l"),
                                             qEnvironmentVariable("CASEDESK_TEST_PGLOG"),
                                             QStringLiteral("start")}));
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), connectedText, 60000);
        QTRY_VERIFY(!editor->finishHint().contains(QStringLiteral("cannot reach the server")));
        QVERIFY(editor->saveAction()->isEnabled());
        QVERIFY(box->toPlainText().endsWith(typed));
        QVERIFY(saveAndWait(editor));
        Database check;
        QVERIFY(check.open(test.settings()).isOk());
        QCOMPARE(check
                     .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE step_id = ? "
                                            "AND question_id = ? AND value LIKE ?"),
                             {editor->stepId(), field->id(),
                              QVariant(QStringLiteral("%") + typed.trimmed())})
                     .toInt(),
                 1);
    }

private:
    // Opens the social worker's first current step and returns its first visible text field.
    static QuestionField *openTextField(Database &db, Desk &desk, StepEditor **editor)
    {
        const WorkviewCategoryPage current = WorkviewQuery(db).page(
            WorkviewOwner::worker(desk.session.worker.id, desk.session.worker.displayName),
            WorkviewCategory::CurrentWork);
        qint64 stepId = 0;
        for (const WorkviewItem &item : current.items)
            stepId = stepId ? stepId : (item.isRequest() ? 0 : item.stepId);
        *editor = openAndWait(desk.opener->open(stepId));
        // Opening it says work changed: the refreshes that follow land before the test cuts the
        // server, so what the cut meets is what the test does next.
        StepEditor *opened = *editor;
        if (!opened || !QTest::qWaitFor(
                           [opened, &desk] {
                               return opened->isSettled() && !desk.window->isReadingWorkview();
                           },
                           20000))
            return nullptr;
        auto *form = qobject_cast<FormEditor *>((*editor)->formTabs()->currentWidget());
        for (QuestionField *candidate : form->findChildren<QuestionField *>()) {
            if (qobject_cast<QPlainTextEdit *>(candidate->editor()) && !candidate->isReadOnly() &&
                candidate->isVisibleTo(form))
                return candidate;
        }
        return nullptr;
    }
};

QTEST_MAIN(TestConnectionLossGui)
#include "tst_connectionlossgui.moc"
