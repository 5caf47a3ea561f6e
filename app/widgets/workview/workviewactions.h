#pragma once

#include "workflow/records.h"
#include "workviewtree.h"

#include <QObject>

class QAction;

namespace casedesk {

class Directory;
class MainWindow;
class ReassignDialog;
struct Session;
class WorkflowEngine;

// What can be done to several pieces of work at once, from either workview: Take (start
// incoming work from an inbox or team one belongs to, as one's own) and Reassign… (to a worker,
// team or virtual worker). The engine decides each piece; the result is reported per piece,
// "2 taken; 1 refused: <what>: <why>", in the Full workview and the status bar.
class WorkviewActions : public QObject
{
    Q_OBJECT

public:
    WorkviewActions(WorkflowEngine &engine, const Directory &directory, Session &session,
                    MainWindow *window);

    QAction *takeAction() const { return m_take; }
    QAction *reassignAction() const { return m_reassign; }

    // The selection acted on: the focused workview's, else the Full workview's.
    QList<WorkRef> selectedWork() const;

    // Act on `work` and return the report.
    QString take(const QList<WorkRef> &work);
    QString reassign(const QList<WorkRef> &work, const Assignee &to, const QString &toName);
    // Opens the reassign dialog for the selection (window-modal; returns at once).
    ReassignDialog *reassignSelected();

signals:
    void reported(const QString &report);

private:
    Actor actor() const;
    void updateActions();
    void report(const QString &text, bool refused);

    WorkflowEngine &m_engine;
    const Directory &m_directory;
    Session &m_session;
    MainWindow *m_window;
    QAction *m_take = nullptr;
    QAction *m_reassign = nullptr;
};

} // namespace casedesk
