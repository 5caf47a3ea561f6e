// Signing out and in again, over and over, with steps open and answers typed, through the
// application itself (casedesk::Application, as `casedesk` runs it): nothing crashes, the
// answers are saved or discarded as the worker chose, and no one is left "Also open now".
// Each session ends in one order: editors, presence, listener, window, connection.
#include "app/application.h"
#include "app/signedinwindow.h"
#include "app/workopener.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "drafts/draftstore.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "presence/steppresence.h"
#include "secrets/inmemorysecretstore.h"
#include "stepwait.h"
#include "testdatabase.h"
#include "workview/workviewquery.h"

#include <QApplication>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

constexpr int Cycles = 50;

QPlainTextEdit *firstTextBox(StepEditor *editor)
{
    auto *form = qobject_cast<FormEditor *>(editor->formTabs()->currentWidget());
    if (!form)
        return nullptr;
    for (QuestionField *field : form->findChildren<QuestionField *>()) {
        auto *box = qobject_cast<QPlainTextEdit *>(field->editor());
        if (box && !field->isReadOnly() && field->isVisibleTo(form))
            return box;
    }
    return nullptr;
}

// The worker's started steps that are not requests, at most `limit` of them.
QList<qint64> currentSteps(Database &db, const WorkerIdentity &worker, int limit)
{
    QList<qint64> steps;
    const WorkviewCategoryPage page = WorkviewQuery(db).page(
        WorkviewOwner::worker(worker.id, worker.displayName), WorkviewCategory::CurrentWork);
    for (const WorkviewItem &item : page.items) {
        if (!item.isRequest() && steps.size() < limit && !steps.contains(item.stepId))
            steps << item.stepId;
    }
    return steps;
}

int presenceRows(Database &db, qint64 workerId)
{
    return db
        .scalar(QStringLiteral("SELECT count(*) FROM step_presence WHERE worker_id = ?"),
                {workerId})
        .toInt();
}

} // namespace

class TestSignOut : public QObject
{
    Q_OBJECT

private slots:
    void signsOutAndInFiftyTimesWithStepsOpen();
    void quittingEndsTheSessionInOrder();
};

