#pragma once

#include "common/directory.h"
#include "session/session.h"
#include "workflow/workflowengine.h"

#include <QObject>
#include <memory>

namespace casedesk {

class MainWindow;
class WorkviewActions;

// Opens the piece of work a worker activates in a workview as a step editor tab: Start for
// incoming work that is theirs, Resume otherwise. Workviews refresh after every change.
class WorkOpener : public QObject
{
    Q_OBJECT

public:
    WorkOpener(Session &session, const DefinitionRegistry &definitions, MainWindow *window);

    WorkflowEngine &engine() { return *m_engine; }
    // Take and Reassign on the workviews' selection.
    WorkviewActions *workviewActions() const { return m_actions; }
    // Returns the editor tab opened, or null with the reason in the status bar.
    QWidget *open(qint64 stepId);

private:
    Session &m_session;
    MainWindow *m_window;
    std::unique_ptr<WorkflowEngine> m_engine;
    std::unique_ptr<Directory> m_directory;
    WorkviewActions *m_actions = nullptr;
};

} // namespace casedesk
