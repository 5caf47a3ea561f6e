#include "directpayments.h"
#include "dpnames.h"

#include "storage/sqlvalues.h"

#include <QSqlQuery>

// The panel timetable and the agendas.

namespace casedesk {

namespace {

// Local midnight at the start of `date`, in UTC, for comparing with stored timestamps.
QDateTime startOfDayUtc(const QDate &date)
{
    return date.startOfDay().toUTC();
}

} // namespace

// --- timetable -------------------------------------------------------------------------------

PanelRecord DirectPayments::readPanel(const QString &where, const QVariantList &values) const
{
    PanelRecord panel;
    QVariantList bound{dp::PanelType};
    bound += values;
    // `where` comes from the callers in this file, never from input.
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT p.id, p.meeting_at, p.last_submission_date, p.location, "
                       "(SELECT count(*) FROM panel_agenda_items a WHERE a.panel_id = p.id AND "
                       "a.removed_at IS NULL) FROM panels p WHERE p.panel_type = ? AND ") +
            where + QStringLiteral(" ORDER BY p.last_submission_date, p.meeting_at, p.id LIMIT 1"),
        bound);
    if (!query.next())
        return panel;
    panel.id = query.value(0).toLongLong();
    panel.meetingAt = query.value(1).toDateTime().toLocalTime();
    panel.lastSubmissionDate = query.value(2).toDate();
    panel.location = query.value(3).toString();
    panel.itemCount = query.value(4).toInt();
    panel.submissionCountdown = today() > panel.lastSubmissionDate
                                    ? tr("Closed for new requests")
                                    : m_calendar.countdown(today(), panel.lastSubmissionDate);
    return panel;
}

PanelRecord DirectPayments::panel(qint64 panelId) const
{
    return readPanel(QStringLiteral("p.id = ?"), {panelId});
}

PanelRecord DirectPayments::panelOn(const QDate &date) const
{
    return readPanel(QStringLiteral("p.meeting_at >= ? AND p.meeting_at < ?"),
                     {startOfDayUtc(date), startOfDayUtc(date.addDays(1))});
}

QList<PanelRecord> DirectPayments::timetable(const QDate &from, const QDate &to) const
{
    QList<qint64> ids;
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT id FROM panels WHERE panel_type = ? AND meeting_at >= ? AND "
                       "meeting_at < ? ORDER BY meeting_at, id"),
        {dp::PanelType, startOfDayUtc(from), startOfDayUtc(to.addDays(1))});
    while (query.next())
        ids << query.value(0).toLongLong();
    QList<PanelRecord> panels;
    for (qint64 id : std::as_const(ids))
        panels << panel(id);
    return panels;
}

PanelRecord DirectPayments::nextPanelFor(const QDate &submittedOn) const
{
    // On the last submission day a request is still accepted; a panel that has already met
    // (before today) takes nothing new.
    return readPanel(QStringLiteral("p.last_submission_date >= ? AND p.meeting_at >= ?"),
                     {submittedOn, startOfDayUtc(qMax(submittedOn, today()))});
}

QString DirectPayments::noPanelMessage(const QDate &after) const
{
    return tr("There is no Direct Payments panel in the timetable after %1; ask the panel "
              "administrator to add panel dates.")
        .arg(formatDate(after));
}

