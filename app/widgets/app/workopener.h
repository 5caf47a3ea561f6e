#pragma once

#include "common/directory.h"
#include "session/session.h"
#include "workflow/workflowengine.h"

#include <QObject>
#include <functional>
#include <memory>

namespace casedesk {

class MainWindow;
class SessionServices;
class StepEditor;
class WorkviewActions;

// Opens the piece of work a worker activates in a workview as a step editor tab: Start for
// incoming work that is theirs, Resume otherwise. Workviews refresh after every change.
class WorkOpener : public QObject
{
    Q_OBJECT

public:
    WorkOpener(Session &session, const DefinitionRegistry &definitions, MainWindow *window);

    WorkflowEngine &engine() { return *m_engine; }
    // Drafts, saves that survive a dropped connection, live updates, presence.
    SessionServices &services() { return *m_services; }
    const Directory &directory() const { return *m_directory; }

    // Another part may start the steps it owns and prepare their editors (Workflow B:
    // directpayments/directpaymentsscreens.cpp). The starter returns false for steps it leaves
    // to the engine; otherwise `status` says whether the step may open.
    using Starter = std::function<bool(const StepRecord &step, const Actor &actor, Status *status)>;
    using EditorSetup = std::function<void(StepEditor *editor)>;
    void setStepHooks(Starter starter, EditorSetup setup);
    // Take and Reassign on the workviews' selection.
    WorkviewActions *workviewActions() const { return m_actions; }
    // Returns the editor tab opened, or null with the reason in the status bar.
    QWidget *open(qint64 stepId);
    // After sign-in: offers the answers a crashed run left on this computer.
    int offerRecoveredDrafts();
    // A step chosen in a person's record: the worker's own started work opens as open() does;
    // anything else (finished, cancelled, not started, someone else's) opens read-only, neither
    // started nor resumed; the editor says why each action is unavailable.
    QWidget *openFromRecord(qint64 stepId);

private:
    QWidget *bringForward(qint64 stepId);
    QWidget *addEditor(qint64 stepId, const Actor &actor);

    Session &m_session;
    MainWindow *m_window;
    std::unique_ptr<WorkflowEngine> m_engine;
    std::unique_ptr<Directory> m_directory;
    SessionServices *m_services = nullptr; // owned by the window
    Starter m_starter;
    EditorSetup m_editorSetup;
    WorkviewActions *m_actions = nullptr;
};

} // namespace casedesk
