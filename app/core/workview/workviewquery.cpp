#include "workviewquery.h"

#include "directpayments/dpnames.h"
#include "directpayments/reportdue.h"
#include "directpayments/workingdays.h"

#include <QSqlQuery>

namespace casedesk {

namespace {

// Column names below come from these switch statements only, never from input.
QString stepAssigneeColumn(WorkviewOwner::Kind kind)
{
    switch (kind) {
    case WorkviewOwner::Kind::VirtualWorker:
        return QStringLiteral("w.assignee_virtual_worker_id");
    case WorkviewOwner::Kind::Team:
        return QStringLiteral("w.assignee_team_id");
    case WorkviewOwner::Kind::Worker:
        break;
    }
    return QStringLiteral("w.assignee_worker_id");
}

// Columns, in this order, are read by readItem().
const QString stepSelect = QStringLiteral(
    "SELECT w.id, 0, p.id, p.given_name, p.family_name, p.person_ref, w.step_type, '', "
    "COALESCE(c.display_name, ''), '', w.created_at, w.due_date, w.scheduled_for, w.status, "
    "0, COALESCE(v.name, ''), COUNT(*) OVER (), "
    // The meeting of the panel a step is on: read with the page, not a query per line (an inbox
    // of Direct Payments Panel steps has hundreds of them).
    "(SELECT pn.meeting_at FROM panel_agenda_items a JOIN panels pn ON pn.id = a.panel_id "
    "WHERE a.step_id = w.id AND a.removed_at IS NULL ORDER BY a.id DESC LIMIT 1) "
    "FROM worksteps w "
    "JOIN people p ON p.id = w.person_id "
    "LEFT JOIN workers c ON c.id = w.created_by "
    "LEFT JOIN virtual_workers v ON v.id = w.assignee_virtual_worker_id ");

const QString requestSelect = QStringLiteral(
    "SELECT r.step_id, r.id, p.id, p.given_name, p.family_name, p.person_ref, w.step_type, "
    "r.request_type, s.display_name, COALESCE(rw.display_name, v.name, ''), r.sent_at, "
    "w.due_date, w.scheduled_for, r.status, r.is_required, COALESCE(v.name, ''), COUNT(*) OVER (), "
    "NULL "
    "FROM requests r "
    "JOIN worksteps w ON w.id = r.step_id "
    "JOIN people p ON p.id = w.person_id "
    "JOIN workers s ON s.id = r.sender_worker_id "
    "LEFT JOIN workers rw ON rw.id = r.recipient_worker_id "
    "LEFT JOIN virtual_workers v ON v.id = r.recipient_virtual_worker_id ");

WorkviewItem readItem(const QSqlQuery &row, WorkviewCategory category)
{
    WorkviewItem item;
    item.category = category;
    item.stepId = row.value(0).toLongLong();
    item.requestId = row.value(1).toLongLong();
    item.personId = row.value(2).toLongLong();
    item.personName = row.value(3).toString() + QLatin1Char(' ') + row.value(4).toString();
    item.personRef = row.value(5).toString();
    item.stepType = row.value(6).toString();
    item.requestType = row.value(7).toString();
    item.from = row.value(8).toString();
    item.to = row.value(9).toString();
    item.received = row.value(10).toDateTime();
    item.due = row.value(11).toDate();
    item.scheduledFor = row.value(12).toDate();
    item.status = row.value(13).toString();
    item.required = row.value(14).toBool();
    item.virtualWorker = row.value(15).toString();
    return item;
}

} // namespace

QList<WorkviewCategory> WorkviewQuery::categoriesFor(WorkviewOwner::Kind kind)
{
    switch (kind) {
    case WorkviewOwner::Kind::Worker:
        return {WorkviewCategory::IncomingWork, WorkviewCategory::CurrentWork,
                WorkviewCategory::IncomingRequests, WorkviewCategory::SentRequests,
                WorkviewCategory::FutureWork};
    case WorkviewOwner::Kind::VirtualWorker:
        return {WorkviewCategory::IncomingWork, WorkviewCategory::CurrentWork,
                WorkviewCategory::IncomingRequests, WorkviewCategory::FutureWork};
    case WorkviewOwner::Kind::Team:
        break;
    }
    return {WorkviewCategory::IncomingWork, WorkviewCategory::CurrentWork,
            WorkviewCategory::FutureWork};
}

QString WorkviewQuery::statement(WorkviewOwner::Kind kind, WorkviewCategory category)
{
    const QString page = QStringLiteral(" LIMIT ? OFFSET ?");
    switch (category) {
    case WorkviewCategory::IncomingRequests: {
        const QString column = kind == WorkviewOwner::Kind::VirtualWorker
                                   ? QStringLiteral("r.recipient_virtual_worker_id")
                                   : QStringLiteral("r.recipient_worker_id");
        return requestSelect + QStringLiteral("WHERE ") + column +
               QStringLiteral(" = ? AND r.status = ? ORDER BY r.sent_at DESC, r.id DESC") + page;
    }
    case WorkviewCategory::SentRequests:
        return requestSelect +
               QStringLiteral("WHERE r.sender_worker_id = ? AND r.status = ? "
                              "ORDER BY r.sent_at DESC, r.id DESC") +
               page;
    case WorkviewCategory::IncomingWork:
    case WorkviewCategory::CurrentWork:
    case WorkviewCategory::FutureWork:
        break;
    }
    QString when;
    if (category == WorkviewCategory::IncomingWork)
        when = QStringLiteral(" AND (w.scheduled_for IS NULL OR w.scheduled_for <= ?)");
    else if (category == WorkviewCategory::FutureWork)
        when = QStringLiteral(" AND w.scheduled_for > ?");
    const QString order = category == WorkviewCategory::FutureWork
                              ? QStringLiteral(" ORDER BY w.scheduled_for, w.id")
                              : QStringLiteral(" ORDER BY w.created_at DESC, w.id DESC");
    return stepSelect + QStringLiteral("WHERE ") + stepAssigneeColumn(kind) +
           QStringLiteral(" = ? AND w.status = ?") + when + order + page;
}

QVariantList WorkviewQuery::bindings(const WorkviewOwner &owner, WorkviewCategory category,
                                     int limit, int offset) const
{
    QVariantList values{owner.id};
    switch (category) {
    case WorkviewCategory::IncomingWork:
        values << QStringLiteral("incoming") << m_today;
        break;
    case WorkviewCategory::FutureWork:
        values << QStringLiteral("incoming") << m_today;
        break;
    case WorkviewCategory::CurrentWork:
        values << QStringLiteral("started");
        break;
    case WorkviewCategory::IncomingRequests:
    case WorkviewCategory::SentRequests:
        values << QStringLiteral("outstanding");
        break;
    }
    values << qMax(0, limit) << qMax(0, offset);
    return values;
}

WorkviewCategoryPage WorkviewQuery::page(const WorkviewOwner &owner, WorkviewCategory category,
                                         int limit, int offset, QString *error) const
{
    WorkviewCategoryPage result;
    result.category = category;
    if (!categoriesFor(owner.kind).contains(category))
        return result;
    QSqlQuery rows =
        m_db.exec(statement(owner.kind, category), bindings(owner, category, limit, offset), error);
    QList<QVariant> panelMeetings;
    while (rows.next()) {
        result.total = rows.value(16).toInt();
        result.items << readItem(rows, category);
        panelMeetings << rows.value(17);
    }
    for (qsizetype i = 0; i < result.items.size(); ++i)
        addCountdown(result.items[i], panelMeetings.at(i));
    // Past the last page COUNT(*) OVER () has no row to ride on: count from the first page.
    if (result.items.isEmpty() && offset > 0)
        result.total = page(owner, category, 1, 0, error).total;
    return result;
}

QDate WorkviewQuery::directPaymentsDeadline(const WorkviewItem &item) const
{
    return deadline(item, std::nullopt);
}

QDate WorkviewQuery::deadline(const WorkviewItem &item,
                              const std::optional<QVariant> &panelMeeting) const
{
    static const QStringList stepTypes{
        dp::Referral,         dp::EnquiryUpdate,           dp::PanelStep,  dp::ScheduleReview,
        dp::PreMeetingReport, dp::ApprovePreMeetingReport, dp::PanelReview};
    if (item.isRequest() || !stepTypes.contains(item.stepType))
        return QDate();
    if (item.due.isValid())
        return item.due;
    if (item.stepType == dp::PanelStep || item.stepType == dp::PanelReview)
        return (panelMeeting
                    ? *panelMeeting
                    : m_db.scalar(QStringLiteral(
                                      "SELECT p.meeting_at FROM panel_agenda_items a JOIN panels p "
                                      "ON p.id = a.panel_id WHERE a.step_id = ? AND a.removed_at "
                                      "IS NULL ORDER BY a.id DESC LIMIT 1"),
                                  {item.stepId}))
            .toDateTime()
            .toLocalTime()
            .date();
    if (item.stepType != dp::PreMeetingReport && item.stepType != dp::ApprovePreMeetingReport)
        return QDate();
    return dp::preMeetingReportDueDate(m_db, item.stepId);
}

void WorkviewQuery::addCountdown(WorkviewItem &item, const QVariant &panelMeeting) const
{
    item.deadline = deadline(item, panelMeeting);
    if (!item.deadline.isValid())
        return;
    const WorkingDaysCalendar &calendar = WorkingDaysCalendar::shared();
    item.workingDaysLeft = calendar.workingDaysBetween(m_today, item.deadline);
    item.countdown = calendar.countdown(m_today, item.deadline);
}

WorkviewSection WorkviewQuery::section(const WorkviewOwner &owner, int limitPerCategory,
                                       QString *error) const
{
    WorkviewSection section;
    section.owner = owner;
    for (WorkviewCategory category : categoriesFor(owner.kind))
        section.categories << page(owner, category, limitPerCategory, 0, error);
    return section;
}

QList<WorkviewSection> WorkviewQuery::workviewOf(const WorkerIdentity &worker, int limitPerCategory,
                                                 QString *error) const
{
    QList<WorkviewSection> sections;
    if (!worker.isValid())
        return sections;
    sections << section(WorkviewOwner::worker(worker.id, worker.displayName), limitPerCategory,
                        error);
    for (const VirtualWorkerRef &inbox : worker.virtualWorkers)
        sections << section(WorkviewOwner::virtualWorker(inbox.id, inbox.name, inbox.code),
                            limitPerCategory, error);
    return sections;
}

} // namespace casedesk
