#include "sessionservices.h"

#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "forms/stepeditor.h"
#include "live/changelistener.h"
#include "mainwindow/mainwindow.h"
#include "workflow/workflowengine.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStatusBar>

namespace casedesk {

SessionServices::SessionServices(Session &session, WorkflowEngine &engine, MainWindow *window)
    : QObject(window), m_session(session), m_engine(engine), m_window(window),
      m_drafts(DraftStore::defaultPath(), serverKey(session.database->settings())),
      m_coordinator(*session.database, session.background(), engine.definitions(), m_drafts)
{
    QDir().mkpath(QFileInfo(DraftStore::defaultPath()).absolutePath());
    const Status opened = m_drafts.open();
    m_draftsOpen = opened.isOk();
    if (!m_draftsOpen)
        setJournalProblem(opened.message());
    connect(&m_coordinator, &SaveCoordinator::journalFailed, this,
            &SessionServices::setJournalProblem);

    connect(&m_coordinator, &SaveCoordinator::connectionChanged, window,
            &MainWindow::setConnectionState);
    connect(&m_coordinator, &SaveCoordinator::connectionChanged, this,
            [this](bool connected, const QString &) {
                if (!connected || m_shutDown)
                    return;
                // Read again what may have changed while we were away, before anything is
                // written from these screens.
                for (StepEditor *editor : editors())
                    editor->connectionRestored();
                m_window->refresh();
            });
    connect(&m_coordinator, &SaveCoordinator::saved, this,
            [this](qint64 stepId, const QString &formCode) {
                if (StepEditor *editor = editorOf(stepId))
                    editor->noteSavedElsewhere(formCode);
                m_window->refresh();
            });
    connect(&m_coordinator, &SaveCoordinator::saveRefused, this,
            [this](qint64 stepId, const QString &, const QString &message) {
                if (StepEditor *editor = editorOf(stepId))
                    editor->banner()->showError(message);
                m_window->statusBar()->showMessage(message);
            });

    // One refresh for a burst of notifications, at most 150 ms after the first (LiveRefresh), of
    // only what changed for this worker; the periodic poll reads everything at once.
    connect(&m_live, &LiveRefresh::due, this, &SessionServices::workChangedElsewhere);
    m_presenceTimer.setInterval(StepPresence::TouchIntervalSeconds * 1000);
    connect(&m_presenceTimer, &QTimer::timeout, this, &SessionServices::refreshPresence);
    m_presenceTimer.start();

    const ConnectionSettings &settings = session.database->settings();
    if (settings.backend == ConnectionSettings::Backend::Postgres) {
        m_listener = std::make_unique<ChangeListener>(
            settings, session.database->connection().password(), session.worker.id);
        connect(m_listener.get(), &ChangeListener::workChanged, &m_live, &LiveRefresh::notified);
        connect(m_listener.get(), &ChangeListener::pollDue, &m_live, &LiveRefresh::poll);
        connect(m_listener.get(), &ChangeListener::connectionStateChanged, window,
                &MainWindow::setConnectionState);
        m_listener->start();
    }
}

SessionServices::~SessionServices()
{
    shutDown();
}

void SessionServices::shutDown()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    m_presenceTimer.stop();
    m_live.disconnect(this);
    m_coordinator.stop();
    for (StepEditor *editor : editors()) {
        editor->flushJournal();
        const qint64 stepId = editor->stepId();
        const qint64 workerId = editor->actor().workerId;
        m_session.background().runBeforeClosing(
            [stepId, workerId](Database &db) { StepPresence(db).leave(stepId, workerId); });
    }
    if (m_listener) {
        m_listener->disconnect(this);
        m_listener->stop();
    }
}

QString SessionServices::serverKey(const ConnectionSettings &settings)
{
    if (settings.backend == ConnectionSettings::Backend::Sqlite)
        return QStringLiteral("sqlite:") + QFileInfo(settings.sqlitePath).absoluteFilePath();
    return settings.keychainKey();
}

void SessionServices::attach(StepEditor *editor)
{
    m_editors << editor;
    const QString title = editor->title();
    // Even without a journal (it could not be opened) saves go through the coordinator, which
    // reports the journal's failure and saves anyway.
    editor->setBackground(&m_session.background());
    editor->setSaver([this, title](qint64 stepId, const QString &formCode,
                                   const QHash<QString, QString> &answers, const Actor &actor,
                                   int expectedRevision) {
        Draft draft;
        draft.stepId = stepId;
        draft.formCode = formCode;
        draft.workerId = actor.workerId;
        draft.role = actor.role;
        draft.baseRevision = expectedRevision;
        draft.answers = answers;
        draft.title = title;
        return m_coordinator.save(draft);
    });
    editor->setJournal([this, title](qint64 stepId, const QString &formCode,
                                     const QHash<QString, QString> &changes, int baseRevision) {
        journal(stepId, formCode, changes, baseRevision, title);
    });
    editor->setJournalProblem(m_journalProblem);
    connect(editor, &StepEditor::serverUnreachable, &m_coordinator,
            &SaveCoordinator::reportConnectionLost);
    const qint64 stepId = editor->stepId();
    const Actor actor = editor->actor();
    // Presence is written by the database thread's connection (the server forgets a row when
    // the connection that wrote it ends), never waited for here.
    m_session.background()
        .run([stepId, actor](Database &db) {
            StepPresence presence(db);
            presence.enter(stepId, actor);
            return presence.others(stepId, actor.workerId);
        })
        .then(editor,
              [editor](const QList<StepVisitor> &others) { editor->setOthersHere(others); });
    connect(editor, &QObject::destroyed, this, [this, stepId, workerId = actor.workerId] {
        if (m_shutDown) // after shutDown() the connection may be gone
            return;
        m_session.background().run(
            [stepId, workerId](Database &db) { StepPresence(db).leave(stepId, workerId); });
    });
}

