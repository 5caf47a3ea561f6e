-- Meeting invitations (app/core/calendar): what was last sent to calendars for each meeting, so
-- that an invitation exported again keeps its UID and carries a higher SEQUENCE when the time or
-- place changed since (RFC 5545 3.8.7.4), and a removed meeting is sent as METHOD:CANCEL.
-- meeting_kind: panel (a panel date, meeting_id = panels.id), slot (a case's slot on an agenda,
-- panel_agenda_items.id), review (a review meeting, dp_panel_cases.id). starts_at, ends_at and
-- location are those last sent; cancelled_at is set once the cancellation was sent.
CREATE TABLE meeting_invitations (
    id             {{id}},
    meeting_kind   TEXT NOT NULL,
    meeting_id     BIGINT NOT NULL,
    sequence       INTEGER NOT NULL DEFAULT 0,
    starts_at      {{timestamp}} NOT NULL,
    ends_at        {{timestamp}} NOT NULL,
    location       TEXT NOT NULL DEFAULT '',
    cancelled_at   {{timestamp}},
    sent_at        {{timestamp}} NOT NULL,
    sent_by        BIGINT REFERENCES workers(id),
    UNIQUE (meeting_kind, meeting_id),
    CHECK (meeting_kind IN ('panel', 'slot', 'review')),
    CHECK (sequence >= 0)
);
