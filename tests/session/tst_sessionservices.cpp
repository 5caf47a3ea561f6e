// The services behind a signed-in window, through the real widgets: every edit journalled on this
// computer and offered back after a crash; who else has a step open; on PostgreSQL, workviews
// that update by themselves when someone else changes the worker's work.
#include "app/sessionservices.h"
#include "app/workopener.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "forms/conflictdialog.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "live/changelistener.h"
#include "mainwindow/mainwindow.h"
#include "presence/steppresence.h"
#include "stepwait.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"
#include "workview/workviewmodel.h"
#include "workview/workviewquery.h"
#include "workviewwait.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QTabWidget>
#include <QtTest>

using namespace casedesk;
using casedesk::test::openAndWait;
using casedesk::test::saveAndWait;

namespace {

// One signed-in window on the test database, as Application::showMainWindow builds it.
struct SignedIn
{
    Session session;
    std::unique_ptr<MainWindow> window;
    WorkOpener *opener = nullptr;

    SignedIn(const ConnectionSettings &settings, const QString &username)
    {
        session.database = std::make_unique<Database>();
        if (!session.database->open(settings))
            qFatal("could not open the test database");
        session.worker = WorkerDirectory(*session.database).identityByUsername(username);
        session.actingRole = SessionOpener::defaultRole(session.worker);
        window = std::make_unique<MainWindow>(session, &DefinitionRegistry::shared());
        casedesk::test::waitForWorkview(*window);
        opener = new WorkOpener(session, DefinitionRegistry::shared(), window.get());
        window->show();
    }
};

// The first answer box a worker can type into on the form shown.
QuestionField *firstTextField(FormEditor *form)
{
    const QList<QuestionField *> fields = form->findChildren<QuestionField *>();
    for (QuestionField *field : fields) {
        auto *box = qobject_cast<QPlainTextEdit *>(field->editor());
        if (box && !field->isReadOnly() && field->isVisibleTo(form))
            return field;
    }
    return nullptr;
}

QPlainTextEdit *firstTextBox(FormEditor *form)
{
    QuestionField *field = firstTextField(form);
    return field ? qobject_cast<QPlainTextEdit *>(field->editor()) : nullptr;
}

int incomingCount(WorkviewModel *model)
{
    const QModelIndex owner = model->index(0, 0);
    for (int row = 0; row < model->rowCount(owner); ++row) {
        const QModelIndex category = model->index(row, 0, owner);
        if (category.data().toString().startsWith(QStringLiteral("Incoming work")))
            return model->rowCount(category);
    }
    return -1;
}

} // namespace

class TestSessionServices : public QObject
{
    Q_OBJECT

private:
    qint64 m_stepId = 0;

    // A started step of the demo social worker's current work.
    qint64 currentStepOf(Database &db, const WorkerIdentity &worker)
    {
        const WorkviewCategoryPage page = WorkviewQuery(db).page(
            WorkviewOwner::worker(worker.id, worker.displayName), WorkviewCategory::CurrentWork);
        for (const WorkviewItem &item : page.items) {
            if (!item.isRequest())
                return item.stepId;
        }
        return 0;
    }

private slots:
    void draftsSurviveACrashAndAreOfferedAtTheNextStart();
    void discardedDraftsAreForgotten();
    void showsWhoElseHasTheStepOpen();
    void workviewsUpdateByThemselves();
    void aStreamOfNotificationsNeverPostponesTheRefresh();
    void aJournalThatCannotBeWrittenNeverStopsASave_data();
    void aJournalThatCannotBeWrittenNeverStopsASave();
    void aRecoveredDraftOverALaterSaveAsksFirst();
};

