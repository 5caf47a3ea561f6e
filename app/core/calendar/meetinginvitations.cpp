#include "meetinginvitations.h"

#include "storage/sqlvalues.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTimeZone>
#include <algorithm>

namespace casedesk {

namespace {

QString londonDate(const QDateTime &time)
{
    return time.toTimeZone(QTimeZone("Europe/London")).toString(QStringLiteral("dd-MM-yyyy"));
}

QString caseKindName(const QString &kind)
{
    if (kind == QLatin1String("review"))
        return MeetingInvitations::tr("Review");
    if (kind == QLatin1String("brought_back"))
        return MeetingInvitations::tr("Brought back");
    return MeetingInvitations::tr("New request");
}

bool sameMoment(const QDateTime &a, const QDateTime &b)
{
    return a.toUTC().toSecsSinceEpoch() == b.toUTC().toSecsSinceEpoch();
}

} // namespace

MeetingInvitations::MeetingInvitations(Database &db) : m_db(db) {}

QString MeetingInvitations::kindName(MeetingKind kind)
{
    switch (kind) {
    case MeetingKind::Panel:
        return QStringLiteral("panel");
    case MeetingKind::Slot:
        return QStringLiteral("slot");
    case MeetingKind::Review:
        return QStringLiteral("review");
    }
    return QString();
}

QString MeetingInvitations::deployment() const
{
    const ConnectionSettings &settings = m_db.settings();
    if (settings.backend == ConnectionSettings::Backend::Postgres)
        return settings.databaseName + QLatin1Char('.') + settings.host;
    // One computer's data file: named by a digest of where it is (no path in the UID).
    const QString path = QFileInfo(settings.sqlitePath).absoluteFilePath();
    return QStringLiteral("local-") +
           QString::fromLatin1(QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256)
                                   .toHex()
                                   .left(12));
}

QString MeetingInvitations::uid(MeetingKind kind, qint64 id) const
{
    return QStringLiteral("casedesk-%1-%2@%3").arg(kindName(kind)).arg(id).arg(deployment());
}

MeetingInvitations::Meeting MeetingInvitations::read(MeetingKind kind, qint64 id) const
{
    Meeting meeting;
    switch (kind) {
    case MeetingKind::Panel: {
        QSqlQuery query =
            m_db.exec(QStringLiteral("SELECT meeting_at, location FROM panels WHERE id = ?"), {id});
        if (!query.next())
            return meeting;
        meeting.exists = true;
        meeting.start = query.value(0).toDateTime();
        meeting.end = meeting.start.addSecs(PanelMinutes * 60);
        meeting.location = query.value(1).toString();
        meeting.summary = tr("Direct Payments Panel");
        meeting.fileName = tr("Direct Payments Panel %1").arg(londonDate(meeting.start));
        return meeting;
    }
    case MeetingKind::Slot: {
        QSqlQuery query = m_db.exec(
            QStringLiteral(
                "SELECT p.meeting_at, p.location, a.position, a.removed_at, pe.person_ref, "
                "c.case_kind FROM panel_agenda_items a JOIN panels p ON p.id = a.panel_id "
                "JOIN worksteps s ON s.id = a.step_id JOIN people pe ON pe.id = s.person_id "
                "LEFT JOIN dp_panel_cases c ON c.id = a.panel_case_id WHERE a.id = ?"),
            {id});
        if (!query.next())
            return meeting;
        meeting.exists = true;
        const int position = std::max(1, query.value(2).toInt());
        meeting.start = query.value(0).toDateTime().addSecs((position - 1) * SlotMinutes * 60);
        meeting.end = meeting.start.addSecs(SlotMinutes * 60);
        meeting.location = query.value(1).toString();
        meeting.removed = !query.value(3).isNull();
        const QString ref = query.value(4).toString();
        meeting.summary = tr("Direct Payments Panel: case %1").arg(ref);
        meeting.description = tr("%1, number %2 on the agenda of the Direct Payments Panel.")
                                  .arg(caseKindName(query.value(5).toString()))
                                  .arg(position);
        meeting.fileName = tr("Panel case %1 %2").arg(ref, londonDate(meeting.start));
        return meeting;
    }
    case MeetingKind::Review: {
        QSqlQuery query = m_db.exec(
            QStringLiteral(
                "SELECT c.review_at, pe.person_ref, (SELECT p.location FROM panel_agenda_items a "
                "JOIN panels p ON p.id = a.panel_id WHERE a.panel_case_id = c.id AND "
                "a.removed_at IS NULL ORDER BY a.id DESC LIMIT 1), (SELECT count(*) FROM "
                "panel_agenda_items a WHERE a.panel_case_id = c.id AND a.removed_at IS NULL) "
                "FROM dp_panel_cases c JOIN people pe ON pe.id = c.person_id WHERE c.id = ? "
                "AND c.case_kind = 'review'"),
            {id});
        if (!query.next())
            return meeting;
        meeting.exists = true;
        meeting.removed = query.value(0).isNull() || query.value(3).toInt() == 0;
        meeting.start = query.value(0).toDateTime();
        meeting.end = meeting.start.addSecs(ReviewMinutes * 60);
        meeting.location = query.value(2).toString();
        const QString ref = query.value(1).toString();
        meeting.summary = tr("Direct Payments review meeting: case %1").arg(ref);
        meeting.fileName = tr("Review meeting %1 %2").arg(ref, londonDate(meeting.start));
        return meeting;
    }
    }
    return meeting;
}

