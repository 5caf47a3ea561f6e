#include "directory.h"

#include "definitions/definitionregistry.h"
#include "storage/database.h"

#include <QHash>
#include <QSqlQuery>

namespace casedesk {

Directory::Directory(const Database &db, const DefinitionRegistry &definitions)
    : m_db(db), m_definitions(definitions)
{}

QList<DirectoryEntry> Directory::workers(const QStringList &roles) const
{
    QSqlQuery query = m_db.exec(QStringLiteral(
        "SELECT w.id, w.display_name, r.role, t.name FROM workers w "
        "LEFT JOIN worker_roles r ON r.worker_id = w.id LEFT JOIN teams t ON t.id = w.team_id "
        "WHERE w.is_active ORDER BY w.display_name, w.id, r.role"));
    QList<DirectoryEntry> result;
    QHash<qint64, QStringList> rolesOf;
    QHash<qint64, QString> teamOf;
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        if (!rolesOf.contains(id)) {
            result << DirectoryEntry{id, query.value(1).toString(), QString(), QString()};
            rolesOf.insert(id, {});
            teamOf.insert(id, query.value(3).toString());
        }
        if (!query.value(2).isNull())
            rolesOf[id] << query.value(2).toString();
    }
    QList<DirectoryEntry> filtered;
    for (DirectoryEntry entry : result) {
        const QStringList held = rolesOf.value(entry.id);
        bool matches = roles.isEmpty();
        for (const QString &role : roles)
            matches = matches || held.contains(role);
        if (!matches)
            continue;
        QStringList names;
        for (const QString &role : held)
            names << m_definitions.roleName(role);
        QStringList parts{names.join(QStringLiteral(", "))};
        if (!teamOf.value(entry.id).isEmpty())
            parts << teamOf.value(entry.id);
        parts.removeAll(QString());
        entry.detail = parts.join(QStringLiteral(" · "));
        filtered << entry;
    }
    return filtered;
}

QList<DirectoryEntry> Directory::teams() const
{
    QList<DirectoryEntry> result;
    QSqlQuery query =
        m_db.exec(QStringLiteral("SELECT id, name, service FROM teams ORDER BY name"));
    while (query.next())
        result << DirectoryEntry{query.value(0).toLongLong(), query.value(1).toString(),
                                 query.value(2).toString(), QString()};
    return result;
}

QList<DirectoryEntry> Directory::virtualWorkers(const QStringList &codes) const
{
    QList<DirectoryEntry> all;
    QSqlQuery query =
        m_db.exec(QStringLiteral("SELECT id, code, name FROM virtual_workers ORDER BY name"));
    while (query.next()) {
        DirectoryEntry entry{query.value(0).toLongLong(), query.value(2).toString(), QString(),
                             query.value(1).toString()};
        if (const VirtualWorkerDefinition *definition = m_definitions.virtualWorker(entry.code))
            entry.detail = definition->description;
        all << entry;
    }
    if (codes.isEmpty())
        return all;
    QList<DirectoryEntry> result;
    for (const QString &code : codes) {
        for (const DirectoryEntry &entry : all) {
            if (entry.code == code)
                result << entry;
        }
    }
    return result;
}

QString Directory::workerName(qint64 workerId) const
{
    return m_db.scalar(QStringLiteral("SELECT display_name FROM workers WHERE id = ?"), {workerId})
        .toString();
}

qint64 Directory::managerOf(qint64 workerId) const
{
    return m_db.scalar(QStringLiteral("SELECT manager_id FROM workers WHERE id = ?"), {workerId})
        .toLongLong();
}

} // namespace casedesk
