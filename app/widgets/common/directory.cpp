#include "directory.h"

#include "definitions/definitionregistry.h"
#include "storage/database.h"
#include "storage/databasethread.h"

#include <QSqlQuery>

namespace casedesk {

namespace {

enum Kind
{
    WorkerRow,
    TeamRow,
    VirtualWorkerRow
};

} // namespace

Directory::Lists Directory::read(const Database &db)
{
    // One statement, one round trip: a worker comes once per role held (or once with none).
    // Inactive workers are read too, for their names and managers; workers() leaves them out.
    const QString sql = db.dialect().expand(QStringLiteral(
        "SELECT 0, w.id, w.display_name, r.role, t.name, w.manager_id, w.is_active "
        "FROM workers w LEFT JOIN worker_roles r ON r.worker_id = w.id "
        "LEFT JOIN teams t ON t.id = w.team_id "
        "UNION ALL SELECT 1, id, name, service, CAST(NULL AS TEXT), CAST(NULL AS BIGINT), "
        "CAST(NULL AS {{bool}}) FROM teams "
        "UNION ALL SELECT 2, id, name, code, CAST(NULL AS TEXT), CAST(NULL AS BIGINT), "
        "CAST(NULL AS {{bool}}) FROM virtual_workers "
        "ORDER BY 1, 3, 2, 4"));
    Lists lists;
    QString error;
    QSqlQuery query = db.exec(sql, {}, &error);
    if (!error.isEmpty() || !query.isActive())
        return lists;
    QHash<qint64, int> index;
    while (query.next()) {
        const qint64 id = query.value(1).toLongLong();
        switch (query.value(0).toInt()) {
        case WorkerRow: {
            auto found = index.constFind(id);
            if (found == index.cend()) {
                Worker worker;
                worker.id = id;
                worker.name = query.value(2).toString();
                worker.team = query.value(4).toString();
                worker.managerId = query.value(5).toLongLong();
                worker.active = query.value(6).toBool();
                found = index.insert(id, int(lists.workers.size()));
                lists.workers << worker;
            }
            if (!query.value(3).isNull())
                lists.workers[*found].roles << query.value(3).toString();
            break;
        }
        case TeamRow:
            lists.teams << DirectoryEntry{id, query.value(2).toString(), query.value(3).toString(),
                                          QString()};
            break;
        case VirtualWorkerRow:
            lists.virtualWorkers << DirectoryEntry{id, query.value(2).toString(), QString(),
                                                   query.value(3).toString()};
            break;
        }
    }
    lists.read = true;
    return lists;
}

Directory::Directory(const Database &db, const DefinitionRegistry &definitions, QObject *parent)
    : QObject(parent), m_db(&db), m_definitions(definitions)
{}

Directory::Directory(DatabaseThread &background, const DefinitionRegistry &definitions,
                     const WorkerIdentity &signedIn, QObject *parent)
    : QObject(parent), m_background(&background), m_definitions(definitions), m_signedIn(signedIn)
{
    load();
}

void Directory::load()
{
    if (m_loaded || m_loading)
        return;
    if (m_db) {
        take(read(*m_db));
        return;
    }
    m_loading = true;
    m_background->run([](Database &db) { return read(db); }).then(this, [this](const Lists &lists) {
        m_loading = false;
        take(lists);
    });
}

void Directory::take(const Lists &lists)
{
    if (!lists.read)
        return;
    m_lists = lists;
    for (DirectoryEntry &entry : m_lists.virtualWorkers) {
        if (const VirtualWorkerDefinition *definition = m_definitions.virtualWorker(entry.code))
            entry.detail = definition->description;
    }
    m_workerIndex.clear();
    for (int i = 0; i < m_lists.workers.size(); ++i)
        m_workerIndex.insert(m_lists.workers.at(i).id, i);
    m_loaded = true;
    emit loaded();
}

QList<DirectoryEntry> Directory::workers(const QStringList &roles) const
{
    ensureLoaded();
    QList<DirectoryEntry> filtered;
    for (const Worker &worker : m_lists.workers) {
        if (!worker.active)
            continue;
        bool matches = roles.isEmpty();
        for (const QString &role : roles)
            matches = matches || worker.roles.contains(role);
        if (!matches)
            continue;
        QStringList names;
        for (const QString &role : worker.roles)
            names << m_definitions.roleName(role);
        QStringList parts{names.join(QStringLiteral(", ")), worker.team};
        parts.removeAll(QString());
        filtered << DirectoryEntry{worker.id, worker.name, parts.join(QStringLiteral(" · ")),
                                   QString()};
    }
    return filtered;
}

QList<DirectoryEntry> Directory::teams() const
{
    ensureLoaded();
    return m_lists.teams;
}

QList<DirectoryEntry> Directory::virtualWorkers(const QStringList &codes) const
{
    ensureLoaded();
    if (codes.isEmpty())
        return m_lists.virtualWorkers;
    QList<DirectoryEntry> result;
    for (const QString &code : codes) {
        for (const DirectoryEntry &entry : m_lists.virtualWorkers) {
            if (entry.code == code)
                result << entry;
        }
    }
    return result;
}

QString Directory::workerName(qint64 workerId) const
{
    ensureLoaded();
    if (!m_loaded && workerId == m_signedIn.id)
        return m_signedIn.displayName;
    const int i = m_workerIndex.value(workerId, -1);
    return i < 0 ? QString() : m_lists.workers.at(i).name;
}

qint64 Directory::managerOf(qint64 workerId) const
{
    ensureLoaded();
    const int i = m_workerIndex.value(workerId, -1);
    return i < 0 ? 0 : m_lists.workers.at(i).managerId;
}

qint64 Directory::teamOf(qint64 workerId) const
{
    ensureLoaded();
    const int i = m_workerIndex.value(workerId, -1);
    if (i < 0)
        return 0;
    for (const DirectoryEntry &team : std::as_const(m_lists.teams)) {
        if (team.name == m_lists.workers.at(i).team)
            return team.id;
    }
    return 0;
}

} // namespace casedesk