Status DirectPayments::checkPanelDates(const QDateTime &meetingAt, const QDate &lastSubmissionDate,
                                       qint64 ignorePanelId) const
{
    auto invalid = [](const QString &message, const QString &field = dp::Field::MeetingAt) {
        return Status::failure(message, Status::Code::Invalid).onField(field);
    };
    if (!meetingAt.isValid())
        return invalid(tr("Enter the date and time of the panel."));
    const QDate meetingDate = meetingAt.toLocalTime().date();
    if (meetingDate < today())
        return invalid(tr("%1 has passed: a panel can only be set for today or later.")
                           .arg(formatDate(meetingDate)));
    if (!m_calendar.isWorkingDay(meetingDate))
        return invalid(tr("The panel cannot meet on %1: it is %2, not a working day.")
                           .arg(formatDate(meetingDate), m_calendar.whyNotWorkingDay(meetingDate)));
    if (!lastSubmissionDate.isValid())
        return invalid(tr("Enter the last submission date for the panel."),
                       dp::Field::LastSubmission);
    if (lastSubmissionDate >= meetingDate)
        return invalid(tr("The last submission date (%1) must be before the panel meets (%2).")
                           .arg(formatDate(lastSubmissionDate), formatDate(meetingDate)),
                       dp::Field::LastSubmission);
    if (!m_calendar.isWorkingDay(lastSubmissionDate))
        return invalid(tr("The last submission date cannot be %1: it is %2, not a working day.")
                           .arg(formatDate(lastSubmissionDate),
                                m_calendar.whyNotWorkingDay(lastSubmissionDate)),
                       dp::Field::LastSubmission);
    const PanelRecord sameDay = panelOn(meetingDate);
    if (sameDay.isValid() && sameDay.id != ignorePanelId)
        return invalid(
            tr("There is already a Direct Payments panel on %1, at %2.")
                .arg(formatDate(meetingDate), sameDay.meetingAt.toString(QStringLiteral("HH:mm"))));
    return Status::ok();
}

qint64 DirectPayments::addPanel(const QDateTime &meetingAt, const QDate &lastSubmissionDate,
                                const QString &location, const Actor &actor, Status *status)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    if (Status allowed =
            requireRole(actor, dp::PanelAdministrator, tr("change the panel timetable"));
        !allowed)
        return refuse(allowed);
    if (Status dates = checkPanelDates(meetingAt, lastSubmissionDate, 0); !dates)
        return refuse(dates);
    Transaction transaction(m_db);
    const qint64 id = m_db.insert(
        QStringLiteral("INSERT INTO panels (panel_type, meeting_at, last_submission_date, "
                       "location, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id"),
        {dp::PanelType, meetingAt.toUTC(), lastSubmissionDate,
         QString(location.isNull() ? QStringLiteral("") : location.trimmed()), actor.workerId});
    if (id <= 0)
        return refuse(failed(tr("add the panel")));
    audit(actor, QStringLiteral("add panel"), QStringLiteral("panel"), id, 0,
          tr("%1, last submission %2")
              .arg(formatDateTime(meetingAt), formatDate(lastSubmissionDate)));
    if (!transaction.commit())
        return refuse(failed(tr("add the panel")));
    if (status)
        *status = Status::ok();
    return id;
}

