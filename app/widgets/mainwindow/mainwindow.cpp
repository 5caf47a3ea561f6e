#include "mainwindow.h"

#include "common/elidedlabel.h"

#include "common/inlinemessage.h"
#include "common/shortcuttooltips.h"
#include "definitions/definitionregistry.h"
#include "forms/stepeditor.h"
#include "workview/fullworkview.h"
#include "workview/narrowworkview.h"
#include "workview/workviewmodel.h"
#include "workview/workviewquery.h"
#include "workview/workviewtree.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace casedesk {

namespace {
// Characters of a tab title: room for the longest step type and a usual name.
const int MaxTabTitle = 90;
} // namespace

MainWindow::MainWindow(Session &session, const DefinitionRegistry *definitions, QWidget *parent)
    : QMainWindow(parent), m_session(session), m_definitions(definitions),
      m_model(new WorkviewModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setAccessibleName(tr("CaseDesk"));
    ShortcutToolTips::install();
    setWindowTitle(tr("CaseDesk \u2014 %1").arg(m_session.worker.displayName));
    m_refresh = new QAction(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refreshAction"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Read the workviews again (F5)"));
    connect(m_refresh, &QAction::triggered, this, &MainWindow::refresh);

    createWorkArea();
    createNarrowWorkview();
    createToolBar();
    createMenus();

    m_connection = new QLabel(connectionText(), this);
    m_connection->setObjectName(QStringLiteral("connectionState"));
    m_busy = new QLabel(tr("Reading the workview\u2026"), this);
    m_busy->setObjectName(QStringLiteral("workviewBusy"));
    m_busy->hide();
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_connection);
    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(300); // quick reads never flash a busy sign
    connect(m_busyDelay, &QTimer::timeout, m_busy, &QWidget::show);
    resize(1600, 900);
    refresh();
}

QString MainWindow::roleName(const QString &role) const
{
    return m_definitions ? m_definitions->roleName(role) : role;
}

QString MainWindow::actingRoleText() const
{
    return tr("Acting as: %1").arg(roleName(m_session.actingRole));
}

QString MainWindow::connectionText() const
{
    if (!m_session.database)
        return tr("Not connected");
    const ConnectionSettings &settings = m_session.database->settings();
    if (settings.backend == ConnectionSettings::Backend::Sqlite)
        return tr("Connected to SQLite: %1").arg(QDir::toNativeSeparators(settings.sqlitePath));
    return tr("Connected to PostgreSQL %1:%2/%3 as %4")
        .arg(settings.host)
        .arg(settings.port)
        .arg(settings.databaseName, settings.userName);
}

void MainWindow::setConnectionState(bool connected, const QString &message)
{
    m_connection->setText(connected ? connectionText() : message);
    m_connection->setStyleSheet(
        connected
            ? QString()
            : QStringLiteral("color: %1; font-weight: bold;").arg(QLatin1String(Style::ErrorText)));
    if (!message.isEmpty())
        statusBar()->showMessage(message, connected ? 5000 : 0);
}

void MainWindow::createWorkArea()
{
    m_full = new FullWorkview(m_model, this);
    m_placeholder = new QLabel(tr("Open a piece of work to see its forms here."), this);
    static_cast<QLabel *>(m_placeholder)->setAlignment(Qt::AlignCenter);
    m_placeholder->setObjectName(QStringLiteral("formsPlaceholder"));
    m_workArea = new QTabWidget(this);
    m_workArea->setObjectName(QStringLiteral("workArea"));
    m_workArea->setAccessibleName(tr("Work area"));
    m_workArea->setAccessibleDescription(
        tr("The Full workview and a tab for each piece of work you have open"));
    m_workArea->tabBar()->setAccessibleName(tr("Open work"));
    m_workArea->setDocumentMode(true);
    m_workArea->setTabsClosable(true);
    m_workArea->setElideMode(Qt::ElideRight);
    m_workArea->setUsesScrollButtons(true);
    m_workArea->addTab(m_full, tr("Full workview"));
    m_workArea->addTab(m_placeholder, tr("Forms"));
    for (int index = 0; index < 2; ++index)
        m_workArea->tabBar()->setTabButton(index, QTabBar::RightSide, nullptr);
    connect(m_workArea, &QTabWidget::tabCloseRequested, this, &MainWindow::closeWorkTab);
    connect(m_full, &FullWorkview::workActivated, this, &MainWindow::workItemActivated);
    setCentralWidget(m_workArea);
}

