#pragma once

#include "drafts/draftstore.h"
#include "drafts/savecoordinator.h"
#include "live/liverefresh.h"
#include "presence/steppresence.h"
#include "session/session.h"

#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>

namespace casedesk {

class ChangeListener;
class MainWindow;
class StepEditor;
class WorkflowEngine;

// What a signed-in session runs behind its step editors:
// - the drafts journal on this computer and the save coordinator: every edit is journalled as it
//   is typed, saves are journalled first and applied once, and kept while the server is away;
// - live updates (PostgreSQL): the workviews and open steps refresh when work in this worker's
//   trays or open steps changes;
// - presence: each open step shows who else has it open.
class SessionServices : public QObject
{
    Q_OBJECT

public:
    SessionServices(Session &session, WorkflowEngine &engine, MainWindow *window);
    ~SessionServices() override;

    // Routes the editor's saves through the coordinator, journals its edits and tracks it.
    void attach(StepEditor *editor);

    // Drafts kept on this computer from an earlier run (after a crash or power cut). Asks
    // (through MessageBox) whether to open them, throw them away or leave them for later, and
    // reopens each with `open`. Returns how many forms are being put back on screen (each lands
    // when its step has opened; one that cannot is kept, and the status bar says so).
    int offerRecoveredDrafts(const std::function<QFuture<StepEditor *>(qint64 stepId)> &open);

    DraftStore &drafts() { return m_drafts; }
    SaveCoordinator &saveCoordinator() { return m_coordinator; }
    ChangeListener *changeListener() const { return m_listener.get(); }
    // Reads who else has each open step open, and marks ours as still open (off the GUI thread;
    // presenceRead() once the editors show it).
    void refreshPresence();

signals:
    void presenceRead();

public:
    // The first part of ending the session, while its connection is still open (sign-out, quit,
    // the window closing): journals what each open step has unsaved, removes this client's
    // presence rows, stops the live-update listener and every timer. Afterwards nothing here
    // touches the database again, so the connection may close. Safe to call more than once.
    void shutDown();
    bool isShutDown() const { return m_shutDown; }

private:
    void journal(qint64 stepId, const QString &formCode, const QHash<QString, QString> &changes,
                 int baseRevision, const QString &title);
    void workChangedElsewhere(const LiveChange &change);
    // A banner in every open step while the journal cannot be written ("" when it can).
    void setJournalProblem(const QString &message);
    QList<StepEditor *> editors() const;
    StepEditor *editorOf(qint64 stepId) const;
    static QString serverKey(const ConnectionSettings &settings);

    Session &m_session;
    WorkflowEngine &m_engine;
    MainWindow *m_window;
    DraftStore m_drafts;
    bool m_draftsOpen = false;
    SaveCoordinator m_coordinator;
    std::unique_ptr<ChangeListener> m_listener;
    QTimer m_presenceTimer;
    LiveRefresh m_live;
    QList<QPointer<StepEditor>> m_editors;
    bool m_shutDown = false;
    QString m_journalProblem;
};

} // namespace casedesk
