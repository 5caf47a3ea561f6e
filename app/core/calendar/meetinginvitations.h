#pragma once

#include "calendar/icalendar.h"
#include "domain/status.h"
#include "storage/database.h"
#include "workflow/records.h"

#include <QCoreApplication>

namespace casedesk {

enum class MeetingKind
{
    Panel,  // a panel date (panels.id)
    Slot,   // a case's slot on a panel's agenda (panel_agenda_items.id)
    Review, // a review meeting (dp_panel_cases.id of a review)
};

// An invitation ready to save: the .ics file's bytes and what it says.
struct MeetingInvitation
{
    Status status = Status::failure(
        QCoreApplication::translate("casedesk::MeetingInvitations", "Nothing was read."));
    QByteArray ics;
    CalendarEvent event;
    bool cancellation = false; // METHOD:CANCEL: the meeting was removed
    QString suggestedFileName; // "Direct Payments Panel 14-04-2027.ics"
};

// Meeting invitations for calendars (iCalendar, RFC 5545). Each meeting has a UID made of its
// kind, its id and the deployment (the PostgreSQL server and database, or this computer's data
// file), so a meeting exported again updates the same calendar entry. What was last sent is kept
// in meeting_invitations (028): exporting a meeting whose time or place changed since raises its
// SEQUENCE; exporting one that was removed (a case moved off an agenda, a review no longer on
// one) gives METHOD:CANCEL with STATUS:CANCELLED. Calendars sit outside CaseDesk's access rules,
// so an invitation names a child by their reference only, never by name.
class MeetingInvitations
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::MeetingInvitations)

public:
    static constexpr int PanelMinutes = 180;
    static constexpr int SlotMinutes = 30; // each case in agenda order from the panel's start
    static constexpr int ReviewMinutes = 60;

    explicit MeetingInvitations(Database &db);

    // The invitation for a meeting as it is now (recording that it was sent), or its
    // cancellation when it was removed.
    MeetingInvitation invitation(MeetingKind kind, qint64 id, const Actor &actor);
    // A case's slot (an agenda item): its invitation, then the cancellation of each earlier slot
    // of the same case that was sent and has not been cancelled yet (the case was moved since),
    // so that one export leaves the calendars right. Stops at the first that fails.
    QList<MeetingInvitation> slotInvitations(qint64 agendaItemId, const Actor &actor);
    // The UID of a meeting in this deployment.
    QString uid(MeetingKind kind, qint64 id) const;
    static QString kindName(MeetingKind kind);

private:
    struct Meeting
    {
        bool exists = false;
        bool removed = false;
        QDateTime start;
        QDateTime end;
        QString location;
        QString summary;
        QString description;
        QString fileName;
    };
    Meeting read(MeetingKind kind, qint64 id) const;
    QString deployment() const;

    Database &m_db;
};

} // namespace casedesk
