#pragma once

#include "workview/workerdirectory.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace casedesk {

class Database;
class DatabaseThread;
class DefinitionRegistry;

// One choice in a picker of workers, teams or virtual workers.
struct DirectoryEntry
{
    qint64 id = 0;
    QString name;
    QString detail; // roles and team of a worker; description of a virtual worker
    QString code;   // virtual worker code
};

// Read-only look-ups the pickers need (who can be assigned a next action or sent a request).
// The engine still checks every choice; this only decides what is offered.
//
// The workers, teams and virtual workers are read once, in one statement, and every look-up is
// answered from that: on a session's database thread (loaded() says when they are in; until then
// the lists are empty), or, given a Database (tests, tools), on it the first time one is asked for.
class Directory : public QObject
{
    Q_OBJECT

public:
    // What the one statement reads (plain values: it may run on a database thread).
    struct Worker
    {
        qint64 id = 0;
        QString name;
        QStringList roles;
        QString team;
        qint64 managerId = 0;
        bool active = false;
    };
    struct Lists
    {
        QList<Worker> workers; // by name, then id
        QList<DirectoryEntry> teams;
        QList<DirectoryEntry> virtualWorkers; // detail and code from the database only
        bool read = false;                    // false: the statement failed (connection lost)
    };
    static Lists read(const Database &db);

    Directory(const Database &db, const DefinitionRegistry &definitions, QObject *parent = nullptr);
    // `signedIn` (the session's worker) has their own name answered before the lists are in:
    // a step opened at once after sign-in shows it ("Checked and completed by").
    Directory(DatabaseThread &background, const DefinitionRegistry &definitions,
              const WorkerIdentity &signedIn = {}, QObject *parent = nullptr);

    bool isLoaded() const { return m_loaded; }

    // Active workers holding any of `roles` (every active worker when `roles` is empty).
    QList<DirectoryEntry> workers(const QStringList &roles = {}) const;
    QList<DirectoryEntry> teams() const;
    // Virtual workers whose code is in `codes` (all of them when `codes` is empty), in the
    // order of `codes`.
    QList<DirectoryEntry> virtualWorkers(const QStringList &codes = {}) const;
    QString workerName(qint64 workerId) const;
    qint64 managerOf(qint64 workerId) const;
    // The id of the worker's team (0 if they have none or it is not known).
    qint64 teamOf(qint64 workerId) const;

signals:
    // The lists are in (once; again only after a failed read was retried).
    void loaded();

private:
    // Makes sure the lists are read or on their way (a failed read is tried again when next
    // asked for). Called from the const look-ups: the lists are a cache of the database.
    void ensureLoaded() const { const_cast<Directory *>(this)->load(); }
    void load();
    void take(const Lists &lists);

    const Database *m_db = nullptr;
    DatabaseThread *m_background = nullptr;
    const DefinitionRegistry &m_definitions;
    Lists m_lists;
    QHash<qint64, int> m_workerIndex; // id -> index in m_lists.workers
    bool m_loaded = false;
    bool m_loading = false;
    WorkerIdentity m_signedIn;
};

} // namespace casedesk
