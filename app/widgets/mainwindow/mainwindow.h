#pragma once

#include "session/session.h"
#include "workview/workviewitem.h"

#include <QMainWindow>
#include <functional>

class QComboBox;
class QTimer;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;
class QToolBar;

namespace casedesk {

class DefinitionRegistry;
class FullWorkview;
class NarrowWorkview;
class StepEditor;
class WorkviewModel;

// The signed-in worker's window: the Full workview (first tab of the work area, where form
// editors open as further tabs), the dockable Narrow workview, the role switcher ("Acting as"),
// and the connection in the status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `session` must outlive the window; `definitions` (role names) may be null.
    MainWindow(Session &session, const DefinitionRegistry *definitions, QWidget *parent = nullptr);

    const Session &session() const { return m_session; }
    QString actingRole() const { return m_session.actingRole; }
    // Switches to one of the worker's roles; false (nothing changes) if they do not hold it.
    bool setActingRole(const QString &role);
    QString actingRoleText() const; // "Acting as: PS/Manager"
    QString roleName(const QString &role) const;
    QString connectionText() const;

    FullWorkview *fullWorkview() const { return m_full; }
    NarrowWorkview *narrowWorkview() const { return m_narrow; }
    QDockWidget *narrowDock() const { return m_narrowDock; }
    WorkviewModel *workviewModel() const { return m_model; }
    QComboBox *roleSwitcher() const { return m_roles; }

    // Where form editors open: one closable tab each after the Full workview. The placeholder
    // tab goes once the first one opens.
    QTabWidget *workArea() const { return m_workArea; }
    QMenu *stepMenu() const { return m_stepMenu; }
    int addWorkTab(QWidget *page, const QString &title);
    // Sets the tab's title, cut short when it is long (a long name must not widen the window);
    // the whole title is the tab's tooltip.
    void setWorkTabTitle(QWidget *page, const QString &title);
    // Actions on the selected work (Take, Reassign…): in the Work menu, the tool bar and each
    // workview's context menu.
    void addWorkviewActions(const QList<QAction *> &actions);

    // Asks about every open step with unsaved answers (Save, Discard or Cancel); true when all
    // of them may close now. Used when the window closes and at sign-out. On "Save" it returns
    // false and calls `askAgain` once the answers are saved, to repeat the close.
    bool confirmCloseWorkTabs(const std::function<void()> &askAgain = {});
    // File > Sign out: asks about unsaved answers, then signOutRequested().
    void signOut();

    // Person menu: Find person… (Ctrl+F) and Open person record (Ctrl+Shift+O) of the
    // piece of work selected in the Narrow workview (when it has the focus) or the Full one.
    QAction *findPersonAction() const { return m_findPerson; }
    QAction *openPersonRecordAction() const { return m_openPersonRecord; }
    qint64 currentWorkStepId() const;

    // Whether the workviews are being read (off the GUI thread; workviewRead() follows).
    bool isReadingWorkview() const { return m_reading; }

public slots:
    // Reads the workviews again (F5), off the GUI thread: the window stays live meanwhile, and
    // says it is reading if that takes more than 300 ms. Asked again while a read is on its way,
    // one more read follows it.
    void refresh();
    // The connection line of the status bar: the server went away (with why, and that answers
    // are kept), or is back.
    void setConnectionState(bool connected, const QString &message);

signals:
    // A piece of work was opened (double-click or Enter) in either workview. requestId is 0 for
    // a workstep line.
    void workItemActivated(qint64 stepId, qint64 requestId);
    void findPersonRequested();
    // stepId is 0 when no piece of work is selected.
    void personRecordOfWorkRequested(qint64 stepId);
    void actingRoleChanged(const QString &role);
    void signOutRequested();
    // A read of the workviews has finished (and the model shows it, unless it failed).
    void workviewRead();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createToolBar();
    void createWorkArea();
    void createNarrowWorkview();
    void roleChosen(int index);
    void closeWorkTab(int index);
    // Keyboard shortcuts for a step editor's actions, active while the keyboard is in it.
    void adoptStepEditor(StepEditor *editor);
    // The Step menu lists the current tab's step actions (with their shortcuts).
    void rebuildStepMenu();
    void showAbout();
    void showWorkview(const QList<WorkviewSection> &sections, const WorkerIdentity &worker,
                      const QString &error);

    Session &m_session;
    const DefinitionRegistry *m_definitions;
    WorkviewModel *m_model;
    QTabWidget *m_workArea = nullptr;
    QWidget *m_placeholder = nullptr;
    FullWorkview *m_full = nullptr;
    NarrowWorkview *m_narrow = nullptr;
    QDockWidget *m_narrowDock = nullptr;
    QComboBox *m_roles = nullptr;
    QLabel *m_connection = nullptr;
    QLabel *m_actingAs = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_findPerson = nullptr;
    QAction *m_openPersonRecord = nullptr;
    QMenu *m_workMenu = nullptr;
    QMenu *m_stepMenu = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLabel *m_busy = nullptr; // "Reading the workview…", after 300 ms
    QTimer *m_busyDelay = nullptr;
    bool m_reading = false;
    bool m_readAgain = false;
};

} // namespace casedesk
