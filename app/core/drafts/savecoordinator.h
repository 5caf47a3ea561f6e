#pragma once

#include "draftstore.h"
#include "workflow/workflowengine.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace casedesk {

// Saves forms so that nothing typed is lost and nothing is saved twice. Every save is journalled
// locally first with a token; when the server cannot be reached the draft stays, the connection
// is re-opened with backoff, and the save is applied once the server is back. The token makes a
// save that reached the server just before the connection dropped apply only once.
class SaveCoordinator : public QObject
{
    Q_OBJECT

public:
    SaveCoordinator(Database &db, WorkflowEngine &engine, DraftStore &drafts,
                    QObject *parent = nullptr);

    // Journals then saves. ServerUnreachable means: kept on this computer, will be saved later.
    Status save(Draft draft, QList<Problem> *problems = nullptr);
    int pendingCount() const { return int(m_pending.size()); }
    bool isConnected() const { return m_connected; }
    // No more retries: the session is ending and its connection is about to close. What is
    // pending stays journalled and is offered back at the next sign-in.
    void stop()
    {
        m_stopped = true;
        m_retryTimer.stop();
    }
    // Something else found the connection gone (a read failed, a finish lost its answer):
    // reconnect with backoff, and say connectionChanged(true, …) once the server is back.
    void reportConnectionLost() { markDisconnected(); }
    // Set when a reconnect reached a database of another schema version (upgraded or restored
    // while we were away): nothing is written from then on; answers stay on this computer.
    bool isIncompatible() const { return !m_incompatible.isOk(); }

signals:
    void saved(qint64 stepId, const QString &formCode);
    // A queued save the server refused once it was back (a conflict, say); the draft is kept.
    void saveRefused(qint64 stepId, const QString &formCode, const QString &message);
    void connectionChanged(bool connected, const QString &message);
    // This computer could not keep a copy of a save (the save itself still went ahead).
    void journalFailed(const QString &message);

private:
    // Probes the server off this thread; reconnects and resumes once it answers.
    void retry();
    void resume();
    void markDisconnected();
    Status apply(const Draft &draft, QList<Problem> *problems);

    Database &m_db;
    WorkflowEngine &m_engine;
    DraftStore &m_drafts;
    QSet<QPair<qint64, QString>> m_pending;
    qint64 m_workerId = 0;
    QTimer m_retryTimer;
    int m_backoff = 1000;
    bool m_connected = true;
    bool m_probing = false;
    bool m_stopped = false;
    Status m_incompatible; // why nothing may be written, once a reconnect found another schema
};

} // namespace casedesk
