#include "steppresence.h"

#include "storage/sqlvalues.h"

#include <QSqlQuery>

namespace casedesk {

Status StepPresence::enter(qint64 stepId, const Actor &actor)
{
    const QDateTime now = utcNow();
    QString error;
    // Both SQLite (3.24+) and PostgreSQL understand this upsert.
    m_db.exec(QStringLiteral("INSERT INTO step_presence (step_id, worker_id, acting_role, "
                             "opened_at, seen_at) VALUES (?, ?, COALESCE(?, ''), ?, ?) "
                             "ON CONFLICT (step_id, worker_id) DO UPDATE SET "
                             "acting_role = excluded.acting_role, seen_at = excluded.seen_at"),
              {stepId, actor.workerId, actor.role, now, now}, &error);
    if (!error.isEmpty())
        return Status::failure(tr("Could not record that you have this step open: %1").arg(error));
    return Status::ok();
}

void StepPresence::touch(const QList<qint64> &stepIds, qint64 workerId)
{
    const QDateTime now = utcNow();
    for (qint64 stepId : stepIds)
        m_db.exec(QStringLiteral(
                      "UPDATE step_presence SET seen_at = ? WHERE step_id = ? AND worker_id = ?"),
                  {now, stepId, workerId});
}

void StepPresence::leave(qint64 stepId, qint64 workerId)
{
    m_db.exec(QStringLiteral("DELETE FROM step_presence WHERE step_id = ? AND worker_id = ?"),
              {stepId, workerId});
}

QList<StepVisitor> StepPresence::others(qint64 stepId, qint64 workerId, int staleAfterSeconds) const
{
    QList<StepVisitor> visitors;
    QSqlQuery query =
        m_db.exec(QStringLiteral("SELECT p.worker_id, w.display_name, p.acting_role, p.opened_at "
                                 "FROM step_presence p JOIN workers w ON w.id = p.worker_id "
                                 "WHERE p.step_id = ? AND p.worker_id <> ? AND p.seen_at > ? "
                                 "ORDER BY p.opened_at, w.display_name"),
                  {stepId, workerId, utcNow().addSecs(-staleAfterSeconds)});
    while (query.next()) {
        QDateTime openedAt = query.value(3).toDateTime();
        openedAt.setTimeSpec(Qt::UTC);
        visitors << StepVisitor{query.value(0).toLongLong(), query.value(1).toString(),
                                query.value(2).toString(), openedAt};
    }
    return visitors;
}

} // namespace casedesk
