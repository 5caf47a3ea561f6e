// Requests, Take and the directory off the GUI thread (issue 11): a request sent and a Take
// issued while the link to the server is silent — the window keeps turning its event loop, the
// place that waits says so, nothing can be sent or taken twice, and once the link is back the
// request is in the database once and the step started once. Over a 40 ms-each-way link the
// requests dialog fills from one job of one statement, and the directory loads in one.
#include "authorityfixture.h"
#include "common/directory.h"
#include "common/inlinemessage.h"
#include "definitions/definitionregistry.h"
#include "eventloopticker.h"
#include "linksimulator.h"
#include "mainwindow/mainwindow.h"
#include "networkdesk.h"
#include "requests/requestsdialog.h"
#include "session/session.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"
#include "workview/fullworkview.h"
#include "workview/workviewactions.h"
#include "workviewwait.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QtTest>
#include <memory>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString Decision = QStringLiteral("CS Decision on Significant Information (Open SC Case)");
const QString ReviewRequest = QStringLiteral("CS Manager: Please review and confirm next action");

} // namespace

class TestResponsiveRequests : public QObject
{
    Q_OBJECT

    // The social worker's window with the parts WorkOpener would make for it (and no live updates,
    // whose listener would send through `link` too), connected through `link`; a request waits at
    // most 5 s (longer than the silences below).
    struct Desk
    {
        TestDatabase test;
        std::unique_ptr<AuthorityFixture> authority;
        LinkSimulator link{LinkTarget::testPostgres()};
        NetworkDesk client{link};
        Session &session = client.session;
        MainWindow *window = nullptr;
        std::unique_ptr<WorkflowEngine> engine;
        std::unique_ptr<Directory> directory;
        WorkviewActions *actions = nullptr; // owned by the window

        bool open(QString *error)
        {
            if (!test.create(error))
                return false;
            authority = std::make_unique<AuthorityFixture>(test.db());
            if (!client.signIn(test.settings().databaseName, QStringLiteral("sw"),
                               QStringLiteral("social_worker"), 5, error) ||
                !client.openBareWindow(error))
                return false;
            window = client.window();
            engine =
                std::make_unique<WorkflowEngine>(*session.database, DefinitionRegistry::shared());
            QObject::connect(engine.get(), &WorkflowEngine::workChanged, window,
                             &MainWindow::refresh);
            directory = std::make_unique<Directory>(session.background(),
                                                    DefinitionRegistry::shared(), session.worker);
            actions = new WorkviewActions(*engine, *directory, session, window);
            *error = QStringLiteral("the directory was not read");
            return QTest::qWaitFor([this] { return directory->isLoaded(); }, 10000);
        }
        Actor sw() const { return Actor{session.worker.id, session.actingRole}; }
        // A step of the child's, made on the test's own connection (not through the link).
        qint64 step(const QString &stepType, const QString &status, const QString &worker)
        {
            return test.db().insert(
                QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                               "assignee_worker_id) VALUES (?, ?, ?, ?) RETURNING id"),
                {authority->childId, stepType, status, authority->workers.value(worker)});
        }
        qint64 count(const QString &sql, const QVariantList &values)
        {
            return test.db().scalar(sql, values).toLongLong();
        }
        // The requests dialog as StepEditor opens it, on the session's database thread.
        RequestsDialog *requests(qint64 stepId)
        {
            auto *dialog = new RequestsDialog(*engine, *directory, stepId, sw(),
                                              &session.background(), window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->show();
            return dialog;
        }
    };

    static bool choose(QComboBox *combo, const QVariant &data)
    {
        const int index = combo->findData(data);
        combo->setCurrentIndex(index);
        return index >= 0;
    }

private slots:
    void aRequestSentAndATakeWhileTheLinkIsSilentGoThroughOnceWhenItIsBack()
    {
        Desk desk;
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        const qint64 decision =
            desk.step(Decision, QStringLiteral("started"), QStringLiteral("sw"));
        const qint64 incoming =
            desk.step(Decision, QStringLiteral("incoming"), QStringLiteral("sw"));
        const qint64 others =
            desk.step(Decision, QStringLiteral("incoming"), QStringLiteral("sw2"));
        RequestsDialog *dialog = desk.requests(decision);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isLoaded() && !dialog->isBusy(), 10000);
        QCOMPARE(dialog->table()->rowCount(), 0);
        QVERIFY(dialog->sendButton()->isEnabled());
        QVERIFY(choose(dialog->requestTypeCombo(), ReviewRequest));
        QVERIFY(choose(dialog->recipientCombo(),
                       desk.authority->workers.value(QStringLiteral("manager"))));
        QVERIFY(!dialog->busyLabel()->isVisible());

