#include "workopener.h"

#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "sessionservices.h"
#include "storage/databasethread.h"
#include "workview/workviewactions.h"

#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

namespace casedesk {

namespace {

// What the opening job found: the step, whether it was started or resumed, and the step whole.
struct Opening
{
    StepRecord step;
    bool handedOver = false; // a hook starts it: nothing was written yet
    Status status;
    StepSnapshot read;
};

} // namespace

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
    // A step over a quick link opens before anyone could read "Opening…"; a slow one says so.
    m_busyNote = new QTimer(this);
    m_busyNote->setSingleShot(true);
    m_busyNote->setInterval(300);
    connect(m_busyNote, &QTimer::timeout, this, [this] {
        if (isOpening())
            m_window->statusBar()->showMessage(tr("Opening the step…"));
    });
}

int WorkOpener::offerRecoveredDrafts()
{
    return m_services->offerRecoveredDrafts([this](qint64 stepId) { return open(stepId); });
}

void WorkOpener::setStepHooks(StepHooks hooks)
{
    m_hooks = std::move(hooks);
}

Actor WorkOpener::actor() const
{
    return Actor{m_session.worker.id, m_session.actingRole};
}

StepEditor *WorkOpener::bringForward(qint64 stepId)
{
    // The same step is never open twice: bring its tab forward instead.
    QTabWidget *tabs = m_window->workArea();
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->widget(i)->property("stepId").toLongLong() == stepId) {
            tabs->setCurrentIndex(i);
            return qobject_cast<StepEditor *>(tabs->widget(i));
        }
    }
    return nullptr;
}

StepEditor *WorkOpener::refuse(const QString &why)
{
    m_window->statusBar()->showMessage(why, 10000);
    return nullptr;
}

QFuture<StepEditor *> WorkOpener::track(qint64 stepId, QFuture<StepEditor *> opening)
{
    QFuture<StepEditor *> tracked = opening.then(this, [this, stepId](StepEditor *editor) {
        m_opening.remove(stepId);
        if (!isOpening()) {
            m_busyNote->stop();
            if (m_window->statusBar()->currentMessage() == tr("Opening the step…"))
                m_window->statusBar()->clearMessage();
        }
        emit openEnded(stepId);
        return editor;
    });
    m_opening.insert(stepId, tracked);
    if (!m_busyNote->isActive())
        m_busyNote->start();
    return tracked;
}

QFuture<StepEditor *> WorkOpener::open(qint64 stepId)
{
    if (StepEditor *existing = bringForward(stepId))
        return QtFuture::makeReadyFuture(existing);
    if (m_opening.contains(stepId))
        return m_opening.value(stepId);
    const Actor actor = this->actor();
    const DefinitionRegistry *definitions = &m_engine->definitions();
    const auto startsItself = m_hooks.startsItself;
    // Read, start or resume, and read whole: one job.
    QFuture<Opening> opening =
        m_session.background().run([stepId, actor, definitions, startsItself](Database &db) {
            WorkflowEngine engine(db, *definitions);
            Opening found;
            found.step = engine.step(stepId);
            if (found.step.unreadable) {
                found.status = Status::failure(WorkOpener::tr("The step could not be read: the "
                                                              "connection to the server was lost."),
                                               Status::Code::ServerUnreachable);
                return found;
            }
            if (startsItself && startsItself(found.step)) {
                found.handedOver = true;
                return found;
            }
            found.status = found.step.status == StepStatus::Incoming
                               ? engine.startStep(stepId, actor)
                               : engine.resumeStep(stepId, actor);
            if (found.status)
                found.read = engine.snapshot(stepId, actor);
            return found;
        });
    return track(stepId,
                 opening
                     .then(this,
                           [this, stepId, actor](const Opening &found) {
                               if (found.handedOver) {
                                   return m_hooks.start(found.step, actor)
                                       .then(this,
                                             [this, stepId, actor](Status started) {
                                                 if (!started)
                                                     return QtFuture::makeReadyFuture(
                                                         refuse(started.message()));
                                                 return readAndShow(stepId, actor);
                                             })
                                       .unwrap();
                               }
                               if (!found.status)
                                   return QtFuture::makeReadyFuture(refuse(found.status.message()));
                               return QtFuture::makeReadyFuture(addEditor(found.read, actor, true));
                           })
                     .unwrap());
}

QFuture<StepEditor *> WorkOpener::readAndShow(qint64 stepId, const Actor &actor)
{
    const DefinitionRegistry *definitions = &m_engine->definitions();
    return m_session.background()
        .run([stepId, actor, definitions](Database &db) {
            return WorkflowEngine(db, *definitions).snapshot(stepId, actor);
        })
        .then(this, [this, actor](const StepSnapshot &read) {
            if (read.step.unreadable)
                return refuse(tr("The step could not be read: the connection to the server was "
                                 "lost."));
            return addEditor(read, actor, true);
        });
}

QFuture<StepEditor *> WorkOpener::openFromRecord(qint64 stepId)
{
    if (StepEditor *existing = bringForward(stepId))
        return QtFuture::makeReadyFuture(existing);
    if (m_opening.contains(stepId))
        return m_opening.value(stepId);
    const Actor actor = this->actor();
    const DefinitionRegistry *definitions = &m_engine->definitions();
    // The step whole, read-only unless it is the worker's own started work (then it opens as
    // open() does, resumed).
    QFuture<StepSnapshot> read =
        m_session.background().run([stepId, actor, definitions](Database &db) {
            return WorkflowEngine(db, *definitions).snapshot(stepId, actor);
        });
    return track(stepId,
                 read.then(this,
                           [this, stepId, actor](const StepSnapshot &read) {
                               if (read.step.unreadable)
                                   return QtFuture::makeReadyFuture(
                                       refuse(tr("The step could not be read: the connection to "
                                                 "the server was lost.")));
                               if (!read.step.id)
                                   return QtFuture::makeReadyFuture(
                                       refuse(tr("This step no longer exists.")));
                               if (read.step.status == StepStatus::Started &&
                                   read.whyCannotEdit.isEmpty()) {
                                   m_opening.remove(stepId); // open() tracks it from here
                                   return open(stepId);
                               }
                               return QtFuture::makeReadyFuture(addEditor(read, actor, false));
                           })
                     .unwrap());
}

StepEditor *WorkOpener::addEditor(const StepSnapshot &read, const Actor &actor, bool started)
{
    // Opened meanwhile (a second click that came first): the same step is never open twice.
    if (StepEditor *existing = bringForward(read.step.id))
        return existing;
    QTabWidget *tabs = m_window->workArea();
    auto *editor = new StepEditor(*m_engine, *m_directory, read, actor);
    editor->setProperty("stepId", read.step.id);
    m_services->attach(editor);
    if (m_hooks.setupEditor)
        m_hooks.setupEditor(editor);
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
    // Started or resumed by the database thread's engine: tell whoever follows this one (the
    // workviews, an open record).
    if (started)
        emit m_engine->workChanged();
    return editor;
}

} // namespace casedesk