Status DirectPayments::movePanel(qint64 panelId, const QDateTime &meetingAt,
                                 const QDate &lastSubmissionDate, const Actor &actor)
{
    if (Status allowed =
            requireRole(actor, dp::PanelAdministrator, tr("change the panel timetable"));
        !allowed)
        return allowed;
    const PanelRecord current = panel(panelId);
    if (!current.isValid())
        return Status::failure(tr("That panel is not in the timetable."), Status::Code::NotFound);
    if (current.meetingDate() < today())
        return Status::failure(tr("This panel met on %1, so it cannot be moved.")
                                   .arg(formatDate(current.meetingDate())),
                               Status::Code::Invalid);
    const QList<AgendaItem> items = agenda(panelId);
    int decided = 0;
    QStringList tooLate;
    for (const AgendaItem &item : items) {
        if (item.panelStepStatus == StepStatus::Finished)
            ++decided;
        if (item.kind != PanelCaseKind::Review && item.submittedOn > lastSubmissionDate)
            tooLate << tr("%1 (submitted %2)").arg(item.personName, formatDate(item.submittedOn));
    }
    if (decided)
        return Status::failure(tr("The panel has already recorded the outcome of %n case(s), so "
                                  "it cannot be moved.",
                                  nullptr, decided),
                               Status::Code::Invalid);
    if (Status dates = checkPanelDates(meetingAt, lastSubmissionDate, panelId); !dates)
        return dates;
    if (!tooLate.isEmpty())
        return Status::failure(
            tr("These requests on the agenda were submitted after %1, the new last submission "
               "date: %2. Move them to another panel first.")
                .arg(formatDate(lastSubmissionDate), tooLate.join(QStringLiteral("; "))),
            Status::Code::Invalid);

    Transaction transaction(m_db);
    QString error;
    m_db.exec(QStringLiteral("UPDATE panels SET meeting_at = ?, last_submission_date = ? "
                             "WHERE id = ?"),
              {meetingAt.toUTC(), lastSubmissionDate, panelId}, &error);
    PanelRecord moved = current;
    moved.meetingAt = meetingAt.toLocalTime();
    moved.lastSubmissionDate = lastSubmissionDate;
    const QDate due = preMeetingDueDate(moved);
    for (const AgendaItem &item : items) {
        if (item.kind != PanelCaseKind::Review || !error.isEmpty())
            continue;
        // The review keeps its time of day on the panel's new date.
        const QDateTime reviewAt(moved.meetingDate(), item.reviewAt.toLocalTime().time());
        m_db.exec(QStringLiteral("UPDATE dp_panel_cases SET review_at = ? WHERE id = ?"),
                  {reviewAt.toUTC(), item.panelCaseId}, &error);
        m_db.exec(QStringLiteral("UPDATE dp_panel_cases SET report_due_on = ? WHERE id = ?"),
                  {due, item.panelCaseId}, &error);
    }
    audit(actor, QStringLiteral("move panel"), QStringLiteral("panel"), panelId, 0,
          tr("%1 (last submission %2) → %3 (last submission %4)")
              .arg(formatDateTime(current.meetingAt), formatDate(current.lastSubmissionDate),
                   formatDateTime(meetingAt), formatDate(lastSubmissionDate)));
    if (!error.isEmpty() || !transaction.commit())
        return failed(tr("move the panel"));
    emit m_engine.workChanged();
    return Status::ok();
}

// --- agendas ---------------------------------------------------------------------------------

QList<AgendaItem> DirectPayments::readAgenda(const QString &where, const QVariantList &values) const
{
    QList<AgendaItem> items;
    // `where` comes from the callers in this class, never from input.
    QSqlQuery query = m_db.exec(
        QStringLiteral(
            "SELECT a.id, a.panel_id, pn.meeting_at, a.position, a.panel_case_id, c.case_kind, "
            "c.episode_id, s.person_id, p.given_name || ' ' || p.family_name, p.person_ref, "
            "aw.display_name, t.name, c.submitted_on, c.review_at, s.id, s.step_type, s.status, "
            "a.removed_at, a.removed_reason, s.created_at, c.report_due_on "
            "FROM panel_agenda_items a JOIN panels pn ON pn.id = a.panel_id "
            "JOIN worksteps s ON s.id = a.step_id JOIN people p ON p.id = s.person_id "
            "LEFT JOIN dp_panel_cases c ON c.id = a.panel_case_id "
            "LEFT JOIN workers aw ON aw.id = p.allocated_worker_id "
            "LEFT JOIN teams t ON t.id = p.team_id WHERE pn.panel_type = ? AND ") +
            where + QStringLiteral(" ORDER BY pn.meeting_at, a.position, a.id"),
        QVariantList{dp::PanelType} + values);
    while (query.next()) {
        AgendaItem item;
        item.id = query.value(0).toLongLong();
        item.panelId = query.value(1).toLongLong();
        item.panelMeetingAt = query.value(2).toDateTime().toLocalTime();
        item.position = query.value(3).toInt();
        item.panelCaseId = query.value(4).toLongLong();
        const QString kind = query.value(5).toString();
        item.kind = kind == QLatin1String("review")         ? PanelCaseKind::Review
                    : kind == QLatin1String("brought_back") ? PanelCaseKind::BroughtBack
                                                            : PanelCaseKind::New;
        item.episodeId = query.value(6).toLongLong();
        item.personId = query.value(7).toLongLong();
        item.personName = query.value(8).toString();
        item.personRef = query.value(9).toString();
        item.workerName = query.value(10).toString();
        item.teamName = query.value(11).toString();
        item.submittedOn = query.value(12).toDate();
        item.reviewAt = query.value(13).toDateTime().toLocalTime();
        item.panelStepId = query.value(14).toLongLong();
        item.panelStepType = query.value(15).toString();
        item.panelStepStatus = query.value(16).toString();
        item.removedAt = query.value(17).toDateTime().toLocalTime();
        item.removedReason = query.value(18).toString();
        if (!item.submittedOn.isValid()) // placed by other means (demo data)
            item.submittedOn = query.value(19).toDateTime().toLocalTime().date();
        item.preMeetingDue = query.value(20).toDate();
        if (item.panelStepType == dp::PanelReview && kind.isEmpty())
            item.kind = PanelCaseKind::Review;
        items << item;
    }
    for (AgendaItem &item : items)
        completeAgendaItem(item);
    return items;
}

