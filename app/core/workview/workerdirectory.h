#pragma once

#include "storage/database.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace casedesk {

struct VirtualWorkerRef
{
    qint64 id = 0;
    QString code; // cs-cwd-panel
    QString name; // CS CWD – Panel
};

// Who a worker is: what the sign-in picker lists and what the main window shows.
struct WorkerIdentity
{
    qint64 id = 0;
    QString username;
    QString displayName;
    QString jobTitle;
    qint64 teamId = 0;
    QString teamName;
    QStringList roles; // role codes, most usual first (social_worker, ps_manager, panel, ...)
    QList<VirtualWorkerRef> virtualWorkers; // the shared workviews they act from

    bool isValid() const { return id > 0; }
    bool hasRole(const QString &role) const { return roles.contains(role); }
};

// Reads workers, their roles, teams and virtual worker memberships.
class WorkerDirectory
{
public:
    explicit WorkerDirectory(const Database &db) : m_db(db) {}

    // Everything about one worker, memberships included; invalid if there is no such worker.
    WorkerIdentity identity(qint64 workerId) const;
    // By login name (case-insensitive), as PostgreSQL sign-in and --as use it.
    WorkerIdentity identityByUsername(const QString &username) const;
    // Active workers by name with team, roles and memberships (three statements): the SQLite
    // sign-in picker, which signs in the one chosen without reading again.
    QList<WorkerIdentity> activeWorkers(int limit = 1000) const;

    // Orders role codes as people expect to read them (the casework roles first).
    static void sortRoles(QStringList *roles);

private:
    WorkerIdentity load(const QString &where, const QVariant &key) const;

    const Database &m_db;
};

} // namespace casedesk
