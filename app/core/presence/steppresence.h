#pragma once

#include "domain/status.h"
#include "storage/database.h"
#include "workflow/records.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

namespace casedesk {

// Someone else who has a step open now.
struct StepVisitor
{
    qint64 workerId = 0;
    QString workerName;
    QString actingRole;
    QDateTime openedAt; // UTC
};

// "Who else has this step open": each client records the steps it has open, touches them while
// they stay open (every TouchIntervalSeconds) and forgets them on close or sign-out. A row not
// touched for `staleAfterSeconds`, by the database's clock, belongs to a client that crashed or
// lost its connection and is not shown. On PostgreSQL a worker writes only their own rows
// (008_step_presence.postgres.sql) and the server hides another's row as soon as the connection
// that wrote it ends, or 90 s after its last touch (011_presence_expiry.postgres.sql).
class StepPresence
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::StepPresence)

public:
    static constexpr int TouchIntervalSeconds = 30;
    static constexpr int DefaultStaleAfterSeconds = 3 * TouchIntervalSeconds;

    explicit StepPresence(Database &db) : m_db(db) {}

    // Records (or refreshes) that `actor` has the step open.
    Status enter(qint64 stepId, const Actor &actor);
    // Keeps every listed step marked open; one statement per step, cheap enough for a timer.
    void touch(const QList<qint64> &stepIds, qint64 workerId);
    void leave(qint64 stepId, qint64 workerId);
    // Who else has the step open, earliest first.
    QList<StepVisitor> others(qint64 stepId, qint64 workerId,
                              int staleAfterSeconds = DefaultStaleAfterSeconds) const;

private:
    Database &m_db;
};

} // namespace casedesk
