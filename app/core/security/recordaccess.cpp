#include "recordaccess.h"

#include "identifiers.h"

#include "storage/sqlvalues.h"

#include <QSqlQuery>

namespace casedesk {

namespace {

bool isPostgres(const Database &db)
{
    return db.settings().backend == ConnectionSettings::Backend::Postgres;
}

// The server's own words, without the driver's decoration ("ERROR: ... (42501)").
QString serverMessage(const QString &error)
{
    const int start = error.indexOf(QLatin1String("CaseDesk refused: "));
    if (start < 0)
        return error;
    QString message = error.mid(start + 18);
    const int end = message.indexOf(QLatin1Char('\n'));
    if (end >= 0)
        message.truncate(end);
    message = message.trimmed();
    if (message.endsWith(QLatin1Char(')')) && message.contains(QLatin1String(" (")))
        message.truncate(message.lastIndexOf(QLatin1String(" (")));
    if (!message.isEmpty())
        message[0] = message.at(0).toUpper();
    return message;
}

} // namespace

RecordAccess::RecordAccess(Database &db) : m_db(db) {}

Status RecordAccess::openPerson(qint64 personId, const Actor &actor)
{
    QString error;
    if (isPostgres(m_db)) {
        QSqlQuery query = m_db.exec(QStringLiteral("SELECT id FROM casedesk_open_person(?, ?)"),
                                    {personId, security::nonNull(actor.role)}, &error);
        if (!error.isEmpty())
            return refusal(error);
        if (!query.next())
            return Status::failure(tr("This record no longer exists."), Status::Code::NotFound);
        return Status::ok();
    }
    if (!m_db.scalar(QStringLiteral("SELECT count(*) FROM people WHERE id = ?"), {personId})
             .toInt())
        return Status::failure(tr("This record no longer exists."), Status::Code::NotFound);
    m_db.exec(
        QStringLiteral("INSERT INTO audit_log (occurred_at, worker_id, acting_role, action, "
                       "entity, entity_id, person_id, details) VALUES (?, ?, ?, 'view', "
                       "'person', ?, ?, 'opened the record')"),
        {utcNow(), nullableId(actor.workerId), security::nonNull(actor.role), personId, personId},
        &error);
    if (!error.isEmpty())
        return Status::failure(tr("CaseDesk could not record that this record was opened."));
    return Status::ok();
}

Status RecordAccess::refusal(const QString &driverError)
{
    return Status::failure(serverMessage(driverError), Status::Code::NotAllowed);
}

QList<RecordView> RecordAccess::viewers(qint64 personId, Status *status, int limit,
                                        int offset) const
{
    QList<RecordView> result;
    QString error;
    // Newest first, served by an index (026_record_viewer_pages on PostgreSQL, audit_by_person
    // on SQLite): a page costs the same however many openings there were.
    QSqlQuery query =
        isPostgres(m_db)
            ? m_db.exec(QStringLiteral("SELECT viewed_at, worker_id, username, display_name, "
                                       "acting_role FROM casedesk_record_viewers(?, ?, ?)"),
                        {personId,
                         limit > 0 ? QVariant(limit) : QVariant(QMetaType::fromType<int>()),
                         offset},
                        &error)
            : m_db.exec(QStringLiteral("SELECT a.occurred_at, a.worker_id, w.username, "
                                       "w.display_name, a.acting_role FROM audit_log a LEFT JOIN "
                                       "workers w ON w.id = a.worker_id WHERE a.person_id = ? "
                                       "AND a.action = 'view' ORDER BY a.occurred_at DESC, a.id "
                                       "DESC LIMIT ? OFFSET ?"),
                        {personId, limit > 0 ? limit : -1, offset}, &error);
    if (!error.isEmpty()) {
        if (status)
            *status = Status::failure(serverMessage(error), Status::Code::NotAllowed);
        return result;
    }
    while (query.next()) {
        RecordView view;
        view.viewedAt = query.value(0).toDateTime();
        view.workerId = query.value(1).toLongLong();
        view.username = query.value(2).toString();
        view.workerName = query.value(3).toString();
        view.actingRole = query.value(4).toString();
        result << view;
    }
    if (status)
        *status = Status::ok();
    return result;
}

} // namespace casedesk
