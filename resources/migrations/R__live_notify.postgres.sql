-- Repeatable (see Migrator): who hears of a change to work, and what they are told (issue 17).
-- First written in 005_live_updates, made private in 016_private_notifications; kept here so
-- that a change is made in one place.
--
-- Each worker the change concerns hears, on their private channel (016), which of their trays
-- changed, so that their client reads again only that section, and nothing about the record:
--   'work:me'    their own tray (a step assigned to them, a request they sent or were sent)
--   'work:v<id>' an inbox (virtual worker) they are a member of
--   'work:t<id>' a team they are a member of
--   'work:step'  a step they have open (step_presence)
-- PostgreSQL folds equal notifications of one transaction: each is heard once per transaction.

CREATE OR REPLACE FUNCTION casedesk_notify_work() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    steps bigint[];
    workers_to bigint[] := '{}';
    teams_to bigint[] := '{}';
    inboxes_to bigint[] := '{}';
BEGIN
    IF TG_TABLE_NAME = 'worksteps' THEN
        steps := ARRAY[NEW.id];
        IF TG_OP = 'UPDATE' THEN
            workers_to := ARRAY[OLD.assignee_worker_id];
            teams_to := ARRAY[OLD.assignee_team_id];
            inboxes_to := ARRAY[OLD.assignee_virtual_worker_id];
        END IF;
    ELSIF TG_TABLE_NAME = 'requests' THEN
        steps := ARRAY[NEW.step_id];
        workers_to := ARRAY[NEW.sender_worker_id, NEW.recipient_worker_id];
        inboxes_to := ARRAY[NEW.recipient_virtual_worker_id];
        IF TG_OP = 'UPDATE' THEN
            workers_to := workers_to || OLD.recipient_worker_id;
            inboxes_to := inboxes_to || OLD.recipient_virtual_worker_id;
        END IF;
    ELSE
        steps := ARRAY[NEW.step_id];
    END IF;
    SELECT workers_to || array_agg(s.assignee_worker_id), teams_to || array_agg(s.assignee_team_id),
           inboxes_to || array_agg(s.assignee_virtual_worker_id)
    INTO workers_to, teams_to, inboxes_to
    FROM worksteps s WHERE s.id = ANY (steps);

    PERFORM pg_notify(c.channel, heard.payload)
    FROM (SELECT DISTINCT u.worker_id, 'work:me' AS payload
          FROM unnest(workers_to) AS u(worker_id)
          UNION SELECT m.worker_id, 'work:v' || m.virtual_worker_id
                FROM virtual_worker_members m WHERE m.virtual_worker_id = ANY (inboxes_to)
          UNION SELECT t.id, 'work:t' || t.team_id FROM workers t WHERE t.team_id = ANY (teams_to)
          UNION SELECT p.worker_id, 'work:step'
                FROM step_presence p WHERE p.step_id = ANY (steps)) AS heard
    JOIN worker_channels c ON c.worker_id = heard.worker_id
    JOIN workers w ON w.id = c.worker_id AND w.is_active;
    RETURN NULL;
END
$$;