        desk.link.setBlackHole(true);
        EventLoopTicker ticker;
        QSignalSpy sent(dialog, &RequestsDialog::actionDone);
        QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
        // On its way: Send (and Completed, Declined) cannot be pressed again meanwhile.
        QVERIFY(dialog->isBusy());
        QVERIFY(!dialog->sendButton()->isEnabled());
        QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
        QVERIFY(!dialog->completedButton()->isEnabled());

        // Take, of the worker's own incoming step and a colleague's, as one job.
        QSignalSpy reported(desk.actions, &WorkviewActions::reported);
        const QList<WorkRef> work{{incoming, 0, QStringLiteral("Mine")},
                                  {others, 0, QStringLiteral("Theirs")}};
        QVERIFY(desk.actions->take(work));
        QVERIFY(desk.actions->isBusy());
        QVERIFY(!desk.actions->take(work)); // not twice
        QVERIFY(!desk.actions->takeAction()->isEnabled());
        QVERIFY(!desk.actions->reassignAction()->isEnabled());

        QTest::qWait(1500);
        QVERIFY2(ticker.worstGapMs() < 1000,
                 qPrintable(
                     QStringLiteral("the event loop stopped for %1 ms").arg(ticker.worstGapMs())));
        QVERIFY2(
            ticker.ticks() >= 50,
            qPrintable(
                QStringLiteral("the event loop turned %1 times in 1.5 s").arg(ticker.ticks())));
        QCOMPARE(sent.count(), 0);
        QCOMPARE(reported.count(), 0);
        // After 300 ms, each place that waits says what it waits for.
        QVERIFY(dialog->busyLabel()->isVisible());
        QCOMPARE(dialog->busyLabel()->text(), QStringLiteral("Sending the request\u2026"));
        QCOMPARE(desk.window->statusBar()->currentMessage(),
                 QStringLiteral("Taking 2 pieces of work\u2026"));