// One cycle: sign in, open two steps, type into one, then sign out (answering Save or Discard to
// the unsaved-answers question in turn). The sign-in that follows checks what the last session
// left behind. Failures are collected and reported once the application has returned.
void TestSignOut::signsOutAndInFiftyTimesWithStepsOpen()
{
    CASEDESK_TEST_DATABASE(test);
    QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
    QFile::remove(DraftStore::defaultPath()); // nothing kept from an earlier run to offer back
    const WorkerIdentity worker =
        WorkerDirectory(test.db()).identityByUsername(DemoSeeder::socialWorkerUsername());
    const WorkerIdentity manager =
        WorkerDirectory(test.db()).identityByUsername(DemoSeeder::managerUsername());
    const QList<qint64> steps = currentSteps(test.db(), worker, 2);
    QCOMPARE(steps.size(), 2);
    StepPresence observer(test.db()); // the manager, on another computer

    QStringList failures;
    int signIns = 0;
    int saved = 0;
    std::unique_ptr<Application> app;

    const auto cycle = [&] {
        MainWindow *window = app->window();
        auto *opener = window ? window->findChild<WorkOpener *>() : nullptr;
        if (!opener) {
            failures << QStringLiteral("sign-in %1: no window").arg(signIns);
            return;
        }
        QList<StepEditor *> editors;
        for (qint64 stepId : steps)
            editors << openAndWait(opener->open(stepId));
        if (editors.contains(nullptr)) {
            failures << QStringLiteral("sign-in %1: a step did not open").arg(signIns);
            return;
        }
        // Presence is written off the GUI thread, a moment after the step opens.
        if (!QTest::qWaitFor([&] { return observer.others(steps.first(), manager.id).size() == 1; },
                             10000))
            failures << QStringLiteral("sign-in %1: the open step is not shown as open to others")
                            .arg(signIns);
        QPlainTextEdit *box = firstTextBox(editors.first());
        if (!box) {
            failures << QStringLiteral("sign-in %1: nothing to type into").arg(signIns);
            return;
        }
        box->setFocus();
        box->moveCursor(QTextCursor::End);
        QTest::keyClicks(box, QStringLiteral(" cycle %1").arg(signIns));
        // Sometimes the journal timer is still running at sign-out, sometimes not.
        if (signIns % 3 == 0)
            QTest::qWait(450);
        const bool save = signIns % 2 == 0;
        saved += save ? 1 : 0;
        MessageBox::setNextAnswer(save ? QMessageBox::Save : QMessageBox::Discard);
        const int asked = MessageBox::callCount();
        window->findChild<QAction *>(QStringLiteral("signOutAction"))->trigger();
        if (MessageBox::callCount() != asked + 1) {
            failures << QStringLiteral("sign-in %1: sign-out did not ask about the answers")
                            .arg(signIns);
            QApplication::quit();
        }
    };

    const Application::SignInPrompt prompt = [&](bool, Session *session, QString *) {
        if (signIns > 0) {
            // What the previous session left: nobody "also open now", nothing kept by accident.
            if (const int rows = presenceRows(test.db(), worker.id))
                failures << QStringLiteral("after sign-out %1: %2 presence rows left")
                                .arg(signIns)
                                .arg(rows);
            if (!observer.others(steps.first(), manager.id).isEmpty())
                failures << QStringLiteral("after sign-out %1: still shown as open").arg(signIns);
        }
        if (signIns == Cycles)
            return false; // the worker closes the sign-in dialog: CaseDesk quits
        ++signIns;
        session->database = std::make_unique<Database>();
        if (!session->database->open(test.settings())) {
            failures << QStringLiteral("sign-in %1: the database did not open").arg(signIns);
            return false;
        }
        session->worker = WorkerDirectory(*session->database).identityByUsername(worker.username);
        session->actingRole = SessionOpener::defaultRole(session->worker);
        // The worker acts once the window is up and has offered any recovered answers.
        QTimer::singleShot(0, qApp, [&] { QTimer::singleShot(0, qApp, cycle); });
        return true;
    };

    app = std::make_unique<Application>(std::make_unique<InMemorySecretStore>(), prompt);
    QCOMPARE(app->run({QStringLiteral("casedesk")}), 0);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    QCOMPARE(signIns, Cycles);
    QVERIFY(!app->window());
    // Every "Save" at sign-out reached the database, once.
    QCOMPARE(test.db()
                     .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE value LIKE ?"),
                             {QStringLiteral("% cycle %")})
                     .toInt() > 0,
             saved > 0);
}

// Quitting (File ▸ Quit closes every window) ends the session the same way: the step still open
// is no longer shown as open to anyone, and run() returns once it is all closed.
void TestSignOut::quittingEndsTheSessionInOrder()
{
    CASEDESK_TEST_DATABASE(test);
    QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
    const WorkerIdentity worker =
        WorkerDirectory(test.db()).identityByUsername(DemoSeeder::socialWorkerUsername());
    const QList<qint64> steps = currentSteps(test.db(), worker, 1);
    QCOMPARE(steps.size(), 1);
    std::unique_ptr<Application> app;
    int openRows = -1;
    bool asked = false;
    const Application::SignInPrompt prompt = [&](bool, Session *session, QString *) {
        if (asked)
            return false;
        asked = true;
        session->database = std::make_unique<Database>();
        if (!session->database->open(test.settings()))
            return false;
        session->worker = WorkerDirectory(*session->database).identityByUsername(worker.username);
        session->actingRole = SessionOpener::defaultRole(session->worker);
        QTimer::singleShot(0, qApp, [&] {
            app->window()->findChild<WorkOpener *>()->open(steps.first());
            if (!QTest::qWaitFor([&] { return presenceRows(test.db(), worker.id) == 1; }, 10000))
                qWarning("the open step was not marked open within 10 s");
            openRows = presenceRows(test.db(), worker.id);
            QApplication::closeAllWindows();
        });
        return true;
    };
    app = std::make_unique<Application>(std::make_unique<InMemorySecretStore>(), prompt);
    QCOMPARE(app->run({QStringLiteral("casedesk")}), 0);
    QCOMPARE(openRows, 1);
    QVERIFY(!app->window());
    QCOMPARE(presenceRows(test.db(), worker.id), 0);
}

QTEST_MAIN(TestSignOut)
#include "tst_signout.moc"
