#pragma once

#include "workview/workviewitem.h"

#include <QList>
#include <QMetaType>
#include <QSet>
#include <QString>

namespace casedesk {

// What the server's notifications say changed for a worker: which of their trays (their own, an
// inbox or a team they are a member of), a step they have open, or who has a step open. Never
// anything about a child. Notifications of a burst merge into one.
//
// Payloads (R__live_notify.postgres.sql): "work:me", "work:v<id>" (an inbox), "work:t<id>" (a
// team), "work:step" (a step open here), "presence"; "" (a catch-up after a reconnect, or the
// periodic poll) and the older servers' bare "work" may have missed anything: everything.
struct LiveChange
{
    bool everything = false;
    bool ownTray = false;
    QSet<qint64> inboxes; // virtual worker ids
    QSet<qint64> teams;
    bool openSteps = false; // a step open here changed: its actions and answers
    bool presence = false;  // someone opened or left a step open here

    static LiveChange fromPayload(const QString &payload);
    static LiveChange all();

    void merge(const LiveChange &other);
    bool isEmpty() const;
    // Whether the open steps are to be read again (their actions or answers changed).
    bool touchesOpenSteps() const { return everything || openSteps || ownTray; }
    bool touchesPresence() const { return everything || presence; }
    // Of the sections a workview shows, those to read again (a team's work shows in no section
    // of its own: its members' own section is read).
    QList<WorkviewOwner> sectionsToRead(const QList<WorkviewOwner> &shown) const;
};

} // namespace casedesk

Q_DECLARE_METATYPE(casedesk::LiveChange)
