#pragma once

#include "domain/status.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QLockFile>
#include <memory>
#include <optional>

namespace casedesk {

// Answers typed but not yet on the server, for one form of one step.
struct Draft
{
    qint64 stepId = 0;
    QString formCode;
    qint64 workerId = 0;
    QString role;
    int baseRevision = -1; // the step's revision when the editor loaded it
    QHash<QString, QString> answers;
    QString saveToken; // set when the user pressed Save; empty while only typed
    QString title;     // "CS Placement Request – Ava Testchild", for the recovery list
    QDateTime updatedAt;
    QString sessionId; // the run of CaseDesk that journalled it (set by the store)
};

// A journal on this computer of every unsaved edit, so nothing typed is lost to a crash, a power
// cut or a dropped connection. One small SQLite file per user, apart from the case database;
// drafts are kept per server so two databases never mix.
//
// Each store is one session (one run of CaseDesk, one sign-in): it reads and writes only its own
// entries, so two copies of CaseDesk for the same worker never remove each other's answers. A
// session holds a lock file while it runs; the entries of sessions that ended without clearing
// them (a crash, a power cut, kill -9) are offered back by recoverable().
class DraftStore
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DraftStore)

public:
    DraftStore(const QString &path, const QString &serverKey);
    ~DraftStore();
    DraftStore(const DraftStore &) = delete;
    DraftStore &operator=(const DraftStore &) = delete;

    Status open();
    bool isOpen() const { return m_db.isOpen(); }
    QString sessionId() const { return m_sessionId; }

    // A form has up to two entries: what was typed (no save token), and a save the worker asked
    // for that has not yet been confirmed by the server (its token). Typing during an outage
    // changes the first and never the second, so the save is retried with its own token.
    enum class Entry
    {
        Typed,
        Save
    };
    // This session's entries. put() files a draft by whether it has a save token.
    Status put(const Draft &draft);
    Status remove(qint64 stepId, const QString &formCode, qint64 workerId,
                  Entry entry = Entry::Typed);
    std::optional<Draft> find(qint64 stepId, const QString &formCode, qint64 workerId,
                              Entry entry = Entry::Typed) const;
    // One per form: what was typed where there is any, else the save.
    QList<Draft> all(qint64 workerId) const;

    // The worker's entries left by sessions that have ended (oldest first), and forgetting one
    // of them once it is back on screen or thrown away.
    QList<Draft> recoverable(qint64 workerId) const;
    Status forget(const Draft &recovered);

    // The journal file for this user: <AppDataLocation>/drafts.sqlite. open() keeps it to its
    // owner: the folder 0700, the file (and SQLite's -journal, -wal, -shm) 0600.
    static QString defaultPath();
    // Makes the journal's folder 0700 and the file 0600 (creating it empty if missing), or
    // corrects them when found wider; false when that failed.
    static bool restrictToOwner(const QString &journalPath);

private:
    Draft fromRow(const QSqlQuery &query) const;
    QList<Draft> entries(qint64 workerId, bool ours) const;
    static QList<Draft> newestPerForm(const QList<Draft> &drafts);
    QString lockPath(const QString &sessionId) const;
    bool isRunning(const QString &sessionId) const;

    QString m_path;
    QString m_serverKey;
    QString m_sessionId;
    std::unique_ptr<QLockFile> m_lock;
    Database m_db;
};

} // namespace casedesk