void TestSessionServices::draftsSurviveACrashAndAreOfferedAtTheNextStart()
{
    CASEDESK_TEST_DATABASE(test);
    QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
    QString typedInto;
    qint64 stepId = 0;
    {
        SignedIn first(test.settings(), DemoSeeder::socialWorkerUsername());
        stepId = currentStepOf(*first.session.database, first.session.worker);
        QVERIFY(stepId > 0);
        auto *editor = openAndWait(first.opener->open(stepId));
        QVERIFY(editor);
        QVERIFY(first.opener->services().drafts().all(first.session.worker.id).isEmpty());
        auto *form = qobject_cast<FormEditor *>(editor->formTabs()->currentWidget());
        QuestionField *field = firstTextField(form);
        QVERIFY(field);
        typedInto = field->id();
        auto *box = qobject_cast<QPlainTextEdit *>(field->editor());
        box->setFocus();
        box->moveCursor(QTextCursor::End);
        QTest::keyClicks(box, QStringLiteral(" Typed before the power cut."));
        // Journalled after a pause in typing, without pressing Save.
        QTRY_COMPARE(first.opener->services().drafts().all(first.session.worker.id).size(), 1);
        const Draft kept = first.opener->services().drafts().all(first.session.worker.id).first();
        QCOMPARE(kept.stepId, stepId);
        QCOMPARE(kept.formCode, form->formCode());
        QVERIFY(kept.saveToken.isEmpty());
        QVERIFY(kept.answers.values().first().endsWith(QStringLiteral("before the power cut.")));
        // The crash: the window goes without anything being saved or asked.
    }
    QVERIFY(!test.db()
                 .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE value LIKE ?"),
                         {QStringLiteral("%power cut.")})
                 .toInt());

    SignedIn next(test.settings(), DemoSeeder::socialWorkerUsername());
    MessageBox::setNextAnswer(QMessageBox::Open);
    const int asked = MessageBox::callCount();
    QCOMPARE(next.opener->offerRecoveredDrafts(), 1);
    QCOMPARE(MessageBox::callCount(), asked + 1);
    QVERIFY(MessageBox::lastText().contains(QStringLiteral("not saved")));
    QTRY_VERIFY_WITH_TIMEOUT(!next.opener->isOpening(), 30000); // the step opens off this thread
    auto *editor = qobject_cast<StepEditor *>(next.window->workArea()->currentWidget());
    QVERIFY(editor);
    QCOMPARE(editor->stepId(), stepId);
    QTRY_VERIFY(editor->isModified()); // the draft is put back once the step is read
    FormEditor *form = nullptr;
    for (FormEditor *candidate : editor->formEditors()) {
        if (candidate->field(typedInto))
            form = candidate;
    }
    QVERIFY(form);
    auto *box = qobject_cast<QPlainTextEdit *>(form->field(typedInto)->editor());
    QVERIFY(box);
    QVERIFY(box->toPlainText().endsWith(QStringLiteral("Typed before the power cut.")));

    QVERIFY(saveAndWait(editor));
    QVERIFY(!editor->isModified());
    QCOMPARE(test.db()
                 .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE value LIKE ?"),
                         {QStringLiteral("%power cut.")})
                 .toInt(),
             1);
    QVERIFY(next.opener->services().drafts().all(next.session.worker.id).isEmpty());
}

void TestSessionServices::discardedDraftsAreForgotten()
{
    CASEDESK_TEST_DATABASE(test);
    QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
    {
        SignedIn first(test.settings(), DemoSeeder::socialWorkerUsername());
        auto *editor = openAndWait(
            first.opener->open(currentStepOf(*first.session.database, first.session.worker)));
        QVERIFY(editor);
        QPlainTextEdit *box =
            firstTextBox(qobject_cast<FormEditor *>(editor->formTabs()->currentWidget()));
        QVERIFY(box);
        QTest::keyClicks(box, QStringLiteral("Not wanted"));
        editor->flushJournal();
        QCOMPARE(first.opener->services().drafts().all(first.session.worker.id).size(), 1);
    }
    SignedIn later(test.settings(), DemoSeeder::socialWorkerUsername());
    MessageBox::setNextAnswer(QMessageBox::Cancel); // later: kept
    QCOMPARE(later.opener->offerRecoveredDrafts(), 0);
    QCOMPARE(later.opener->services().drafts().recoverable(later.session.worker.id).size(), 1);
    MessageBox::setNextAnswer(QMessageBox::Discard);
    QCOMPARE(later.opener->offerRecoveredDrafts(), 0);
    QVERIFY(later.opener->services().drafts().recoverable(later.session.worker.id).isEmpty());
    QCOMPARE(later.window->workArea()->count(), 2); // the Full workview and the placeholder
    const int asked = MessageBox::callCount();
    QCOMPARE(later.opener->offerRecoveredDrafts(), 0); // nothing left: nothing asked
    QCOMPARE(MessageBox::callCount(), asked);
}

