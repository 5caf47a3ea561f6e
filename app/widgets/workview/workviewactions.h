#pragma once

#include "domain/status.h"
#include "workflow/records.h"
#include "workviewtree.h"

#include <QObject>
#include <functional>

class QAction;
class QTimer;

namespace casedesk {

class Directory;
class MainWindow;
class ReassignDialog;
struct Session;
class WorkflowEngine;

// What can be done to several pieces of work at once, from either workview: Take (start
// incoming work from an inbox or team one belongs to, as one's own), Reassign… (to a worker,
// team or virtual worker) and Clear notice (a notice read, such as CS Notification of Panel
// Decision, leaves the tray). The engine decides each piece; the result is reported per piece,
// "2 taken; 1 refused: <what>: <why>", in the Full workview and the status bar.
//
// Take or Reassign of N pieces is one job on the session's database thread (an engine of its
// own there): it returns at once, both actions are disabled until it ends, the status bar says
// it is under way after 300 ms, and the report comes when it lands (reported()).
class WorkviewActions : public QObject
{
    Q_OBJECT

public:
    WorkviewActions(WorkflowEngine &engine, const Directory &directory, Session &session,
                    MainWindow *window);

    QAction *takeAction() const { return m_take; }
    QAction *reassignAction() const { return m_reassign; }
    QAction *clearNoticeAction() const { return m_clearNotice; }

    // The selection acted on: the focused workview's, else the Full workview's.
    QList<WorkRef> selectedWork() const;

    // Start acting on `work`; the report comes with reported(). False, starting nothing, while
    // another Take or Reassign is on its way.
    bool take(const QList<WorkRef> &work);
    bool reassign(const QList<WorkRef> &work, const Assignee &to, const QString &toName);
    bool clearNotices(const QList<WorkRef> &work);
    // A Take or Reassign is on its way.
    bool isBusy() const { return m_busy; }
    // Opens the reassign dialog for the selection (window-modal; returns at once).
    ReassignDialog *reassignSelected();

signals:
    void reported(const QString &report);

private:
    Actor actor() const;
    void updateActions();
    void report(const QString &text, bool refused);
    // What one job did to the pieces: how many it did, and each refusal ("<what>: <why>").
    struct Outcome
    {
        int done = 0;
        QStringList refusals;
    };
    // Runs `act` on each piece of `work` in one job on the database thread.
    using Act = std::function<Status(WorkflowEngine &, const WorkRef &, const Actor &)>;
    bool run(const QList<WorkRef> &work, const QString &underWay, Act act,
             std::function<QString(const Outcome &)> summarise);

    WorkflowEngine &m_engine;
    const Directory &m_directory;
    Session &m_session;
    MainWindow *m_window;
    QAction *m_take = nullptr;
    QAction *m_reassign = nullptr;
    QAction *m_clearNotice = nullptr;
    bool m_busy = false;
    QString m_underWay;           // "Taking 3 pieces of work…"
    QTimer *m_busyNote = nullptr; // says it in the status bar when the job is not over at once
};

} // namespace casedesk
