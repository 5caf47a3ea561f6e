#include "workopener.h"

#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "sessionservices.h"
#include "workview/workviewactions.h"

#include <QStatusBar>
#include <QTabWidget>

namespace casedesk {

WorkOpener::WorkOpener(Session &session, const DefinitionRegistry &definitions, MainWindow *window)
    : QObject(window), m_session(session), m_window(window),
      m_engine(std::make_unique<WorkflowEngine>(*session.database, definitions)),
      m_directory(std::make_unique<Directory>(session.background(), definitions, session.worker))
{
    connect(window, &MainWindow::workItemActivated, this,
            [this](qint64 stepId, qint64) { open(stepId); });
    connect(m_engine.get(), &WorkflowEngine::workChanged, window, &MainWindow::refresh);
    m_services = new SessionServices(session, *m_engine, window);
    m_services->setParent(this); // lives no longer than the engine it uses
    m_actions = new WorkviewActions(*m_engine, *m_directory, session, window);
    m_actions->setParent(this); // lives no longer than the engine it uses
}

int WorkOpener::offerRecoveredDrafts()
{
    return m_services->offerRecoveredDrafts(
        [this](qint64 stepId) { return qobject_cast<StepEditor *>(open(stepId)); });
}

void WorkOpener::setStepHooks(Starter starter, EditorSetup setup)
{
    m_starter = std::move(starter);
    m_editorSetup = std::move(setup);
}

QWidget *WorkOpener::bringForward(qint64 stepId)
{
    // The same step is never open twice: bring its tab forward instead.
    QTabWidget *tabs = m_window->workArea();
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->widget(i)->property("stepId").toLongLong() == stepId) {
            tabs->setCurrentIndex(i);
            return tabs->widget(i);
        }
    }
    return nullptr;
}

QWidget *WorkOpener::open(qint64 stepId)
{
    const Actor actor{m_session.worker.id, m_session.actingRole};
    if (QWidget *existing = bringForward(stepId))
        return existing;
    const StepRecord step = m_engine->step(stepId);
    Status hooked;
    if (m_starter && m_starter(step, actor, &hooked)) {
        if (!hooked) {
            m_window->statusBar()->showMessage(hooked.message(), 10000);
            return nullptr;
        }
    } else if (step.status == StepStatus::Incoming) {
        const Status started = m_engine->startStep(stepId, actor);
        if (!started) {
            m_window->statusBar()->showMessage(started.message(), 10000);
            return nullptr;
        }
    } else {
        const Status resumed = m_engine->resumeStep(stepId, actor);
        if (!resumed) {
            m_window->statusBar()->showMessage(resumed.message(), 10000);
            return nullptr;
        }
    }
    QWidget *editor = addEditor(stepId, actor);
    m_window->refresh();
    return editor;
}

QWidget *WorkOpener::openFromRecord(qint64 stepId)
{
    const Actor actor{m_session.worker.id, m_session.actingRole};
    if (QWidget *existing = bringForward(stepId))
        return existing;
    const StepRecord step = m_engine->step(stepId);
    if (!step.id) {
        m_window->statusBar()->showMessage(tr("This step no longer exists."), 10000);
        return nullptr;
    }
    if (step.status == StepStatus::Started && m_engine->whyCannotEdit(stepId, actor).isEmpty())
        return open(stepId);
    return addEditor(stepId, actor);
}

QWidget *WorkOpener::addEditor(qint64 stepId, const Actor &actor)
{
    QTabWidget *tabs = m_window->workArea();
    auto *editor = new StepEditor(*m_engine, *m_directory, stepId, actor);
    editor->setProperty("stepId", stepId);
    m_services->attach(editor);
    if (m_editorSetup)
        m_editorSetup(editor);
    const int index = m_window->addWorkTab(editor, editor->title());
    tabs->setCurrentIndex(index);
    connect(editor, &StepEditor::titleChanged, m_window,
            [window = m_window, editor](const QString &title) {
                window->setWorkTabTitle(editor, title);
            });
    connect(editor, &StepEditor::closed, tabs, [tabs, editor](qint64) {
        tabs->removeTab(tabs->indexOf(editor));
        editor->deleteLater();
    });
    connect(editor, &StepEditor::saved, m_window, &MainWindow::refresh);
    connect(editor, &StepEditor::finished, m_window, &MainWindow::refresh);
    return editor;
}

} // namespace casedesk