void TestSessionServices::showsWhoElseHasTheStepOpen()
{
    CASEDESK_TEST_DATABASE(test);
    QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
    SignedIn sw(test.settings(), DemoSeeder::socialWorkerUsername());
    const qint64 stepId = currentStepOf(*sw.session.database, sw.session.worker);
    auto *editor = openAndWait(sw.opener->open(stepId));
    QVERIFY(editor);
    QVERIFY(editor->othersHereText().isEmpty());

    // On PostgreSQL the server tells this client at once, long before the 30-second touch
    // (018_presence_notifications); on SQLite (one user) it is read on that timer, asked here.
    const bool told = test.isPostgres();
    if (told)
        QTRY_VERIFY(sw.opener->services().changeListener()->isListening());
    QSignalSpy presenceRead(&sw.opener->services(), &SessionServices::presenceRead);
    auto shown = [&](const std::function<bool()> &what) {
        if (told)
            return QTest::qWaitFor(what, 5000);
        sw.opener->services().refreshPresence(); // off the GUI thread
        return presenceRead.wait(5000) && what();
    };

    // The manager opens the same step on another computer.
    const WorkerIdentity manager =
        WorkerDirectory(test.db()).identityByUsername(DemoSeeder::managerUsername());
    StepPresence elsewhere(test.db());
    QVERIFY(elsewhere.enter(stepId, Actor{manager.id, QStringLiteral("ps_manager")}).isOk());
    const QString seen = QStringLiteral("Also open now by ") + manager.displayName;
    QVERIFY2(
        shown([&] { return editor->othersHereText().startsWith(seen + QStringLiteral(" (")); }),
        qPrintable(editor->othersHereText()));
    QVERIFY(editor->findChild<QLabel *>(QStringLiteral("presenceNote"))->isVisible());
    // Our own opening is recorded for them to see.
    QCOMPARE(elsewhere.others(stepId, manager.id).size(), 1);
    QCOMPARE(elsewhere.others(stepId, manager.id).first().workerId, sw.session.worker.id);

    // They close it or sign out: gone from here too.
    elsewhere.leave(stepId, manager.id);
    QVERIFY2(shown([&] { return editor->othersHereText().isEmpty(); }),
             qPrintable(editor->othersHereText()));
    QVERIFY(!editor->findChild<QLabel *>(QStringLiteral("presenceNote"))->isVisible());

    // Closing the step forgets it (written off the GUI thread, soon after).
    delete editor;
    QTRY_VERIFY(elsewhere.others(stepId, manager.id).isEmpty());
}

void TestSessionServices::workviewsUpdateByThemselves()
{
    CASEDESK_TEST_DATABASE(test);
    QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
    SignedIn sw(test.settings(), DemoSeeder::socialWorkerUsername());
    if (!test.isPostgres()) {
        // One user on one computer: nothing to listen for; its own changes refresh directly.
        QVERIFY(!sw.opener->services().changeListener());
        return;
    }
    QVERIFY(sw.opener->services().changeListener());
    const int before = incomingCount(sw.window->workviewModel());
    QVERIFY(before >= 0);
    QTest::qWait(500); // the listener's connection subscribes in its own thread

    // Another worker's client (its own connection and engine) sends this worker new work.
    const WorkerIdentity manager =
        WorkerDirectory(test.db()).identityByUsername(DemoSeeder::managerUsername());
    WorkflowEngine elsewhere(test.db(), DefinitionRegistry::shared());
    const qint64 personId =
        test.db().scalar(QStringLiteral("SELECT min(id) FROM people WHERE is_child")).toLongLong();
    QElapsedTimer delay;
    delay.start();
    Status created;
    elsewhere.createStep(personId, QStringLiteral("Child in Need Visit"),
                         Assignee::worker(sw.session.worker.id),
                         Actor{manager.id, QStringLiteral("ps_manager")}, &created);
    QVERIFY2(created.isOk(), qPrintable(created.message()));
    QTRY_COMPARE_WITH_TIMEOUT(incomingCount(sw.window->workviewModel()), before + 1, 10000);
    qInfo("The workview showed the new work %lld ms after it was created elsewhere.",
          delay.elapsed());
}