void DirectPayments::completeAgendaItem(AgendaItem &item) const
{
    item.kindName = kindName(item.kind);
    if (!item.episodeId)
        item.episodeId = episodeOfStep(item.panelStepId);
    if (item.panelStepStatus == StepStatus::Finished)
        item.outcome = decisionOf(item.panelStepId, item.panelStepType);
    if (item.kind != PanelCaseKind::Review)
        return;
    // The review's pre-meeting report: the latest one written for the meeting that put this
    // review on the agenda, and its manager's approval.
    const qint64 scheduleStep =
        m_db.scalar(QStringLiteral("SELECT from_step_id FROM worksteps WHERE id = ?"),
                    {item.panelStepId})
            .toLongLong();
    if (!scheduleStep)
        return;
    qint64 report = 0;
    qint64 approval = 0;
    QString reportStatus;
    QString approvalStatus;
    for (qint64 id : descendants(scheduleStep)) {
        QSqlQuery step =
            m_db.exec(QStringLiteral("SELECT step_type, status FROM worksteps WHERE id = ?"), {id});
        if (!step.next())
            continue;
        const QString type = step.value(0).toString();
        if (type == dp::PreMeetingReport) {
            report = id;
            reportStatus = step.value(1).toString();
            approval = 0;
        } else if (type == dp::ApprovePreMeetingReport && report) {
            approval = id;
            approvalStatus = step.value(1).toString();
        }
    }
    item.preMeetingStepId = report;
    if (!report)
        item.preMeetingStatus = tr("No pre-meeting report");
    else if (reportStatus == StepStatus::Incoming)
        item.preMeetingStatus = tr("Not started");
    else if (reportStatus == StepStatus::Started)
        item.preMeetingStatus = tr("Being written");
    else if (reportStatus == StepStatus::Cancelled)
        item.preMeetingStatus = tr("Cancelled");
    else if (!approval || approvalStatus != StepStatus::Finished)
        item.preMeetingStatus = tr("Awaiting manager approval");
    else if (answer(approval, dp::ApprovalForm, dp::q::ManagerApproval) == dp::Approved)
        item.preMeetingStatus = tr("Approved");
    else
        item.preMeetingStatus = tr("Returned to the worker");
    if (item.preMeetingDue.isValid() && item.preMeetingStatus != tr("Approved") &&
        item.preMeetingStatus != tr("Awaiting manager approval"))
        item.preMeetingCountdown = m_calendar.countdown(today(), item.preMeetingDue);
}

QList<AgendaItem> DirectPayments::agenda(qint64 panelId) const
{
    return readAgenda(QStringLiteral("a.panel_id = ? AND a.removed_at IS NULL"), {panelId});
}

