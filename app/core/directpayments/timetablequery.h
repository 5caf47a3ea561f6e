#pragma once

#include "directpayments.h"
#include "workview/workviewitem.h"

namespace casedesk {

// What the panel administrator's timetable shows, read in one request on the database thread.
struct TimetableReading
{
    QList<PanelRecord> panels; // from six months ago to two years ahead, in date order
    qint64 agendaPanelId = 0;  // the panel whose agenda was read (0: none)
    QList<AgendaItem> agenda;
    QList<AgendaItem> waiting; // cases waiting for a panel
    QString waitingWarning;    // why a waiting case goes on no panel (empty: every one can)
    // Schedule Direct Payments Review tasks in the Group tray; each one's `due` is the review
    // date the panel set (DP-PANEL's Review date, DP-PANEL-REVIEW's Next review date).
    QList<WorkviewItem> reviews;
    QHash<qint64, qint64> reviewAllocatedWorkers; // step id -> the child's allocated worker
    Status status;                                // ok, or why the timetable could not be read
};

// Reads the timetable for PanelTimetableView: the panels in one statement (not one per panel),
// the selected panel's agenda, the waiting cases and the reviews to schedule.
class TimetableQuery
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::TimetableQuery)

public:
    // `dp` works on `db` (its clock says what today is).
    TimetableQuery(const Database &db, const DirectPayments &dp) : m_db(db), m_dp(dp) {}

    // `panelId`: the panel whose agenda to read; when it is not in the timetable, the first
    // panel that has not met. `workerId`: whose Group tray membership shows the reviews.
    TimetableReading read(qint64 workerId, qint64 panelId) const;
    // Direct Payments panels meeting from `from` to `to` (inclusive), in date order, as
    // DirectPayments::timetable() gives them.
    QList<PanelRecord> panels(const QDate &from, const QDate &to, QString *error = nullptr) const;
    // The Schedule Direct Payments Review tasks (incoming and started) in the Direct Payments
    // Group tray, when the worker is one of its members, with the review date each is due on
    // (in `due`) and, in `allocatedWorkers`, each child's allocated worker.
    QList<WorkviewItem> reviewsToSchedule(qint64 workerId, QString *error = nullptr,
                                          QHash<qint64, qint64> *allocatedWorkers = nullptr) const;

private:
    const Database &m_db;
    const DirectPayments &m_dp;
};

} // namespace casedesk
