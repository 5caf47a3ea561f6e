#include "app/application.h"
#include "app/workopener.h"
#include "common/inlinemessage.h"
#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "forms/cancelstepdialog.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "signin/localsigninpage.h"
#include "signin/signindialog.h"
#include "signinwait.h"
#include "stepwait.h"
#include "workview/fullworkview.h"
#include "workview/narrowworkview.h"
#include "workview/workviewfiltermodel.h"
#include "workview/workviewmodel.h"
#include "workview/workviewquery.h"
#include "workview/workviewtree.h"
#include "workviewwait.h"

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QtTest>

using namespace casedesk;

namespace {

// The rows under a category heading ("Incoming work (6)") of the first owner with that heading
// text, as the view shows them.
QModelIndex heading(QAbstractItemModel *model, int ownerRow, const QString &prefix)
{
    const QModelIndex owner = model->index(ownerRow, 0);
    for (int row = 0; row < model->rowCount(owner); ++row) {
        const QModelIndex category = model->index(row, 0, owner);
        if (category.data().toString().startsWith(prefix))
            return category;
    }
    return {};
}

QList<QPair<qint64, qint64>> workIds(QAbstractItemModel *model, const QModelIndex &category)
{
    QList<QPair<qint64, qint64>> ids;
    for (int row = 0; row < model->rowCount(category); ++row) {
        const QModelIndex item = model->index(row, 0, category);
        ids << qMakePair(item.data(WorkviewModel::StepIdRole).toLongLong(),
                         item.data(WorkviewModel::RequestIdRole).toLongLong());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

QStringList column(QAbstractItemModel *model, const QModelIndex &category, int column)
{
    QStringList texts;
    for (int row = 0; row < model->rowCount(category); ++row)
        texts << model->index(row, column, category).data().toString();
    return texts;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    QString databasePath() const { return m_dir.filePath(u"demo/casedesk.sqlite"_qs); }

    std::unique_ptr<Database> m_db;

    Database &db() { return casedesk::test::testConnection(m_db, databasePath()); }

    // Signs in through the dialog, as a worker would.
    Session signIn(const QString &username)
    {
        SignInDialog dialog(databasePath(), nullptr, *m_settings, &DefinitionRegistry::shared());
        if (!casedesk::test::localPageLoaded(dialog) ||
            !dialog.localPage()->selectWorker(username) || !casedesk::test::signInAndWait(dialog))
            qFatal("could not sign in as %s", qPrintable(username));
        return dialog.takeSession();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings =
            std::make_unique<QSettings>(m_dir.filePath(u"casedesk.ini"_qs), QSettings::IniFormat);
    }

    void showsTheSocialWorkersWorkWithCounts()
    {
        Session session = signIn(DemoSeeder::socialWorkerUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const WorkviewSection expected = WorkviewQuery(db()).workviewOf(session.worker).first();
        const int incoming = expected.category(WorkviewCategory::IncomingWork)->total;
        QVERIFY(incoming >= 5);

        QAbstractItemModel *full = window.fullWorkview()->tree()->model();
        QCOMPARE(full->rowCount(), 1); // the demo social worker belongs to no virtual worker
        QCOMPARE(full->index(0, 0).data().toString(), u"My work: Sam Okafor"_qs);
        const QModelIndex incomingHeading = heading(full, 0, u"Incoming work"_qs);
        QVERIFY(incomingHeading.isValid());
        QCOMPARE(incomingHeading.data().toString(), u"Incoming work (%1)"_qs.arg(incoming));
        QCOMPARE(full->rowCount(incomingHeading), incoming);
        QVERIFY(column(full, incomingHeading, WorkviewModel::TitleColumn)
                    .contains(u"CS Decision on Significant Information (Open SC Case)"_qs));
        QVERIFY(column(full, incomingHeading, WorkviewModel::PersonColumn)
                    .contains(u"Lily Hargreaves (C100201)"_qs));
        for (const char *prefix :
             {"Current work (", "Incoming requests (2)", "Requests I sent (", "Future work (1)"})
            QVERIFY2(heading(full, 0, QString::fromLatin1(prefix)).isValid(), prefix);

        // Outstanding requests stand out; the newest first (the demo's placement decision, a
        // day older, is second).
        const QModelIndex requests = heading(full, 0, u"Incoming requests"_qs);
        const QModelIndex request = full->index(0, WorkviewModel::TitleColumn, requests);
        QCOMPARE(request.data().toString(), u"CS Notification of Panel Decision: SC Panel"_qs);
        QVERIFY(request.data(WorkviewModel::OutstandingRole).toBool());
        QVERIFY(request.data(Qt::ForegroundRole).isValid());

        // The Narrow workview shows the same work.
        QAbstractItemModel *narrow = window.narrowWorkview()->tree()->model();
        QCOMPARE(narrow->columnCount(), 1);
        const QModelIndex narrowIncoming = heading(narrow, 0, u"Incoming work"_qs);
        QCOMPARE(narrowIncoming.data().toString(), incomingHeading.data().toString());
        QCOMPARE(workIds(narrow, narrowIncoming), workIds(full, incomingHeading));
        QVERIFY(narrow->index(0, 0, narrowIncoming).data().toString().contains(u'\n'));
        QVERIFY(window.narrowDock()->isVisible());

        QCOMPARE(window.statusBar()->findChild<QLabel *>(u"connectionState"_qs)->text(),
                 u"Connected to SQLite: "_qs + QDir::toNativeSeparators(databasePath()));
        QCOMPARE(window.workArea()->tabText(0), u"Full workview"_qs);
        QVERIFY(window.findChild<QLabel *>(u"formsPlaceholder"_qs));
        QCOMPARE(window.actingRoleText(), u"Acting as: Social Worker"_qs);
    }

    // A request's name is long and is what the manager acts on: in both workviews it wraps onto
    // more lines rather than being cut short with "…".
    void longRequestNamesAreShownWhole()
    {
        Session session = signIn(DemoSeeder::managerUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (WorkviewTree *tree :
             {window.fullWorkview()->tree(), window.narrowWorkview()->tree()}) {
            const int column = tree->wrappedColumn();
            QVERIFY(column >= 0);
            // The longest request name in view, and whether its row has room for all of it.
            auto longest = [tree, column] {
                QAbstractItemModel *model = tree->model();
                QModelIndex found;
                QList<QModelIndex> parents{QModelIndex()};
                while (!parents.isEmpty()) {
                    const QModelIndex parent = parents.takeFirst();
                    for (int row = 0; row < model->rowCount(parent); ++row) {
                        const QModelIndex first = model->index(row, 0, parent);
                        parents << first;
                        const QModelIndex index = first.siblingAtColumn(column);
                        if (WorkviewTree::isWork(first) &&
                            first.data(WorkviewModel::RequestIdRole).toLongLong() > 0 &&
                            (!found.isValid() ||
                             index.data().toString().size() > found.data().toString().size()))
                            found = index;
                    }
                }
                return found;
            };
            const QModelIndex request = longest();
            QVERIFY(request.isValid());
            QFont font = tree->font();
            if (request.data(Qt::FontRole).isValid())
                font = request.data(Qt::FontRole).value<QFont>();
            const QFontMetrics metrics(font);
            const QString firstLine = request.data().toString().section(QLatin1Char('\n'), 0, 0);
            QVERIFY2(metrics.horizontalAdvance(firstLine) > tree->visualRect(request).width(),
                     "the window is narrow enough for the name to need wrapping");
            QTRY_VERIFY2(tree->visualRect(request).height() / metrics.lineSpacing() *
                                 tree->visualRect(request).width() >=
                             metrics.horizontalAdvance(request.data().toString()),
                         qPrintable(request.data().toString()));
        }
    }

    // A step started by mistake is cancelled by whoever holds it, with a reason: the dialog waits
    // for a reason, stays open while the cancel runs, and the step becomes read-only, audited.
    void aStepStartedByMistakeIsCancelledWithAReason()
    {
        Session session = signIn(DemoSeeder::socialWorkerUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        auto *opener = new WorkOpener(session, DefinitionRegistry::shared(), &window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAbstractItemModel *full = window.fullWorkview()->tree()->model();
        const qint64 stepId = full->index(0, 0, heading(full, 0, u"Incoming work"_qs))
                                  .data(WorkviewModel::StepIdRole)
                                  .toLongLong();
        QVERIFY(stepId > 0);
        StepEditor *editor = casedesk::test::openAndWait(opener->open(stepId));
        QVERIFY(editor);
        QTRY_VERIFY(editor->isSettled());
        QVERIFY(editor->cancelStepAction()->isEnabled());

        QPointer<CancelStepDialog> dialog = editor->cancelStep();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(!dialog->cancelStepButton()->isEnabled()); // not without a reason
        QTest::keyClicks(dialog->reasonBox(), u"  "_qs);
        QVERIFY(!dialog->cancelStepButton()->isEnabled());
        QTest::keyClicks(dialog->reasonBox(), u"Started for the wrong child"_qs);
        QVERIFY(dialog->cancelStepButton()->isEnabled());
        QTest::mouseClick(dialog->cancelStepButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog.isNull()); // closed once the step was cancelled
        QTRY_VERIFY(editor->isSettled() && !editor->saveAction()->isEnabled());
        QVERIFY(!editor->cancelStepAction()->isEnabled());
        QVERIFY2(
            editor->banner()->message().contains(u"is cancelled: Started for the wrong child"_qs),
            qPrintable(editor->banner()->message()));

        // Cancelled in the worker's name, with the reason, audited once; gone from the tray.
        QFuture<QStringList> read = session.background().run([stepId](Database &db) {
            return QStringList{
                db.scalar(u"SELECT status FROM worksteps WHERE id = ?"_qs, {stepId}).toString(),
                db.scalar(u"SELECT cancelled_reason FROM worksteps WHERE id = ?"_qs, {stepId})
                    .toString(),
                db.scalar(u"SELECT count(*) FROM audit_log WHERE action = 'cancel' AND "
                          "entity_id = ?"_qs,
                          {stepId})
                    .toString()};
        });
        QTRY_VERIFY(read.isFinished());
        QCOMPARE(read.result(),
                 (QStringList{StepStatus::Cancelled, u"Started for the wrong child"_qs, u"1"_qs}));
        auto stillListed = [full, stepId] {
            for (const char *category : {"Incoming work", "Current work"}) {
                for (const auto &work : workIds(full, heading(full, 0, QLatin1String(category))))
                    if (work.first == stepId)
                        return true;
            }
            return false;
        };
        QTRY_VERIFY(!stillListed());
    }

    void activatingIncomingWorkStartsItAndOpensItsForms()
    {
        Session session = signIn(DemoSeeder::socialWorkerUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        new WorkOpener(session, DefinitionRegistry::shared(), &window); // opens what is activated
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAbstractItemModel *full = window.fullWorkview()->tree()->model();
        const QModelIndex incoming = heading(full, 0, u"Incoming work"_qs);
        const int before = full->rowCount(incoming);
        const qint64 stepId =
            full->index(0, 0, incoming).data(WorkviewModel::StepIdRole).toLongLong();
        QVERIFY(stepId > 0);
        emit window.workItemActivated(stepId, 0);
        // Opened off the GUI thread: the tab comes when the step has been read.
        QTRY_VERIFY(qobject_cast<StepEditor *>(window.workArea()->currentWidget()));
        QCOMPARE(window.workArea()->count(), 2);
        auto *editor = qobject_cast<StepEditor *>(window.workArea()->currentWidget());
        QVERIFY(editor);
        QCOMPARE(WorkflowEngine(db(), DefinitionRegistry::shared()).step(stepId).status,
                 StepStatus::Started);
        // It has left Incoming work for Current work, and opening it again reuses the tab.
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        QCOMPARE(full->rowCount(heading(full, 0, u"Incoming work"_qs)), before - 1);
        emit window.workItemActivated(stepId, 0);
        QCOMPARE(window.workArea()->count(), 2);
    }

    void filtersAndSortsWithoutMovingTheHeadings()
    {
        Session session = signIn(DemoSeeder::socialWorkerUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        QAbstractItemModel *full = window.fullWorkview()->tree()->model();

        window.fullWorkview()->filterBox()->setText(u"harvey"_qs);
        const QModelIndex incoming = heading(full, 0, u"Incoming work"_qs);
        QCOMPARE(column(full, incoming, WorkviewModel::PersonColumn),
                 QStringList({u"Harvey Doyle (C100320)"_qs, u"Harvey Doyle (C100320)"_qs}));
        QVERIFY(!heading(full, 0, u"Future work"_qs).isValid()); // nothing of Harvey's there
        window.fullWorkview()->filterBox()->clear();
        QVERIFY(heading(full, 0, u"Future work"_qs).isValid());

        window.fullWorkview()->tree()->sortByColumn(WorkviewModel::PersonColumn,
                                                    Qt::AscendingOrder);
        QStringList people =
            column(full, heading(full, 0, u"Incoming work"_qs), WorkviewModel::PersonColumn);
        QStringList sorted = people;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(people, sorted);
        window.fullWorkview()->tree()->sortByColumn(WorkviewModel::PersonColumn,
                                                    Qt::DescendingOrder);
        QVERIFY(
            full->index(0, 0, full->index(0, 0)).data().toString().startsWith(u"Incoming work"_qs));
    }

    void opensWorkOnEnterOrDoubleClick()
    {
        Session session = signIn(DemoSeeder::socialWorkerUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&window, &MainWindow::workItemActivated);

        WorkviewTree *tree = window.fullWorkview()->tree();
        const QModelIndex requests = heading(tree->model(), 0, u"Incoming requests"_qs);
        const QModelIndex request = tree->model()->index(0, 1, requests);
        tree->setCurrentIndex(request);
        tree->setFocus();
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toLongLong(),
                 request.data(WorkviewModel::StepIdRole).toLongLong());
        QVERIFY(opened.at(0).at(1).toLongLong() > 0);

        // A heading opens nothing.
        tree->setCurrentIndex(requests);
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(opened.count(), 1);

        WorkviewTree *narrow = window.narrowWorkview()->tree();
        const QModelIndex incoming = heading(narrow->model(), 0, u"Incoming work"_qs);
        const QModelIndex step = narrow->model()->index(0, 0, incoming);
        narrow->scrollTo(step);
        const QRect rect = narrow->visualRect(step);
        QTest::mouseClick(narrow->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(narrow->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(opened.count(), 2);
        QCOMPARE(opened.at(1).at(1).toLongLong(), 0);
        QCOMPARE(opened.at(1).at(0).toLongLong(),
                 step.data(WorkviewModel::StepIdRole).toLongLong());
    }

    void switchingRoleChangesTheActingAsIndicator()
    {
        Session session = signIn(DemoSeeder::managerUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        QSignalSpy changed(&window, &MainWindow::actingRoleChanged);
        QComboBox *roles = window.roleSwitcher();
        QCOMPARE(roles->count(), 2);
        QCOMPARE(roles->currentText(), u"PS/Manager"_qs);
        QCOMPARE(window.actingRoleText(), u"Acting as: PS/Manager"_qs);

        roles->setCurrentIndex(roles->findData(u"panel"_qs));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), u"panel"_qs);
        QCOMPARE(window.actingRole(), u"panel"_qs);
        QCOMPARE(session.actingRole, u"panel"_qs);
        QCOMPARE(window.actingRoleText(), u"Acting as: Panel"_qs);
        QVERIFY(!window.setActingRole(u"social_worker"_qs)); // not one of hers
        QCOMPARE(window.actingRole(), u"panel"_qs);

        // Her virtual worker has a section of its own.
        QAbstractItemModel *full = window.fullWorkview()->tree()->model();
        QCOMPARE(full->rowCount(), 2);
        QCOMPARE(full->index(1, 0).data().toString(),
                 QStringLiteral("CS CWD \u2013 Panel (virtual worker)"));
        const QModelIndex panelRequests = heading(full, 1, u"Incoming requests"_qs);
        QVERIFY(column(full, panelRequests, WorkviewModel::TitleColumn)
                    .contains(u"CS Request for CWD Panel: SC Panel"_qs));
    }

    void refreshShowsNewWork()
    {
        Session session = signIn(DemoSeeder::socialWorkerUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        QAbstractItemModel *full = window.fullWorkview()->tree()->model();
        const int before = full->rowCount(heading(full, 0, u"Incoming work"_qs));
        const qint64 person = db().scalar(u"SELECT min(id) FROM people"_qs).toLongLong();
        QVERIFY(db().insert(
                    u"INSERT INTO worksteps (person_id, step_type, "
                    "assignee_worker_id, created_by) VALUES (?, ?, ?, ?) "
                    "RETURNING id"_qs,
                    {person, u"Child in Need Visit"_qs, session.worker.id, session.worker.id}) > 0);
        window.findChild<QAction *>(u"refreshAction"_qs)->trigger();
        QVERIFY(window.isReadingWorkview()); // the window is not held up meanwhile
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        QCOMPARE(full->rowCount(heading(full, 0, u"Incoming work"_qs)), before + 1);
    }

    void formTabsReplaceThePlaceholder()
    {
        Session session = signIn(DemoSeeder::socialWorkerUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        CASEDESK_WAIT_FOR_WORKVIEW(window);
        QCOMPARE(window.workArea()->count(), 2);
        auto *page = new QLabel(u"a form"_qs);
        const int index = window.addWorkTab(page, u"C1044"_qs);
        QCOMPARE(window.workArea()->count(), 2);
        QCOMPARE(window.workArea()->widget(index), page);
        QCOMPARE(window.workArea()->currentWidget(), page);
    }

    void saysWhenOnlyTheNewestArePaged()
    {
        WorkviewSection section;
        section.owner = WorkviewOwner::worker(1, u"Sam Okafor"_qs);
        WorkviewCategoryPage page;
        page.category = WorkviewCategory::IncomingWork;
        page.total = 350;
        page.items.resize(2);
        section.categories << page;
        WorkviewModel model;
        model.setSections({section});
        QCOMPARE(model.index(0, 0, model.index(0, 0)).data().toString(),
                 u"Incoming work (350, showing the newest 2)"_qs);
    }

    void savesAScreenshotWithoutTheDialog()
    {
        const QString png = m_dir.filePath(u"main.png"_qs);
        Application application;
        const int code = application.run(
            {u"casedesk"_qs, u"--database"_qs, databasePath(), u"--screenshot"_qs, png, u"--as"_qs,
             DemoSeeder::managerUsername(), u"--role"_qs, u"panel"_qs});
        QCOMPARE(code, 0);
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 1000);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