QList<AgendaItem> DirectPayments::waitingForPanel() const
{
    QList<AgendaItem> items;
    QSqlQuery query = m_db.exec(
        QStringLiteral(
            "SELECT s.id, s.step_type, s.status, s.person_id, p.given_name || ' ' || "
            "p.family_name, p.person_ref, aw.display_name, t.name, c.id, c.case_kind, "
            "c.submitted_on, c.review_at, c.episode_id, s.created_at, c.report_due_on "
            "FROM worksteps s JOIN people p ON p.id = s.person_id "
            "LEFT JOIN dp_panel_cases c ON c.panel_step_id = s.id "
            "LEFT JOIN workers aw ON aw.id = p.allocated_worker_id "
            "LEFT JOIN teams t ON t.id = p.team_id "
            "WHERE s.step_type IN (?, ?) AND s.status IN ('incoming', 'started') AND NOT EXISTS "
            "(SELECT 1 FROM panel_agenda_items a WHERE a.step_id = s.id AND a.removed_at IS NULL) "
            "ORDER BY s.id"),
        {dp::PanelStep, dp::PanelReview});
    while (query.next()) {
        AgendaItem item;
        item.panelStepId = query.value(0).toLongLong();
        item.panelStepType = query.value(1).toString();
        item.panelStepStatus = query.value(2).toString();
        item.personId = query.value(3).toLongLong();
        item.personName = query.value(4).toString();
        item.personRef = query.value(5).toString();
        item.workerName = query.value(6).toString();
        item.teamName = query.value(7).toString();
        item.panelCaseId = query.value(8).toLongLong();
        const QString kind = query.value(9).toString();
        item.kind = kind == QLatin1String("review") || item.panelStepType == dp::PanelReview
                        ? PanelCaseKind::Review
                    : kind == QLatin1String("brought_back") ? PanelCaseKind::BroughtBack
                                                            : PanelCaseKind::New;
        item.submittedOn = query.value(10).toDate();
        if (!item.submittedOn.isValid())
            item.submittedOn = query.value(13).toDateTime().toLocalTime().date();
        item.reviewAt = query.value(11).toDateTime().toLocalTime();
        item.episodeId = query.value(12).toLongLong();
        item.preMeetingDue = query.value(14).toDate();
        items << item;
    }
    for (AgendaItem &item : items)
        completeAgendaItem(item);
    return items;
}

