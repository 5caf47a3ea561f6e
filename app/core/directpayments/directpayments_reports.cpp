#include "directpayments.h"
#include "dpnames.h"

#include <QMap>
#include <QSqlQuery>
#include <algorithm>

// Reports: a panel's agenda, reviews due and overdue, decline reasons by month and by team.

namespace casedesk {

ReportTable DirectPayments::agendaReport(qint64 panelId) const
{
    const PanelRecord record = panel(panelId);
    ReportTable table;
    table.title =
        tr("Agenda of the Direct Payments Panel of %1").arg(formatDateTime(record.meetingAt));
    table.header = QStringList{tr("Item"),      tr("Child"),          tr("Reference"),
                               tr("Case"),      tr("Worker"),         tr("Team"),
                               tr("Submitted"), tr("Review meeting"), tr("Pre-meeting report"),
                               tr("Outcome")};
    for (const AgendaItem &item : agenda(panelId))
        table.rows << QStringList{QString::number(item.position),
                                  item.personName,
                                  item.personRef,
                                  item.kindName,
                                  item.workerName,
                                  item.teamName,
                                  formatDate(item.submittedOn),
                                  formatDateTime(item.reviewAt),
                                  item.preMeetingStatus,
                                  item.outcome};
    return table;
}

QList<ReviewDue> DirectPayments::reviewsDue(const QDate &asOf, int withinWorkingDays) const
{
    QList<ReviewDue> result;
    QList<qint64> episodeIds;
    QSqlQuery open = m_db.exec(QStringLiteral("SELECT id FROM episodes WHERE episode_type = ? "
                                              "AND end_date IS NULL ORDER BY id"),
                               {dp::EpisodeType});
    while (open.next())
        episodeIds << open.value(0).toLongLong();
    const QDate horizon = m_calendar.addWorkingDays(asOf, withinWorkingDays);
    for (qint64 episodeId : std::as_const(episodeIds)) {
        // The review date set by the latest decision (Agreed at panel, or Continue at review),
        // and a review meeting scheduled and not yet held.
        QDate reviewDate;
        QDateTime meetingAt;
        for (qint64 stepId : episodeSteps(episodeId)) {
            const StepRecord step = m_engine.step(stepId);
            if (step.stepType == dp::PanelStep && step.status == StepStatus::Finished) {
                reviewDate =
                    decisionOf(stepId, step.stepType) == dp::Agreed
                        ? QDate::fromString(answer(stepId, dp::PanelForm, dp::q::ReviewDate),
                                            Qt::ISODate)
                        : QDate();
                meetingAt = QDateTime();
            } else if (step.stepType == dp::PanelReview) {
                if (step.status == StepStatus::Finished) {
                    reviewDate = decisionOf(stepId, step.stepType) == dp::Continue
                                     ? QDate::fromString(answer(stepId, dp::PanelReviewForm,
                                                                dp::q::NextReviewDate),
                                                         Qt::ISODate)
                                     : QDate();
                    meetingAt = QDateTime();
                } else if (!step.isReadOnly()) {
                    meetingAt = m_db.scalar(QStringLiteral("SELECT review_at FROM dp_panel_cases "
                                                           "WHERE panel_step_id = ?"),
                                            {stepId})
                                    .toDateTime()
                                    .toLocalTime();
                    if (!reviewDate.isValid())
                        reviewDate = meetingAt.date(); // an existing payment's first review
                }
            }
        }
        if (!reviewDate.isValid())
            continue;
        ReviewDue due;
        due.reviewDate = reviewDate;
        due.meetingAt = meetingAt;
        due.workingDays = m_calendar.workingDaysBetween(asOf, reviewDate);
        if (meetingAt.isValid())
            due.status = tr("Scheduled");
        else if (reviewDate < asOf)
            due.status = tr("Overdue");
        else if (reviewDate <= horizon)
            due.status = tr("Due");
        else
            continue;
        due.countdown = m_calendar.countdown(asOf, reviewDate);
        QSqlQuery who =
            m_db.exec(QStringLiteral("SELECT e.person_id, p.given_name || ' ' || p.family_name, "
                                     "p.person_ref, w.display_name, t.name FROM episodes e "
                                     "JOIN people p ON p.id = e.person_id "
                                     "LEFT JOIN workers w ON w.id = p.allocated_worker_id "
                                     "LEFT JOIN teams t ON t.id = p.team_id WHERE e.id = ?"),
                      {episodeId});
        who.next();
        due.episodeId = episodeId;
        due.personId = who.value(0).toLongLong();
        due.personName = who.value(1).toString();
        due.personRef = who.value(2).toString();
        due.workerName = who.value(3).toString();
        due.teamName = who.value(4).toString();
        result << due;
    }
    std::stable_sort(result.begin(), result.end(), [](const ReviewDue &a, const ReviewDue &b) {
        return a.reviewDate != b.reviewDate ? a.reviewDate < b.reviewDate
                                            : a.personName < b.personName;
    });
    return result;
}

ReportTable DirectPayments::reviewsDueReport(const QDate &asOf, int withinWorkingDays) const
{
    ReportTable table;
    table.title = tr("Direct Payments reviews due and overdue on %1").arg(formatDate(asOf));
    table.header =
        QStringList{tr("Child"),       tr("Reference"), tr("Worker"),       tr("Team"),
                    tr("Review date"), tr("Status"),    tr("Working days"), tr("Review meeting")};
    for (const ReviewDue &due : reviewsDue(asOf, withinWorkingDays))
        table.rows << QStringList{due.personName,
                                  due.personRef,
                                  due.workerName,
                                  due.teamName,
                                  formatDate(due.reviewDate),
                                  due.status,
                                  QString::number(due.workingDays),
                                  formatDateTime(due.meetingAt)};
    return table;
}

QList<DirectPayments::Declined> DirectPayments::declinedRequests(const QDate &from,
                                                                 const QDate &to) const
{
    QList<Declined> result;
    QSqlQuery query =
        m_db.exec(QStringLiteral("SELECT s.id, t.name, s.finished_at FROM worksteps s "
                                 "JOIN people p ON p.id = s.person_id "
                                 "LEFT JOIN teams t ON t.id = p.team_id "
                                 "WHERE s.step_type = ? AND s.status = 'finished' ORDER BY s.id"),
                  {dp::PanelStep});
    QList<QPair<qint64, QPair<QString, QDate>>> steps;
    while (query.next())
        steps << qMakePair(
            query.value(0).toLongLong(),
            qMakePair(query.value(1).toString(), query.value(2).toDateTime().toLocalTime().date()));
    for (const auto &step : std::as_const(steps)) {
        if (answer(step.first, dp::PanelForm, dp::q::PanelOutcome) != dp::Declined)
            continue;
        QDate panelDate =
            QDate::fromString(answer(step.first, dp::PanelForm, dp::q::PanelDate), Qt::ISODate);
        if (!panelDate.isValid())
            panelDate = step.second.second;
        if (panelDate < from || panelDate > to)
            continue;
        const QString team = step.second.first.isEmpty() ? tr("No team") : step.second.first;
        result << Declined{step.first, panelDate, team,
                           answer(step.first, dp::PanelForm, dp::q::DeclineReason)};
    }
    return result;
}

namespace {

QList<DeclineReasonCount> countBy(const QList<QPair<QString, QString>> &groupAndReason)
{
    QMap<QPair<QString, QString>, int> counts;
    for (const auto &key : groupAndReason)
        ++counts[key];
    QList<DeclineReasonCount> result;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        result << DeclineReasonCount{it.key().first, it.key().second, it.value()};
    return result;
}

} // namespace

QList<DeclineReasonCount> DirectPayments::declineReasonsByMonth(const QDate &from,
                                                                const QDate &to) const
{
    QList<QPair<QString, QString>> keys;
    for (const Declined &declined : declinedRequests(from, to))
        keys << qMakePair(declined.panelDate.toString(QStringLiteral("yyyy-MM")), declined.reason);
    return countBy(keys);
}

QList<DeclineReasonCount> DirectPayments::declineReasonsByTeam(const QDate &from,
                                                               const QDate &to) const
{
    QList<QPair<QString, QString>> keys;
    for (const Declined &declined : declinedRequests(from, to))
        keys << qMakePair(declined.team, declined.reason);
    return countBy(keys);
}

ReportTable DirectPayments::declineReasonsByMonthReport(const QDate &from, const QDate &to) const
{
    ReportTable table;
    table.title = tr("Direct Payments decline reasons by month, %1 to %2")
                      .arg(formatDate(from), formatDate(to));
    table.header = QStringList{tr("Month"), tr("Decline reason"), tr("Declined")};
    for (const DeclineReasonCount &count : declineReasonsByMonth(from, to))
        table.rows << QStringList{count.group, count.reason, QString::number(count.count)};
    return table;
}

ReportTable DirectPayments::declineReasonsByTeamReport(const QDate &from, const QDate &to) const
{
    ReportTable table;
    table.title = tr("Direct Payments decline reasons by team, %1 to %2")
                      .arg(formatDate(from), formatDate(to));
    table.header = QStringList{tr("Team"), tr("Decline reason"), tr("Declined")};
    for (const DeclineReasonCount &count : declineReasonsByTeam(from, to))
        table.rows << QStringList{count.group, count.reason, QString::number(count.count)};
    return table;
}

} // namespace casedesk
