#include "timetablequery.h"

#include "dpnames.h"
#include "records/personrecordquery.h"
#include "workview/workviewquery.h"

#include <QSqlQuery>

namespace casedesk {

QList<PanelRecord> TimetableQuery::panels(const QDate &from, const QDate &to, QString *error) const
{
    QList<PanelRecord> panels;
    const QDate today = m_dp.today();
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT p.id, p.meeting_at, p.last_submission_date, p.location, "
                       "(SELECT count(*) FROM panel_agenda_items a WHERE a.panel_id = p.id AND "
                       "a.removed_at IS NULL) FROM panels p WHERE p.panel_type = ? AND "
                       "p.meeting_at >= ? AND p.meeting_at < ? ORDER BY p.meeting_at, p.id"),
        {dp::PanelType, from.startOfDay().toUTC(), to.addDays(1).startOfDay().toUTC()}, error);
    while (query.next()) {
        PanelRecord panel;
        panel.id = query.value(0).toLongLong();
        panel.meetingAt = query.value(1).toDateTime().toLocalTime();
        panel.lastSubmissionDate = query.value(2).toDate();
        panel.location = query.value(3).toString();
        panel.itemCount = query.value(4).toInt();
        panel.submissionCountdown =
            today > panel.lastSubmissionDate
                ? DirectPayments::tr("Closed for new requests")
                : m_dp.calendar().countdown(today, panel.lastSubmissionDate);
        panels << panel;
    }
    return panels;
}

QList<WorkviewItem> TimetableQuery::reviewsToSchedule(qint64 workerId, QString *error,
                                                      QHash<qint64, qint64> *allocatedWorkers) const
{
    QList<WorkviewItem> reviews;
    QSqlQuery tray =
        m_db.exec(QStringLiteral("SELECT v.id, v.name, v.code FROM virtual_worker_members m "
                                 "JOIN virtual_workers v ON v.id = m.virtual_worker_id "
                                 "WHERE m.worker_id = ? AND v.code = ?"),
                  {workerId, dp::GroupTray}, error);
    if (!tray.next())
        return reviews;
    const WorkviewOwner owner = WorkviewOwner::virtualWorker(
        tray.value(0).toLongLong(), tray.value(1).toString(), tray.value(2).toString());
    const WorkviewQuery query(m_db, m_dp.today());
    for (WorkviewCategory category :
         {WorkviewCategory::IncomingWork, WorkviewCategory::CurrentWork}) {
        for (const WorkviewItem &item :
             query.page(owner, category, WorkviewQuery::DefaultPageSize, 0, error).items) {
            if (!item.isRequest() && item.stepType == dp::ScheduleReview)
                reviews << item;
        }
    }
    if (reviews.isEmpty())
        return reviews;
    // The review date set by the panel the task comes from, and who the child is allocated to,
    // for all of them in one statement: the review is held at the panel that date falls to, and
    // the allocated worker writes the pre-meeting report.
    QStringList marks;
    QVariantList values{dp::q::ReviewDate, dp::q::NextReviewDate};
    for (const WorkviewItem &item : std::as_const(reviews)) {
        marks << QStringLiteral("?");
        values << item.stepId;
    }
    QSqlQuery dates = m_db.exec(
        QStringLiteral("SELECT s.id, p.allocated_worker_id, a.value FROM worksteps s "
                       "JOIN people p ON p.id = s.person_id "
                       "LEFT JOIN form_answers a ON a.step_id = s.from_step_id "
                       "AND a.question_id IN (?, ?) WHERE s.id IN (") +
            marks.join(QStringLiteral(", ")) + QStringLiteral(") ORDER BY s.id, a.version"),
        values, error);
    QHash<qint64, QDate> due;
    while (dates.next()) {
        const qint64 stepId = dates.value(0).toLongLong();
        if (allocatedWorkers)
            allocatedWorkers->insert(stepId, dates.value(1).toLongLong());
        const QDate date = QDate::fromString(dates.value(2).toString(), Qt::ISODate);
        if (date.isValid())
            due.insert(stepId, date); // the latest version comes last
    }
    for (WorkviewItem &item : reviews) {
        if (!item.due.isValid())
            item.due = due.value(item.stepId);
    }
    return reviews;
}

TimetableReading TimetableQuery::read(qint64 workerId, qint64 panelId) const
{
    TimetableReading reading;
    const QDate today = m_dp.today();
    QString error;
    reading.panels = panels(today.addMonths(-6), today.addYears(2), &error);
    bool known = false;
    for (const PanelRecord &panel : std::as_const(reading.panels))
        known = known || (panelId > 0 && panel.id == panelId);
    if (!known) {
        panelId = 0;
        for (const PanelRecord &panel : std::as_const(reading.panels)) {
            if (panel.meetingDate() >= today) {
                panelId = panel.id;
                break;
            }
        }
    }
    reading.agendaPanelId = panelId;
    if (error.isEmpty() && panelId > 0)
        reading.agenda = m_dp.agenda(panelId);
    if (error.isEmpty())
        reading.waiting = m_dp.waitingForPanel();
    // DirectPayments::nextPanelFor() for each waiting case, without a statement each: a panel
    // takes a case when its last submission date is on or after the day the case was submitted
    // and it has not met. (Only panels in the timetable read count: up to two years ahead.)
    for (const AgendaItem &item : std::as_const(reading.waiting)) {
        const QDate from = qMax(item.submittedOn, today);
        bool taken = false;
        for (const PanelRecord &panel : std::as_const(reading.panels))
            taken = taken ||
                    (panel.lastSubmissionDate >= item.submittedOn && panel.meetingDate() >= from);
        if (!taken) {
            reading.waitingWarning = m_dp.noPanelMessage(item.submittedOn);
            break;
        }
    }
    if (error.isEmpty())
        reading.reviews = reviewsToSchedule(workerId, &error, &reading.reviewAllocatedWorkers);
    if (PersonRecordQuery::isConnectionLost(m_db))
        reading.status = Status::failure(PersonRecordQuery::connectionLostMessage(),
                                         Status::Code::ServerUnreachable);
    else if (!error.isEmpty())
        reading.status =
            Status::failure(tr("CaseDesk could not read the timetable: %1").arg(error));
    return reading;
}

} // namespace casedesk