qint64 DirectPayments::insertPanelCase(qint64 episodeId, qint64 personId, qint64 panelStepId,
                                       PanelCaseKind kind, const QDate &submittedOn,
                                       const QDateTime &reviewAt, const QString &note,
                                       const Actor &actor, const QDate &reportDueOn)
{
    const QString kindCode = kind == PanelCaseKind::Review        ? QStringLiteral("review")
                             : kind == PanelCaseKind::BroughtBack ? QStringLiteral("brought_back")
                                                                  : QStringLiteral("new");
    return m_db.insert(
        QStringLiteral("INSERT INTO dp_panel_cases (episode_id, person_id, panel_step_id, "
                       "case_kind, submitted_on, submitted_by, submitted_as_role, review_at, "
                       "note, created_at, report_due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                       "RETURNING id"),
        {episodeId, personId, panelStepId, kindCode, submittedOn, nullableId(actor.workerId),
         actor.role,
         reviewAt.isValid() ? QVariant(reviewAt.toUTC())
                            : QVariant(QMetaType(QMetaType::QDateTime)),
         QString(note.isNull() ? QStringLiteral("") : note), utcNow(),
         reportDueOn.isValid() ? QVariant(reportDueOn) : QVariant(QMetaType(QMetaType::QDate))});
}

qint64 DirectPayments::insertAgendaItem(qint64 panelId, qint64 panelStepId, qint64 panelCaseId,
                                        const Actor &actor)
{
    const int position = m_db.scalar(QStringLiteral("SELECT COALESCE(MAX(position), 0) + 1 FROM "
                                                    "panel_agenda_items WHERE panel_id = ?"),
                                     {panelId})
                             .toInt();
    return m_db.insert(
        QStringLiteral("INSERT INTO panel_agenda_items (panel_id, step_id, position, added_at, "
                       "panel_case_id, added_by, added_as_role) VALUES (?, ?, ?, ?, ?, ?, ?) "
                       "RETURNING id"),
        {panelId, panelStepId, position, utcNow(), nullableId(panelCaseId),
         nullableId(actor.workerId), actor.role});
}

qint64 DirectPayments::placeOnNextPanel(qint64 panelStepId, const Actor &actor, Status *status)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    // Placing happens when a manager authorises (as them), or later by the administrator.
    if (!holdsRole(actor, dp::PanelAdministrator) && !holdsRole(actor, dp::Manager))
        return refuse(
            Status::failure(tr("Only a Panel Administrator can place a case on a panel's agenda."),
                            Status::Code::NotAllowed));
    const StepRecord step = m_engine.step(panelStepId);
    if (step.stepType != dp::PanelStep)
        return refuse(Status::failure(tr("Only a Direct Payments Panel task goes on the agenda "
                                         "of the next panel."),
                                      Status::Code::Invalid));
    if (step.isReadOnly())
        return refuse(Status::failure(tr("The panel has already recorded its outcome."),
                                      Status::Code::Invalid));
    for (const AgendaItem &placed :
         readAgenda(QStringLiteral("a.step_id = ? AND a.removed_at IS NULL"), {panelStepId}))
        return refuse(Status::failure(tr("This case is already on the agenda of the panel of %1.")
                                          .arg(formatDateTime(placed.panelMeetingAt)),
                                      Status::Code::Invalid));
    QSqlQuery existing =
        m_db.exec(QStringLiteral("SELECT id, submitted_on, episode_id FROM dp_panel_cases WHERE "
                                 "panel_step_id = ?"),
                  {panelStepId});
    qint64 caseId = 0;
    QDate submittedOn = step.createdAt.toLocalTime().date();
    qint64 episodeId = episodeOfStep(panelStepId);
    if (existing.next()) {
        caseId = existing.value(0).toLongLong();
        submittedOn = existing.value(1).toDate();
        episodeId = existing.value(2).toLongLong();
    }
    if (!episodeId)
        return refuse(Status::failure(tr("This task is not part of a Direct Payments episode."),
                                      Status::Code::Invalid));
    const PanelRecord next = nextPanelFor(submittedOn);
    if (!next.isValid())
        return refuse(Status::failure(noPanelMessage(submittedOn), Status::Code::NotFound));
    Transaction transaction(m_db);
    if (!caseId)
        caseId = insertPanelCase(episodeId, step.personId, panelStepId, PanelCaseKind::New,
                                 submittedOn, QDateTime(), QString(), actor);
    const qint64 item = caseId > 0 ? insertAgendaItem(next.id, panelStepId, caseId, actor) : -1;
    if (item <= 0)
        return refuse(failed(tr("place the case on the agenda")));
    audit(actor, QStringLiteral("place on agenda"), QStringLiteral("panel"), next.id, step.personId,
          tr("%1 submitted %2").arg(step.stepType, formatDate(submittedOn)));
    if (!transaction.commit())
        return refuse(failed(tr("place the case on the agenda")));
    if (status)
        *status = Status::ok();
    return item;
}

