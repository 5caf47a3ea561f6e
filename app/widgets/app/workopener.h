#pragma once

#include "common/directory.h"
#include "session/session.h"
#include "workflow/workflowengine.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <functional>
#include <memory>

class QTimer;

namespace casedesk {

class MainWindow;
class SessionServices;
class StepEditor;
class WorkviewActions;

// Opens the piece of work a worker activates in a workview as a step editor tab: Start for
// incoming work that is theirs, Resume otherwise. Workviews refresh after every change.
//
// Opening is a job on the session's database thread: the step is read, started or resumed and
// read whole (WorkflowEngine::snapshot) in one go; the tab appears when that lands, and the
// status bar says "Opening…" if it takes more than a moment. Asking for a step already on its
// way gives the same answer; nothing is started twice.
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
    // directpayments/directpaymentsscreens.cpp).
    struct StepHooks
    {
        // Whether `start` starts this step instead of the engine. Called on the database thread:
        // it may look only at the step.
        std::function<bool(const StepRecord &step)> startsItself;
        // Starts such a step (it may ask the worker first); the status says whether it may open.
        std::function<QFuture<Status>(const StepRecord &step, const Actor &actor)> start;
        std::function<void(StepEditor *editor)> setupEditor;
    };
    void setStepHooks(StepHooks hooks);
    // Take and Reassign on the workviews' selection.
    WorkviewActions *workviewActions() const { return m_actions; }
    // The editor tab opened, or null with the reason in the status bar.
    QFuture<StepEditor *> open(qint64 stepId);
    // A step is being opened.
    bool isOpening() const { return !m_opening.isEmpty(); }
    // After sign-in: offers the answers a crashed run left on this computer.
    int offerRecoveredDrafts();
    // A step chosen in a person's record: the worker's own started work opens as open() does;
    // anything else (finished, cancelled, not started, someone else's) opens read-only, neither
    // started nor resumed; the editor says why each action is unavailable.
    QFuture<StepEditor *> openFromRecord(qint64 stepId);

signals:
    // An open() or openFromRecord() has ended (with a tab or with the reason shown).
    void openEnded(qint64 stepId);

private:
    Actor actor() const;
    StepEditor *bringForward(qint64 stepId);
    // Reads the step whole and shows it in a tab (read-only when not the actor's to edit).
    QFuture<StepEditor *> readAndShow(qint64 stepId, const Actor &actor);
    // `started`: the step was started or resumed just now (work changed).
    StepEditor *addEditor(const StepSnapshot &read, const Actor &actor, bool started);
    // Keeps `opening` as the answer for the step until it ends; says "Opening…" meanwhile.
    QFuture<StepEditor *> track(qint64 stepId, QFuture<StepEditor *> opening);
    StepEditor *refuse(const QString &why);

    Session &m_session;
    MainWindow *m_window;
    std::unique_ptr<WorkflowEngine> m_engine;
    std::unique_ptr<Directory> m_directory;
    SessionServices *m_services = nullptr; // owned by the window
    StepHooks m_hooks;
    WorkviewActions *m_actions = nullptr;
    QHash<qint64, QFuture<StepEditor *>> m_opening;
    QTimer *m_busyNote = nullptr;
};

} // namespace casedesk
