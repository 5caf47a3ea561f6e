#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace casedesk {

class Database;
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
class Directory
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::Directory)

public:
    Directory(const Database &db, const DefinitionRegistry &definitions);

    // Active workers holding any of `roles` (every active worker when `roles` is empty).
    QList<DirectoryEntry> workers(const QStringList &roles = {}) const;
    QList<DirectoryEntry> teams() const;
    // Virtual workers whose code is in `codes` (all of them when `codes` is empty), in the
    // order of `codes`.
    QList<DirectoryEntry> virtualWorkers(const QStringList &codes = {}) const;
    QString workerName(qint64 workerId) const;
    qint64 managerOf(qint64 workerId) const;

private:
    const Database &m_db;
    const DefinitionRegistry &m_definitions;
};

} // namespace casedesk