qint64 DirectPayments::moveToPanel(qint64 agendaItemId, qint64 panelId, const QString &reason,
                                   const Actor &actor, Status *status)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    if (Status allowed =
            requireRole(actor, dp::PanelAdministrator, tr("move a case to another panel"));
        !allowed)
        return refuse(allowed);
    const QList<AgendaItem> found =
        readAgenda(QStringLiteral("a.id = ? AND a.removed_at IS NULL"), {agendaItemId});
    if (found.isEmpty())
        return refuse(Status::failure(tr("That case is no longer on this panel's agenda."),
                                      Status::Code::NotFound));
    const AgendaItem item = found.first();
    if (item.panelStepStatus == StepStatus::Finished)
        return refuse(Status::failure(
            tr("The panel has already recorded the outcome for %1, so the case cannot be moved.")
                .arg(item.personName),
            Status::Code::Invalid));
    const PanelRecord target = panel(panelId);
    if (!target.isValid())
        return refuse(
            Status::failure(tr("That panel is not in the timetable."), Status::Code::NotFound));
    if (target.id == item.panelId)
        return refuse(Status::failure(tr("The case is already on that panel's agenda."),
                                      Status::Code::Invalid));
    if (target.meetingDate() < today())
        return refuse(Status::failure(
            tr("The panel of %1 has already met.").arg(formatDate(target.meetingDate())),
            Status::Code::Invalid));
    if (item.kind != PanelCaseKind::Review && item.submittedOn > target.lastSubmissionDate)
        return refuse(Status::failure(
            tr("%1's request was submitted on %2, after the last submission date for the panel "
               "of %3 (%4).")
                .arg(item.personName, formatDate(item.submittedOn),
                     formatDate(target.meetingDate()), formatDate(target.lastSubmissionDate)),
            Status::Code::Invalid));
    if (reason.trimmed().isEmpty())
        return refuse(Status::failure(
            tr("Give a reason for moving the case, so the worker and the family know why."),
            Status::Code::Invalid));

    Transaction transaction(m_db);
    QString error;
    m_db.exec(QStringLiteral("UPDATE panel_agenda_items SET removed_at = ?, removed_by = ?, "
                             "removed_reason = ? WHERE id = ? AND removed_at IS NULL"),
              {utcNow(), actor.workerId, reason.trimmed(), agendaItemId}, &error);
    const qint64 moved = insertAgendaItem(target.id, item.panelStepId, item.panelCaseId, actor);
    if (item.kind == PanelCaseKind::Review && item.panelCaseId) {
        const QDateTime reviewAt(target.meetingDate(), item.reviewAt.time());
        m_db.exec(QStringLiteral("UPDATE dp_panel_cases SET review_at = ? WHERE id = ?"),
                  {reviewAt.toUTC(), item.panelCaseId}, &error);
        m_db.exec(QStringLiteral("UPDATE dp_panel_cases SET report_due_on = ? WHERE id = ?"),
                  {preMeetingDueDate(target), item.panelCaseId}, &error);
    }
    audit(actor, QStringLiteral("move on agenda"), QStringLiteral("panel"), target.id,
          item.personId,
          tr("from the panel of %1: %2").arg(formatDate(item.panelMeetingAt.date()), reason));
    if (moved <= 0 || !error.isEmpty() || !transaction.commit())
        return refuse(failed(tr("move the case")));
    emit m_engine.workChanged();
    if (status)
        *status = Status::ok();
    return moved;
}

