#pragma once

#include "draftstore.h"
#include "workflow/workflowengine.h"

#include <QFuture>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace casedesk {

class DatabaseThread;

// What became of one save: saved, refused (with the problems to show on the form), or kept on
// this computer because the server could not be reached (ServerUnreachable).
struct SaveOutcome
{
    Status status;
    QList<Problem> problems;
};

// Saves forms so that nothing typed is lost and nothing is saved twice. Every save is journalled
// locally first with a token, then written on the database thread (never on the GUI thread);
// when the server cannot be reached the draft stays, the connection is re-opened with backoff,
// and the save is applied once the server is back. The token makes a save that reached the server
// just before the connection dropped apply only once.
class SaveCoordinator : public QObject
{
    Q_OBJECT

public:
    // `db` says where the session's server is (probed off this thread while it is away; never
    // used for statements here); `writer` is where the saves run.
    SaveCoordinator(Database &db, DatabaseThread &writer, const DefinitionRegistry &definitions,
                    DraftStore &drafts, QObject *parent = nullptr);

    // Journals at once, then saves off this thread. The future's outcome is ServerUnreachable
    // when the answers are kept on this computer to be saved later. Continue it with
    // .then(context, ...): it is cancelled if this coordinator goes first.
    QFuture<SaveOutcome> save(Draft draft);
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
    struct Applied
    {
        SaveOutcome outcome;
        bool serverAnswered = true; // false: the connection was lost, the outcome is not known
    };
    // Writes the draft on the database thread; once saved, forgets its journal entries.
    QFuture<Applied> apply(const Draft &draft);
    // Probes the server off this thread; resumes once it answers with this CaseDesk's schema.
    void retry();
    void resumeAfter(const Status &probed);
    // Applies the saves kept while the server was away, one after another.
    void applyPending(QList<QPair<qint64, QString>> keys);
    void markDisconnected();
    void forgetSaved(const Draft &draft);

    Database &m_db;
    DatabaseThread &m_writer;
    const DefinitionRegistry &m_definitions;
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