        // The link comes back before the deadline: what was held goes through, once.
        desk.link.setBlackHole(false);
        QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, 10000);
        QVERIFY2(sent.first().first().toBool(), qPrintable(dialog->messageLabel()->message()));
        QTRY_COMPARE_WITH_TIMEOUT(reported.count(), 1, 10000);
        QVERIFY2(ticker.worstGapMs() < 1000, qPrintable(QString::number(ticker.worstGapMs())));

        QCOMPARE(desk.count(QStringLiteral("SELECT count(*) FROM requests WHERE step_id = ? AND "
                                           "request_type = ?"),
                            {decision, ReviewRequest}),
                 1);
        QCOMPARE(dialog->table()->rowCount(), 1);
        QCOMPARE(dialog->table()->item(0, RequestsDialog::StatusColumn)->text(),
                 QStringLiteral("Outstanding"));
        QCOMPARE(dialog->messageLabel()->message(),
                 QStringLiteral("\"REQUIRED %1\" was sent to Worker manager.").arg(ReviewRequest));
        QVERIFY(!dialog->isBusy());
        QVERIFY(!dialog->busyLabel()->isVisible());
        // The same request cannot go again while it is outstanding: the engine says so in place.
        QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 2, 10000);
        QVERIFY(!sent.at(1).first().toBool());
        QVERIFY(dialog->messageLabel()->message().contains(QStringLiteral("still outstanding")));
        QCOMPARE(desk.count(QStringLiteral("SELECT count(*) FROM requests WHERE step_id = ?"),
                            {decision}),
                 1);

        QCOMPARE(reported.first().first().toString(),
                 QStringLiteral("1 taken; 1 refused: Theirs: This step is assigned to Worker sw2, "
                                "so only they can start it."));
        QCOMPARE(desk.window->fullWorkview()->report()->message(),
                 reported.first().first().toString());
        QCOMPARE(desk.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'start' "
                                           "AND entity_id = ?"),
                            {incoming}),
                 1);
        QCOMPARE(
            desk.test.db()
                .scalar(QStringLiteral("SELECT status FROM worksteps WHERE id = ?"), {incoming})
                .toString(),
            QStringLiteral("started"));
        QCOMPARE(desk.test.db()
                     .scalar(QStringLiteral("SELECT status FROM worksteps WHERE id = ?"), {others})
                     .toString(),
                 QStringLiteral("incoming"));
        QVERIFY(!desk.actions->isBusy());
        CASEDESK_WAIT_FOR_WORKVIEW(*desk.window);
    }

    void theRequestsDialogOpensThroughASlowLinkInOneJob()
    {
        Desk desk;
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        const qint64 decision =
            desk.step(Decision, QStringLiteral("started"), QStringLiteral("sw"));
        // Three requests already: the old way read each, and asked about each, one by one.
        for (int i = 0; i < 3; ++i)
            QVERIFY(desk.test.db().insert(
                        QStringLiteral(
                            "INSERT INTO requests (step_id, request_type, is_required, status, "
                            "sender_worker_id, sent_as_role, recipient_worker_id, note, sent_at) "
                            "VALUES (?, ?, ?, ?, ?, 'social_worker', ?, '', ?) RETURNING id"),
                        {decision, ReviewRequest, true,
                         i < 2 ? QStringLiteral("completed") : QStringLiteral("outstanding"),
                         desk.session.worker.id,
                         desk.authority->workers.value(QStringLiteral("manager")),
                         QDateTime::currentDateTimeUtc()}) > 0);
        desk.link.setDelay(40);
        // Once, so that the database thread's statements are prepared: what follows is what a
        // worker pays every time.
        RequestsDialog *first = desk.requests(decision);
        QTRY_VERIFY_WITH_TIMEOUT(first->isLoaded() && !first->isBusy(), 10000);
        first->close();

        const int jobs = desk.session.background().requestsRun();
        const qint64 sends = desk.link.clientSends();
        RequestsDialog *dialog = desk.requests(decision);
        QVERIFY(!dialog->isLoaded()); // open at once, before anything is read
        QCOMPARE(dialog->table()->rowCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isLoaded() && !dialog->isBusy(), 10000);
        QCOMPARE(desk.session.background().requestsRun() - jobs, 1);
        QCOMPARE(desk.link.clientSends() - sends, 1);
        QCOMPARE(dialog->table()->rowCount(), 3);
        QCOMPARE(dialog->windowTitle(),
                 QStringLiteral("Requests \u2013 %1 \u2013 Ava Testchild").arg(Decision));
        // The outstanding one is selected; the social worker cannot complete it, and is told why.
        QCOMPARE(dialog->table()->currentRow(), 2);
        QVERIFY(!dialog->completedButton()->isEnabled());
        QCOMPARE(dialog->whyLabel()->text(),
                 QStringLiteral("This request was sent to Worker manager, so only they can "
                                "complete it."));
        // Choosing another request asks nothing of the server.
        dialog->selectRequest(dialog->table()->item(0, 0)->data(Qt::UserRole).toLongLong());
        QVERIFY(dialog->whyLabel()->text().startsWith(
            QStringLiteral("This request was already completed by")));
        QCOMPARE(desk.link.clientSends() - sends, 1);

        // What the dialog read before, statement by statement on the GUI thread, for the record.
        Database through; // a GUI-thread connection through the same link, as there was one
        QVERIFY(through.open(desk.session.database->settings()).isOk());
        WorkflowEngine engine(through, DefinitionRegistry::shared());
        (void)engine.step(decision); // prepared once, as the dialog's statements were above
        (void)engine.requests(decision);
        (void)engine.whyCannotEdit(decision, desk.sw());
        (void)engine.whyCannotRespond(dialog->selectedRequestId(), desk.sw());
        const qint64 before = desk.link.clientSends();
        (void)engine.step(decision);
        const QList<RequestRecord> requests = engine.requests(decision);
        (void)engine.whyCannotEdit(decision, desk.sw());
        (void)engine.whyCannotRespond(requests.last().id, desk.sw());
        qInfo("before: %lld statements to open the dialog on 3 requests (and more per request "
              "chosen); now: 1",
              desk.link.clientSends() - before);

        // The directory: the workers, teams and virtual workers in one statement, once.
        const qint64 beforeDirectory = desk.link.clientSends();
        Directory directory(desk.session.background(), DefinitionRegistry::shared());
        QSignalSpy loaded(&directory, &Directory::loaded);
        QVERIFY(!directory.isLoaded());
        QVERIFY(directory.workers().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        QCOMPARE(desk.link.clientSends() - beforeDirectory, 1);
        QCOMPARE(directory.workerName(desk.authority->workers.value(QStringLiteral("manager"))),
                 QStringLiteral("Worker manager"));
        QCOMPARE(directory.workers({QStringLiteral("ps_manager")}).size(), 2);
        QVERIFY(!directory.virtualWorkers({QStringLiteral("cs-cwd-panel")}).isEmpty());
        QVERIFY(!directory.teams().isEmpty());
        QCOMPARE(desk.link.clientSends() - beforeDirectory, 1);
    }
};

QTEST_MAIN(TestResponsiveRequests)
#include "tst_responsiverequests.moc"