// Notifications coalesce with a maximum delay: a steady stream (one every 40 ms, faster than
// the 150 ms coalescing) refreshes the workview while it lasts, a few times, not once per
// notification and not only after the stream stops.
void TestSessionServices::aStreamOfNotificationsNeverPostponesTheRefresh()
{
    CASEDESK_TEST_DATABASE(test);
    QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
    SignedIn sw(test.settings(), DemoSeeder::socialWorkerUsername());
    if (!test.isPostgres()) {
        QVERIFY(!sw.opener->services().changeListener()); // one user: nothing to hear
        return;
    }
    ChangeListener *listener = sw.opener->services().changeListener();
    QVERIFY(listener);
    QElapsedTimer clock;
    QList<qint64> refreshTimes;
    connect(sw.window->workviewModel(), &QAbstractItemModel::modelReset, this,
            [&] { refreshTimes << clock.elapsed(); });
    const int notifications = 30;
    int sent = 0;
    QTimer stream;
    stream.setInterval(40);
    connect(&stream, &QTimer::timeout, this, [&] {
        emit listener->workChanged(QStringLiteral("work:me"));
        if (++sent == notifications)
            stream.stop();
    });
    clock.start();
    emit listener->workChanged(QStringLiteral("work:me"));
    stream.start();
    QTRY_VERIFY_WITH_TIMEOUT(sent == notifications, 5000);
    const qint64 streamEnded = clock.elapsed();
    QTest::qWait(400);
    QStringList times;
    for (qint64 at : refreshTimes)
        times << QString::number(at);
    qInfo("%d notifications over %lld ms: refreshes at %s ms", notifications + 1, streamEnded,
          qPrintable(times.join(u' ')));
    QVERIFY2(!refreshTimes.isEmpty() && refreshTimes.first() < 600,
             "the first refresh waited for the stream to end");
    QVERIFY2(refreshTimes.size() >= 3, "the stream postponed the refreshes");
    QVERIFY2(refreshTimes.size() < notifications / 2, "every notification refreshed");
}

// The journal file cannot be opened (here: a folder stands where the file should be, as a full,
// read-only or damaged disk would refuse it): every open step says so in a warning that stays,
// and Save still reaches the database.
void TestSessionServices::aJournalThatCannotBeWrittenNeverStopsASave_data()
{
    QTest::addColumn<bool>("damagedFile");
    QTest::newRow("a folder where the journal file should be") << false;
    QTest::newRow("a damaged journal file") << true;
}