void SessionServices::journal(qint64 stepId, const QString &formCode,
                              const QHash<QString, QString> &changes, int baseRevision,
                              const QString &title)
{
    const qint64 workerId = m_session.worker.id;
    Status kept;
    if (changes.isEmpty()) {
        kept = m_drafts.remove(stepId, formCode, workerId);
    } else {
        // What was typed; a save waiting for the server keeps its own entry and token.
        Draft draft;
        draft.stepId = stepId;
        draft.formCode = formCode;
        draft.workerId = workerId;
        draft.role = m_session.actingRole;
        draft.baseRevision = baseRevision;
        draft.answers = changes;
        draft.title = title;
        kept = m_drafts.put(draft);
    }
    setJournalProblem(kept ? QString() : kept.message());
}

void SessionServices::setJournalProblem(const QString &message)
{
    const QString text =
        message.isEmpty()
            ? QString()
            : tr("Your answers are not being kept on this computer as you type (%1). Saving "
                 "to the server still works: save often.")
                  .arg(message);
    if (text == m_journalProblem)
        return;
    m_journalProblem = text;
    for (StepEditor *editor : editors())
        editor->setJournalProblem(text);
    if (!text.isEmpty())
        m_window->statusBar()->showMessage(text, 10000);
}

int SessionServices::offerRecoveredDrafts(const std::function<QFuture<StepEditor *>(qint64)> &open)
{
    if (!m_draftsOpen)
        return 0;
    const QList<Draft> drafts = m_drafts.recoverable(m_session.worker.id);
    if (drafts.isEmpty())
        return 0;
    QStringList lines;
    for (const Draft &draft : drafts)
        lines << tr("• %1 – %2, typed %3")
                     .arg(draft.title, draft.formCode,
                          QLocale().toString(draft.updatedAt.toLocalTime(), QLocale::ShortFormat));
    const QMessageBox::StandardButton answer = MessageBox::question(
        m_window, tr("Answers kept on this computer"),
        tr("CaseDesk kept answers that were not saved when it last closed:\n%1\n\n"
           "Open them to check and save them? Cancel keeps them for later; Discard throws "
           "them away.")
            .arg(lines.join(QLatin1Char('\n'))),
        QMessageBox::Open | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Open);
    if (answer == QMessageBox::Discard) {
        for (const Draft &draft : drafts)
            m_drafts.forget(draft);
        return 0;
    }
    if (answer != QMessageBox::Open)
        return 0;
    for (const Draft &draft : drafts) {
        auto stillKept = [this, title = draft.title] {
            m_window->statusBar()->showMessage(
                tr("The answers kept for %1 could not be reopened; they are still kept.")
                    .arg(title),
                10000);
        };
        open(draft.stepId).then(this, [this, draft, stillKept](StepEditor *editor) {
            if (!editor) {
                stillKept();
                return;
            }
            editor->applyDraft(draft.formCode, draft.answers, draft.baseRevision,
                               [this, draft, stillKept, editor](bool applied) {
                                   if (!applied) {
                                       stillKept();
                                       return;
                                   }
                                   // Journalled by this session before the crashed one's copy
                                   // goes.
                                   editor->flushJournal();
                                   if (m_drafts.find(draft.stepId, draft.formCode, draft.workerId))
                                       m_drafts.forget(draft);
                               });
        });
    }
    return int(drafts.size());
}

void SessionServices::workChangedElsewhere(const LiveChange &change)
{
    if (m_shutDown)
        return;
    QList<WorkviewOwner> shown{
        WorkviewOwner::worker(m_session.worker.id, m_session.worker.displayName)};
    for (const VirtualWorkerRef &inbox : m_session.worker.virtualWorkers)
        shown << WorkviewOwner::virtualWorker(inbox.id, inbox.name, inbox.code);
    if (!change.sectionsToRead(shown).isEmpty()) {
        // Someone else's change to a tray shown here: refresh as if it were ours (workviews,
        // the open steps' actions, the screens that follow the engine).
        emit m_engine.workChanged();
    } else if (change.touchesOpenSteps()) {
        for (StepEditor *editor : editors())
            editor->connectionRestored();
    }
    if (change.touchesPresence())
        refreshPresence();
}

void SessionServices::refreshPresence()
{
    if (m_shutDown)
        return;
    QList<qint64> open;
    for (StepEditor *editor : editors())
        open << editor->stepId();
    const qint64 workerId = m_session.worker.id;
    m_session.background()
        .run([open, workerId](Database &db) {
            StepPresence presence(db);
            presence.touch(open, workerId);
            QHash<qint64, QList<StepVisitor>> others;
            for (qint64 stepId : open)
                others.insert(stepId, presence.others(stepId, workerId));
            return others;
        })
        .then(this, [this](const QHash<qint64, QList<StepVisitor>> &others) {
            for (StepEditor *editor : editors()) {
                if (others.contains(editor->stepId()))
                    editor->setOthersHere(others.value(editor->stepId()));
            }
            emit presenceRead();
        });
}

QList<StepEditor *> SessionServices::editors() const
{
    QList<StepEditor *> result;
    for (const QPointer<StepEditor> &editor : m_editors) {
        if (editor)
            result << editor.data();
    }
    return result;
}

StepEditor *SessionServices::editorOf(qint64 stepId) const
{
    for (StepEditor *editor : editors()) {
        if (editor->stepId() == stepId)
            return editor;
    }
    return nullptr;
}

} // namespace casedesk
