#include "workerdirectory.h"

#include <QHash>
#include <algorithm>

namespace casedesk {

namespace {

const QString selectWorkers = QStringLiteral(
    "SELECT w.id, w.username, w.display_name, w.job_title, w.team_id, COALESCE(t.name, '') "
    "FROM workers w LEFT JOIN teams t ON t.id = w.team_id ");

WorkerIdentity fromRow(const QSqlQuery &row)
{
    WorkerIdentity worker;
    worker.id = row.value(0).toLongLong();
    worker.username = row.value(1).toString();
    worker.displayName = row.value(2).toString();
    worker.jobTitle = row.value(3).toString();
    worker.teamId = row.value(4).toLongLong();
    worker.teamName = row.value(5).toString();
    return worker;
}

} // namespace

void WorkerDirectory::sortRoles(QStringList *roles)
{
    static const QStringList order{
        QStringLiteral("social_worker"),
        QStringLiteral("ps_manager"),
        QStringLiteral("panel"),
        QStringLiteral("panel_administrator"),
        QStringLiteral("dp_officer"),
        QStringLiteral("home_staff"),
        QStringLiteral("commissioning_officer"),
        QStringLiteral("supervising_social_worker"),
        QStringLiteral("duty_desk"),
    };
    std::stable_sort(roles->begin(), roles->end(), [](const QString &a, const QString &b) {
        const auto rank = [](const QString &role) {
            const qsizetype index = order.indexOf(role);
            return index < 0 ? order.size() : index;
        };
        return rank(a) < rank(b);
    });
}

WorkerIdentity WorkerDirectory::identity(qint64 workerId) const
{
    return load(QStringLiteral("WHERE w.id = ?"), workerId);
}

WorkerIdentity WorkerDirectory::identityByUsername(const QString &username) const
{
    return load(QStringLiteral("WHERE lower(w.username) = lower(?)"), username.trimmed());
}

WorkerIdentity WorkerDirectory::load(const QString &where, const QVariant &key) const
{
    QSqlQuery row = m_db.exec(selectWorkers + where, {key});
    if (!row.next())
        return {};
    WorkerIdentity worker = fromRow(row);

    QSqlQuery roles =
        m_db.exec(QStringLiteral("SELECT role FROM worker_roles WHERE worker_id = ? ORDER BY role"),
                  {worker.id});
    while (roles.next())
        worker.roles << roles.value(0).toString();
    sortRoles(&worker.roles);

    QSqlQuery memberships =
        m_db.exec(QStringLiteral("SELECT v.id, v.code, v.name FROM virtual_worker_members m "
                                 "JOIN virtual_workers v ON v.id = m.virtual_worker_id "
                                 "WHERE m.worker_id = ? ORDER BY v.name"),
                  {worker.id});
    while (memberships.next())
        worker.virtualWorkers << VirtualWorkerRef{memberships.value(0).toLongLong(),
                                                  memberships.value(1).toString(),
                                                  memberships.value(2).toString()};
    return worker;
}

QList<WorkerIdentity> WorkerDirectory::activeWorkers(int limit) const
{
    QList<WorkerIdentity> workers;
    QHash<qint64, qsizetype> indexById;
    QSqlQuery rows =
        m_db.exec(selectWorkers + QStringLiteral("WHERE w.is_active = ? "
                                                 "ORDER BY w.display_name, w.id LIMIT ?"),
                  {true, limit});
    while (rows.next()) {
        indexById.insert(rows.value(0).toLongLong(), workers.size());
        workers << fromRow(rows);
    }
    QSqlQuery roles = m_db.exec(QStringLiteral("SELECT r.worker_id, r.role FROM worker_roles r "
                                               "JOIN workers w ON w.id = r.worker_id "
                                               "WHERE w.is_active = ? ORDER BY r.role"),
                                {true});
    while (roles.next()) {
        const auto found = indexById.constFind(roles.value(0).toLongLong());
        if (found != indexById.constEnd())
            workers[*found].roles << roles.value(1).toString();
    }
    QSqlQuery memberships = m_db.exec(
        QStringLiteral("SELECT m.worker_id, v.id, v.code, v.name FROM virtual_worker_members m "
                       "JOIN virtual_workers v ON v.id = m.virtual_worker_id "
                       "JOIN workers w ON w.id = m.worker_id "
                       "WHERE w.is_active = ? ORDER BY v.name"),
        {true});
    while (memberships.next()) {
        const auto found = indexById.constFind(memberships.value(0).toLongLong());
        if (found != indexById.constEnd())
            workers[*found].virtualWorkers << VirtualWorkerRef{memberships.value(1).toLongLong(),
                                                               memberships.value(2).toString(),
                                                               memberships.value(3).toString()};
    }
    for (WorkerIdentity &worker : workers)
        sortRoles(&worker.roles);
    return workers;
}

} // namespace casedesk