void TestSessionServices::aJournalThatCannotBeWrittenNeverStopsASave()
{
    CASEDESK_TEST_DATABASE(test);
    QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
    QFETCH(bool, damagedFile);
    const QString journalPath = DraftStore::defaultPath();
    QFile::remove(journalPath);
    QDir(journalPath).removeRecursively();
    const auto restore = qScopeGuard([&] {
        QDir(journalPath).removeRecursively();
        QFile::remove(journalPath);
    });
    if (damagedFile) {
        QVERIFY(QDir().mkpath(QFileInfo(journalPath).absolutePath()));
        QFile damaged(journalPath);
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write(QByteArray(8192, 'Z')); // not an SQLite file
    } else {
        QVERIFY(QDir().mkpath(journalPath)); // a folder where the file should be
    }

    SignedIn sw(test.settings(), DemoSeeder::socialWorkerUsername());
    auto *editor =
        openAndWait(sw.opener->open(currentStepOf(*sw.session.database, sw.session.worker)));
    QVERIFY(editor);
    QVERIFY2(editor->journalProblem().startsWith(
                 QStringLiteral("Your answers are not being kept on this computer")),
             qPrintable(editor->journalProblem()));
    QVERIFY(editor->journalProblem().contains(journalPath));
    QVERIFY(editor->findChild<QLabel *>(QStringLiteral("journalBanner"))->isVisible());

    QPlainTextEdit *box =
        firstTextBox(qobject_cast<FormEditor *>(editor->formTabs()->currentWidget()));
    QVERIFY(box);
    QTest::keyClicks(box, QStringLiteral(" Saved without a journal."));
    QTest::qWait(StepEditor::JournalMaxWaitMs + 100); // the journal tries, and fails
    QVERIFY(saveAndWait(editor));
    QCOMPARE(test.db()
                 .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE value LIKE ?"),
                         {QStringLiteral("%Saved without a journal.")})
                 .toInt(),
             1);
    // The warning stays while the journal cannot be written: a save does not clear it.
    QVERIFY(editor->findChild<QLabel *>(QStringLiteral("journalBanner"))->isVisible());
}

// Issue 16: a draft recovered after a crash was restored over someone's later save and saved
// without the conflict dialog. The recovered answers are typed against the revision they were
// kept at, so Save asks first, and nothing is written over the later save unless chosen.
void TestSessionServices::aRecoveredDraftOverALaterSaveAsksFirst()
{
    CASEDESK_TEST_DATABASE(test);
    QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
    qint64 stepId = 0;
    QString formCode;
    QString questionId;
    {
        SignedIn first(test.settings(), DemoSeeder::socialWorkerUsername());
        stepId = currentStepOf(*first.session.database, first.session.worker);
        auto *editor = openAndWait(first.opener->open(stepId));
        QVERIFY(editor);
        auto *form = qobject_cast<FormEditor *>(editor->formTabs()->currentWidget());
        QuestionField *field = firstTextField(form);
        QVERIFY(field);
        formCode = form->formCode();
        questionId = field->id();
        auto *box = qobject_cast<QPlainTextEdit *>(field->editor());
        box->setFocus();
        box->moveCursor(QTextCursor::End);
        QTest::keyClicks(box, QStringLiteral(" Typed before the crash."));
        QTRY_COMPARE(first.opener->services().drafts().all(first.session.worker.id).size(), 1);
    } // the crash: nothing saved

    // Meanwhile the same answer is saved from elsewhere.
    WorkflowEngine engine(test.db(), DefinitionRegistry::shared());
    const WorkerIdentity worker =
        WorkerDirectory(test.db()).identityByUsername(DemoSeeder::socialWorkerUsername());
    const Actor actor{worker.id, SessionOpener::defaultRole(worker)};
    const QString theirs = QStringLiteral("Saved later from another computer.");
    QVERIFY(engine.saveAnswers(stepId, formCode, {{questionId, theirs}}, actor,
                               engine.step(stepId).revision));

    SignedIn next(test.settings(), DemoSeeder::socialWorkerUsername());
    MessageBox::setNextAnswer(QMessageBox::Open);
    QCOMPARE(next.opener->offerRecoveredDrafts(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!next.opener->isOpening(), 30000); // the step opens off this thread
    auto *editor = qobject_cast<StepEditor *>(next.window->workArea()->currentWidget());
    QVERIFY(editor);
    QTRY_VERIFY(editor->isModified()); // the draft is put back once the step is read
    int asked = 0;
    ConflictDialog::setNextResponder([&asked](ConflictDialog &) {
        ++asked;
        return int(QDialog::Rejected);
    });
    QVERIFY(!saveAndWait(editor));
    QCOMPARE(asked, 1);
    QCOMPARE(engine.answers(stepId, formCode).value(questionId).value, theirs);
    QVERIFY(editor->isModified()); // what was recovered stays on screen
}

QTEST_MAIN(TestSessionServices)
#include "tst_sessionservices.moc"
