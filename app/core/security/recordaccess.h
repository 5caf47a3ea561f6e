#pragma once

#include "domain/status.h"
#include "storage/database.h"
#include "workflow/records.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

namespace casedesk {

// One opening of a person's record.
struct RecordView
{
    QDateTime viewedAt;
    qint64 workerId = 0;
    QString username;
    QString workerName;
    QString actingRole;
};

// Reading a person's record, recorded. The screens call openPerson() whenever a person's record
// is opened. On PostgreSQL it calls the server's casedesk_open_person(id, role), which refuses a
// restricted record the worker may not see and records the opening in audit_log (action 'view')
// as the signed-in login; on SQLite (one user) it writes the same audit_log entry itself.
class RecordAccess
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::RecordAccess)

public:
    explicit RecordAccess(Database &db);

    Status openPerson(qint64 personId, const Actor &actor);
    // Who has opened the record, newest first: on PostgreSQL for the allocated worker, the
    // managers of their team and the administrators only (casedesk_record_viewers).
    // `limit` openings from `offset` (0: all of them).
    QList<RecordView> viewers(qint64 personId, Status *status = nullptr, int limit = 0,
                              int offset = 0) const;
    // The server's refusal in a driver's error, in its own words (NotAllowed).
    static Status refusal(const QString &driverError);

private:
    Database &m_db;
};

} // namespace casedesk