void MainWindow::createNarrowWorkview()
{
    m_narrow = new NarrowWorkview(m_model, this);
    m_narrowDock = new QDockWidget(tr("Narrow workview"), this);
    m_narrowDock->setObjectName(QStringLiteral("narrowWorkviewDock"));
    m_narrowDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_narrowDock->setWidget(m_narrow);
    m_narrowDock->setMinimumWidth(300);
    addDockWidget(Qt::RightDockWidgetArea, m_narrowDock);
    resizeDocks({m_narrowDock}, {360}, Qt::Horizontal);
    connect(m_narrow, &NarrowWorkview::workActivated, this, &MainWindow::workItemActivated);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Work"));
    m_toolBar = bar;
    bar->setObjectName(QStringLiteral("workToolBar"));
    bar->setMovable(false);
    m_actingAs = new QLabel(tr("Acting &as:"), this);
    m_roles = new QComboBox(this);
    m_roles->setObjectName(QStringLiteral("roleSwitcher"));
    m_roles->setAccessibleName(tr("Acting as"));
    m_roles->setToolTip(tr("The role you are working in. Switching changes the screens you see, "
                           "never what you are allowed to do."));
    m_actingAs->setBuddy(m_roles);
    for (const QString &role : m_session.worker.roles)
        m_roles->addItem(roleName(role), role);
    m_roles->setCurrentIndex(qMax(0, m_session.worker.roles.indexOf(m_session.actingRole)));
    connect(m_roles, &QComboBox::currentIndexChanged, this, &MainWindow::roleChosen);
    auto *who = new QLabel(
        tr("  %1, %2  ").arg(m_session.worker.displayName, m_session.worker.teamName), this);
    who->setObjectName(QStringLiteral("signedInWorker"));
    bar->addWidget(who);
    bar->addSeparator();
    bar->addWidget(m_actingAs);
    bar->addWidget(m_roles);
    bar->addSeparator();
    bar->addAction(m_refresh);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *signOutAction = file->addAction(tr("Sign &out"), this, [this] { signOut(); });
    signOutAction->setObjectName(QStringLiteral("signOutAction"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    m_workMenu = menuBar()->addMenu(tr("&Work"));
    m_workMenu->setObjectName(QStringLiteral("workMenu"));
    m_workMenu->addAction(m_refresh);

    m_stepMenu = menuBar()->addMenu(tr("&Step"));
    m_stepMenu->setObjectName(QStringLiteral("stepMenu"));
    connect(m_workArea, &QTabWidget::currentChanged, this, &MainWindow::rebuildStepMenu);
    rebuildStepMenu();

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *narrow = m_narrowDock->toggleViewAction();
    narrow->setText(tr("&Narrow workview"));
    narrow->setObjectName(QStringLiteral("narrowWorkviewAction"));
    view->addAction(narrow);
    view->addSeparator();
    view->addAction(m_refresh);

    QMenu *person = menuBar()->addMenu(tr("&Person"));
    m_findPerson =
        person->addAction(tr("&Find person\u2026"), this, &MainWindow::findPersonRequested);
    m_findPerson->setObjectName(QStringLiteral("findPersonAction"));
    m_findPerson->setShortcut(QKeySequence::Find);
    m_findPerson->setToolTip(tr("Find a child or adult by name or reference (Ctrl+F)"));
    m_openPersonRecord = person->addAction(tr("&Open person record"), this, [this] {
        emit personRecordOfWorkRequested(currentWorkStepId());
    });
    m_openPersonRecord->setObjectName(QStringLiteral("openPersonRecordAction"));
    m_openPersonRecord->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openPersonRecord->setToolTip(
        tr("Open the record of the person the selected piece of work is about (Ctrl+Shift+O)"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About CaseDesk"), this, &MainWindow::showAbout);
}

bool MainWindow::setActingRole(const QString &role)
{
    const int index = m_roles->findData(role);
    if (index < 0)
        return false;
    m_roles->setCurrentIndex(index); // roleChosen() does the rest
    return true;
}

void MainWindow::roleChosen(int index)
{
    const QString role = m_roles->itemData(index).toString();
    if (role.isEmpty() || role == m_session.actingRole)
        return;
    m_session.actingRole = role;
    statusBar()->showMessage(actingRoleText(), 5000);
    emit actingRoleChanged(role);
}

void MainWindow::refresh()
{
    if (!m_session.database)
        return;
    if (m_reading) {
        m_readAgain = true;
        return;
    }
    m_reading = true;
    m_busyDelay->start();
    struct Read
    {
        QList<WorkviewSection> sections;
        WorkerIdentity worker;
        QString error;
    };
    // Runs on the database thread: copies in, values out.
    const WorkerIdentity me = m_session.worker;
    m_session.background()
        .run([me](Database &db) {
            Read read;
            read.worker = WorkerDirectory(db).identity(me.id);
            WorkerIdentity current = me;
            if (read.worker.isValid())
                current.virtualWorkers = read.worker.virtualWorkers;
            read.sections =
                WorkviewQuery(db).workviewOf(current, WorkviewQuery::DefaultPageSize, &read.error);
            if (!db.isOpen() && read.error.isEmpty())
                read.error = tr("CaseDesk cannot reach the server just now.");
            return read;
        })
        .then(this,
              [this](const Read &read) { showWorkview(read.sections, read.worker, read.error); });
}

void MainWindow::showWorkview(const QList<WorkviewSection> &sections, const WorkerIdentity &worker,
                              const QString &error)
{
    m_reading = false;
    m_busyDelay->stop();
    m_busy->hide();
    if (worker.isValid())
        m_session.worker.virtualWorkers = worker.virtualWorkers;
    if (!error.isEmpty()) {
        statusBar()->showMessage(tr("Could not read the workview: %1").arg(error));
    } else {
        m_model->setSections(sections);
        statusBar()->showMessage(tr("Workview up to date at %1")
                                     .arg(QTime::currentTime().toString(QStringLiteral("HH:mm"))),
                                 5000);
    }
    emit workviewRead();
    if (m_readAgain) {
        m_readAgain = false;
        refresh();
    }
}

qint64 MainWindow::currentWorkStepId() const
{
    const WorkviewTree *tree = m_narrow->tree()->hasFocus() ? m_narrow->tree() : m_full->tree();
    return tree->currentIndex().data(WorkviewModel::StepIdRole).toLongLong();
}

int MainWindow::addWorkTab(QWidget *page, const QString &title)
{
    if (m_placeholder) {
        m_workArea->removeTab(m_workArea->indexOf(m_placeholder));
        m_placeholder->deleteLater();
        m_placeholder = nullptr;
    }
    if (auto *editor = qobject_cast<StepEditor *>(page))
        adoptStepEditor(editor);
    const int index = m_workArea->addTab(page, elidedTitle(title, MaxTabTitle));
    m_workArea->setTabToolTip(index, title);
    m_workArea->setCurrentIndex(index);
    rebuildStepMenu();
    return index;
}

void MainWindow::setWorkTabTitle(QWidget *page, const QString &title)
{
    const int index = m_workArea->indexOf(page);
    if (index < 0)
        return;
    m_workArea->setTabText(index, elidedTitle(title, MaxTabTitle));
    m_workArea->setTabToolTip(index, title);
}

void MainWindow::addWorkviewActions(const QList<QAction *> &actions)
{
    m_workMenu->addSeparator();
    m_toolBar->addSeparator();
    for (QAction *action : actions) {
        m_workMenu->addAction(action);
        m_toolBar->addAction(action);
        for (QWidget *tree :
             {static_cast<QWidget *>(m_full->tree()), static_cast<QWidget *>(m_narrow->tree())}) {
            tree->addAction(action);
            tree->setContextMenuPolicy(Qt::ActionsContextMenu);
        }
    }
}

void MainWindow::adoptStepEditor(StepEditor *editor)
{
    const QList<QPair<QAction *, QKeySequence>> shortcuts{
        {editor->saveAndCloseAction(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)},
        {editor->finishAction(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)},
        {editor->requestsAction(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
        {editor->copyFromPreviousAction(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
        // It only opens the dialog that asks why.
        {editor->cancelStepAction(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete)},
    };
    for (const auto &[action, keys] : shortcuts) {
        if (action->shortcut().isEmpty())
            action->setShortcut(keys);
        // Several steps can be open: the keys act on the one the keyboard is in.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        editor->addAction(action);
    }
    connect(editor, &QObject::destroyed, this, &MainWindow::rebuildStepMenu, Qt::QueuedConnection);
}

void MainWindow::rebuildStepMenu()
{
    m_stepMenu->clear();
    auto *editor = qobject_cast<StepEditor *>(m_workArea->currentWidget());
    if (!editor) {
        QAction *none = m_stepMenu->addAction(tr("Open a piece of work to act on it"));
        none->setEnabled(false);
        return;
    }
    m_stepMenu->addAction(editor->saveAction());
    m_stepMenu->addAction(editor->saveAndCloseAction());
    m_stepMenu->addAction(editor->finishAction());
    m_stepMenu->addSeparator();
    m_stepMenu->addAction(editor->requestsAction());
    auto *forms = editor->findChild<QWidget *>(QStringLiteral("formsAndLettersButton"));
    if (forms && forms->isVisibleTo(editor))
        m_stepMenu->addMenu(editor->formsMenu());
    if (editor->copyFromPreviousAction()->isVisible())
        m_stepMenu->addAction(editor->copyFromPreviousAction());
    m_stepMenu->addSeparator();
    m_stepMenu->addAction(editor->cancelStepAction());
}

void MainWindow::closeWorkTab(int index)
{
    QWidget *page = m_workArea->widget(index);
    if (page == m_full || page == m_placeholder)
        return;
    auto *editor = qobject_cast<StepEditor *>(page);
    // On "Save", the tab closes once the answers are saved.
    if (editor && !editor->confirmClose([this, editor = QPointer<StepEditor>(editor)] {
            if (editor)
                closeWorkTab(m_workArea->indexOf(editor));
        }))
        return;
    if (!page->close()) // an editor with unsaved answers may refuse
        return;
    m_workArea->removeTab(index);
    page->deleteLater();
}

void MainWindow::signOut()
{
    if (confirmCloseWorkTabs([this] { signOut(); }))
        emit signOutRequested();
}

bool MainWindow::confirmCloseWorkTabs(const std::function<void()> &askAgain)
{
    for (int index = 0; index < m_workArea->count(); ++index) {
        auto *editor = qobject_cast<StepEditor *>(m_workArea->widget(index));
        if (!editor || !editor->isModified())
            continue;
        // Show the step being asked about.
        m_workArea->setCurrentIndex(index);
        if (!editor->confirmClose(askAgain))
            return false;
    }
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmCloseWorkTabs([this] { close(); })) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About CaseDesk"),
                       tr("<h3>CaseDesk %1</h3><p>Casework for children's social care: "
                          "workviews, worksteps, forms, next actions and requests.</p>"
                          "<p>The demonstration data is invented; it describes no real "
                          "person.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

} // namespace casedesk