qint64 DirectPayments::bringBackToPanel(qint64 episodeId, qint64 panelId, const QString &reason,
                                        const Actor &actor, Status *status)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    if (Status allowed =
            requireRole(actor, dp::PanelAdministrator, tr("bring a case back to panel"));
        !allowed)
        return refuse(allowed);
    const EpisodeRecord record = episode(episodeId);
    if (!record.id || record.episodeType != dp::EpisodeType)
        return refuse(Status::failure(tr("That Direct Payments episode is not on the record."),
                                      Status::Code::NotFound));
    if (!record.isOpen())
        return refuse(Status::failure(
            tr("This Direct Payments episode ended on %1.").arg(formatDate(record.endDate)),
            Status::Code::Invalid));
    // The latest panel decision of the episode must be a decline or another suggestion, and
    // nothing of the episode may be waiting for a panel already.
    qint64 lastDecision = 0;
    QString lastType;
    for (qint64 id : episodeSteps(episodeId)) {
        const StepRecord step = m_engine.step(id);
        if (step.stepType != dp::PanelStep && step.stepType != dp::PanelReview)
            continue;
        if (!step.isReadOnly())
            return refuse(
                Status::failure(tr("%1 is already waiting for a panel.").arg(record.personName),
                                Status::Code::Invalid));
        if (step.status == StepStatus::Finished) {
            lastDecision = id;
            lastType = step.stepType;
        }
    }
    const QString outcome = lastDecision ? decisionOf(lastDecision, lastType) : QString();
    if (outcome != dp::Declined && outcome != dp::AnotherSuggestion)
        return refuse(Status::failure(
            tr("Only a request the panel declined, or a review where another suggestion was "
               "made, can be brought back to a later panel."),
            Status::Code::Invalid));
    if (reason.trimmed().isEmpty())
        return refuse(Status::failure(
            tr("Give the reason for bringing the case back, for example that the family do not "
               "agree with the alternative suggestions."),
            Status::Code::Invalid));
    QDate decidedAt = QDate::fromString(
        answer(lastDecision, lastType == dp::PanelStep ? dp::PanelForm : dp::PanelReviewForm,
               dp::q::PanelDate),
        Qt::ISODate);
    if (!decidedAt.isValid())
        decidedAt = m_engine.step(lastDecision).finishedAt.toLocalTime().date();
    const PanelRecord target = panelId > 0 ? panel(panelId) : nextPanelFor(today());
    if (!target.isValid())
        return refuse(Status::failure(panelId > 0 ? tr("That panel is not in the timetable.")
                                                  : noPanelMessage(today()),
                                      Status::Code::NotFound));
    if (target.meetingDate() <= decidedAt || target.meetingDate() < today())
        return refuse(
            Status::failure(tr("Choose a later panel: the case was discussed at the panel of %1.")
                                .arg(formatDate(decidedAt)),
                            Status::Code::Invalid));

    Transaction transaction(m_db);
    Status created;
    const qint64 stepId = m_engine.createEpisodeStep(
        record.personId, episodeId, dp::PanelStep,
        Assignee::virtualWorker(
            m_db.scalar(QStringLiteral("SELECT id FROM virtual_workers WHERE code = ?"),
                        {dp::GroupTray})
                .toLongLong()),
        0, actor, &created);
    if (stepId <= 0)
        return refuse(created.isOk() ? failed(tr("bring the case back")) : created);
    const qint64 caseId =
        insertPanelCase(episodeId, record.personId, stepId, PanelCaseKind::BroughtBack, today(),
                        QDateTime(), reason.trimmed(), actor);
    const qint64 item = caseId > 0 ? insertAgendaItem(target.id, stepId, caseId, actor) : -1;
    if (item <= 0)
        return refuse(failed(tr("bring the case back")));
    audit(actor, QStringLiteral("bring back to panel"), QStringLiteral("episode"), episodeId,
          record.personId,
          tr("to the panel of %1: %2").arg(formatDate(target.meetingDate()), reason.trimmed()));
    if (!transaction.commit())
        return refuse(failed(tr("bring the case back")));
    emit m_engine.workChanged();
    if (status)
        *status = Status::ok();
    return stepId;
}

Status DirectPayments::openAgendaItem(qint64 agendaItemId, const Actor &actor)
{
    if (Status allowed =
            requireRole(actor, dp::PanelAdministrator, tr("record the panel's discussion"));
        !allowed)
        return allowed;
    const QList<AgendaItem> found = readAgenda(QStringLiteral("a.id = ?"), {agendaItemId});
    if (found.isEmpty())
        return Status::failure(tr("That case is not on the agenda."), Status::Code::NotFound);
    const AgendaItem &item = found.first();
    if (item.removedAt.isValid())
        return Status::failure(
            tr("This case was moved to another panel: %1").arg(item.removedReason),
            Status::Code::Invalid);
    const StepRecord step = m_engine.step(item.panelStepId);
    if (step.status == StepStatus::Incoming) {
        if (Status started = m_engine.startStep(step.id, actor); !started)
            return started;
    } else if (Status resumed = m_engine.resumeStep(step.id, actor); !resumed) {
        return resumed;
    }
    if (step.isReadOnly())
        return Status::ok();
    const QString form = step.stepType == dp::PanelReview ? dp::PanelReviewForm : dp::PanelForm;
    if (answer(step.id, form, dp::q::PanelDate).isEmpty())
        return m_engine.saveAnswers(
            step.id, form, {{dp::q::PanelDate, item.panelMeetingAt.date().toString(Qt::ISODate)}},
            actor);
    return Status::ok();
}

} // namespace casedesk
