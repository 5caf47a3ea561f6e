-- Meeting invitations are sent by the panel administrators, who keep the timetable; everyone may
-- read what was sent. No person's data is in a row (the meeting's ids, times and place only).
INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('meeting_invitations', 'user', 'SELECT'),
    ('meeting_invitations', 'panel_administrator',
     'INSERT, UPDATE (sequence, starts_at, ends_at, location, cancelled_at, sent_at, sent_by)');

SELECT casedesk_apply_security();
