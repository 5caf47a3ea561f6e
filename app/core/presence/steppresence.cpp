#include "steppresence.h"

#include "storage/sqlvalues.h"

#include <QSqlQuery>

namespace casedesk {

// Times are the database's own (on PostgreSQL its trigger stamps them whatever is sent), so a
// client with a wrong clock neither hides others nor lingers itself.
Status StepPresence::enter(qint64 stepId, const Actor &actor)
{
    const QString now = m_db.dialect().nowExpression();
    QString error;
    // Both SQLite (3.24+) and PostgreSQL understand this upsert.
    m_db.exec(QStringLiteral("INSERT INTO step_presence (step_id, worker_id, acting_role, "
                             "opened_at, seen_at) VALUES (?, ?, COALESCE(?, ''), ") %
                  now % QStringLiteral(", ") % now %
                  QStringLiteral(") ON CONFLICT (step_id, worker_id) DO UPDATE SET "
                                 "acting_role = excluded.acting_role, seen_at = excluded.seen_at"),
              {stepId, actor.workerId, actor.role}, &error);
    if (!error.isEmpty())
        return Status::failure(tr("Could not record that you have this step open: %1").arg(error));
    return Status::ok();
}

void StepPresence::touch(const QList<qint64> &stepIds, qint64 workerId)
{
    const QString sql = QStringLiteral("UPDATE step_presence SET seen_at = ") %
                        m_db.dialect().nowExpression() %
                        QStringLiteral(" WHERE step_id = ? AND worker_id = ?");
    for (qint64 stepId : stepIds)
        m_db.exec(sql, {stepId, workerId});
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
                                 "WHERE p.step_id = ? AND p.worker_id <> ? AND p.seen_at > ") %
                      m_db.dialect().secondsAgoExpression() %
                      QStringLiteral(" ORDER BY p.opened_at, w.display_name"),
                  {stepId, workerId, staleAfterSeconds});
    while (query.next()) {
        QDateTime openedAt = query.value(3).toDateTime();
        openedAt.setTimeSpec(Qt::UTC);
        visitors << StepVisitor{query.value(0).toLongLong(), query.value(1).toString(),
                                query.value(2).toString(), openedAt};
    }
    return visitors;
}

} // namespace casedesk