QList<MeetingInvitation> MeetingInvitations::slotInvitations(qint64 agendaItemId,
                                                             const Actor &actor)
{
    QList<MeetingInvitation> result{invitation(MeetingKind::Slot, agendaItemId, actor)};
    if (!result.first().status)
        return result;
    QSqlQuery earlier = m_db.exec(
        QStringLiteral("SELECT a.id FROM panel_agenda_items a JOIN panel_agenda_items this ON "
                       "this.panel_case_id = a.panel_case_id JOIN meeting_invitations m ON "
                       "m.meeting_kind = 'slot' AND m.meeting_id = a.id WHERE this.id = ? AND "
                       "a.id <> this.id AND a.removed_at IS NOT NULL AND m.cancelled_at IS NULL "
                       "ORDER BY a.id"),
        {agendaItemId});
    QList<qint64> removed;
    while (earlier.next())
        removed << earlier.value(0).toLongLong();
    for (const qint64 id : removed) {
        result << invitation(MeetingKind::Slot, id, actor);
        if (!result.last().status)
            break;
    }
    return result;
}

MeetingInvitation MeetingInvitations::invitation(MeetingKind kind, qint64 id, const Actor &actor)
{
    MeetingInvitation result;
    Transaction transaction(m_db);
    const Meeting meeting = read(kind, id);
    QString error;
    QSqlQuery sent =
        m_db.exec(QStringLiteral("SELECT sequence, starts_at, ends_at, location, cancelled_at FROM "
                                 "meeting_invitations WHERE meeting_kind = ? AND meeting_id = ?"),
                  {kindName(kind), id}, &error);
    if (!error.isEmpty()) {
        result.status = Status::failure(tr("CaseDesk could not read which invitations were sent."));
        return result;
    }
    const bool wasSent = sent.next();
    const bool removed = !meeting.exists || meeting.removed;
    if (removed && !wasSent) {
        result.status = Status::failure(
            tr("This meeting was removed before any invitation was sent, so there is nothing to "
               "cancel."),
            Status::Code::NotFound);
        return result;
    }

    CalendarEvent &event = result.event;
    event.uid = uid(kind, id);
    event.stamp = QDateTime::currentDateTimeUtc();
    event.summary = meeting.summary;
    event.description = meeting.description;
    const QDateTime now = utcNow();
    if (removed) {
        // Sent as it was last sent, cancelled; the cancellation itself is a revision.
        event.start = sent.value(1).toDateTime();
        event.end = sent.value(2).toDateTime();
        event.location = sent.value(3).toString();
        const bool alreadyCancelled = !sent.value(4).isNull();
        event.sequence = sent.value(0).toInt() + (alreadyCancelled ? 0 : 1);
        event.cancelled = true;
        if (event.summary.isEmpty())
            event.summary = tr("Meeting removed");
        if (!alreadyCancelled)
            m_db.exec(QStringLiteral("UPDATE meeting_invitations SET sequence = ?, "
                                     "cancelled_at = ?, sent_at = ?, sent_by = ? WHERE "
                                     "meeting_kind = ? AND meeting_id = ?"),
                      {event.sequence, now, now, nullableId(actor.workerId), kindName(kind), id},
                      &error);
    } else {
        event.start = meeting.start;
        event.end = meeting.end;
        event.location = meeting.location;
        if (!wasSent) {
            m_db.exec(QStringLiteral("INSERT INTO meeting_invitations (meeting_kind, meeting_id, "
                                     "sequence, starts_at, ends_at, location, sent_at, sent_by) "
                                     "VALUES (?, ?, 0, ?, ?, ?, ?, ?)"),
                      {kindName(kind), id, event.start.toUTC(), event.end.toUTC(), event.location,
                       now, nullableId(actor.workerId)},
                      &error);
        } else {
            const bool changed = !sameMoment(sent.value(1).toDateTime(), event.start) ||
                                 !sameMoment(sent.value(2).toDateTime(), event.end) ||
                                 sent.value(3).toString() != event.location ||
                                 !sent.value(4).isNull();
            event.sequence = sent.value(0).toInt() + (changed ? 1 : 0);
            m_db.exec(QStringLiteral("UPDATE meeting_invitations SET sequence = ?, starts_at = ?, "
                                     "ends_at = ?, location = ?, cancelled_at = NULL, sent_at = ?, "
                                     "sent_by = ? WHERE meeting_kind = ? AND meeting_id = ?"),
                      {event.sequence, event.start.toUTC(), event.end.toUTC(), event.location, now,
                       nullableId(actor.workerId), kindName(kind), id},
                      &error);
        }
    }
    if (!error.isEmpty() || !transaction.commit()) {
        result.status = Status::failure(
            error.contains(QLatin1String("permission denied"))
                ? tr("Only a Panel Administrator sends meeting invitations.")
                : tr("CaseDesk could not record that this invitation was sent, so none was "
                     "made. Try again."),
            error.contains(QLatin1String("permission denied")) ? Status::Code::NotAllowed
                                                               : Status::Code::Failed);
        return result;
    }
    result.cancellation = event.cancelled;
    result.ics = ICalendar::write({event}, event.cancelled ? ICalendar::Method::Cancel
                                                           : ICalendar::Method::Publish);
    result.suggestedFileName = (meeting.fileName.isEmpty() ? tr("Meeting") : meeting.fileName) +
                               (event.cancelled ? tr(" (cancelled)") : QString()) +
                               QStringLiteral(".ics");
    result.status = Status::ok();
    return result;
}

} // namespace casedesk
