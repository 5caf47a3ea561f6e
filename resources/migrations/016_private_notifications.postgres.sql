-- Presence and live updates that cannot lie (issue 10, point 6).
--
--   * NOTIFY needs no privilege in PostgreSQL: anyone signed in can send on any channel and LISTEN
--     to any channel. The shared channel casedesk_work therefore let a worker make every client
--     reload (forged notifications) and watch the ids and timing of work on records they may not
--     see. Now each worker hears of work on a channel of their own whose name is a secret only
--     they can read (casedesk_my_channel()); the server's triggers send on it, only to the
--     workers whose trays or open steps the change touches, and the payload says nothing
--     about the record ('work'). A worker can only forge notifications to themselves.
--   * A presence row ("also open now by …") names a step the worker can see and a role they
--     hold; its times are the server's (011) and others see it only while it is live (011).

-- --- private channels ------------------------------------------------------------------------

CREATE TABLE worker_channels (
    worker_id   BIGINT PRIMARY KEY REFERENCES workers(id),
    channel     TEXT NOT NULL UNIQUE CHECK (channel ~ '^casedesk_w_[0-9a-f]{32}$'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- A worker reads and makes their own row only; the triggers read them all (SECURITY DEFINER).
INSERT INTO security_unaudited_tables (table_name) VALUES ('worker_channels');
INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('worker_channels', 'user', 'SELECT, INSERT');
ALTER TABLE worker_channels ENABLE ROW LEVEL SECURITY;
CREATE POLICY worker_channels_own ON worker_channels FOR SELECT
    USING (casedesk_is_trusted() OR worker_id = casedesk_worker_id());
CREATE POLICY worker_channels_own_insert ON worker_channels FOR INSERT
    WITH CHECK (casedesk_is_trusted() OR worker_id = casedesk_worker_id());

-- The session's own channel, made on first use. A trusted session (the administrators, tests,
-- a demo on the database owner's login) names the worker it acts for; a worker's login gets
-- their own whatever it passes.
CREATE FUNCTION casedesk_my_channel(p_worker_id bigint) RETURNS text LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    who bigint;
    result text;
BEGIN
    who := casedesk_worker_id();
    IF who IS NULL AND casedesk_is_trusted() THEN
        who := p_worker_id;
    END IF;
    IF who IS NULL OR NOT EXISTS (SELECT 1 FROM workers WHERE id = who AND is_active) THEN
        PERFORM casedesk_refuse('live updates are only for an active worker.');
    END IF;
    SELECT channel INTO result FROM worker_channels WHERE worker_id = who;
    IF result IS NULL THEN
        INSERT INTO worker_channels (worker_id, channel)
        VALUES (who, 'casedesk_w_' || replace(gen_random_uuid()::text, '-', ''))
        ON CONFLICT (worker_id) DO NOTHING;
        SELECT channel INTO result FROM worker_channels WHERE worker_id = who;
    END IF;
    RETURN result;
END
$$;

INSERT INTO security_function_grants (function_name, grantee) VALUES
    ('casedesk_my_channel', 'user');

-- Who must hear of a change: the owners of the trays it is in (before and after), the members of
-- an inbox or team it is in, the sender and recipients of a request, and whoever has the step
-- open. Each hears it once per transaction (PostgreSQL folds equal notifications).
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

    PERFORM pg_notify(c.channel, 'work')
    FROM worker_channels c JOIN workers w ON w.id = c.worker_id AND w.is_active
    WHERE c.worker_id IN (
        SELECT unnest(workers_to)
        UNION SELECT m.worker_id FROM virtual_worker_members m
              WHERE m.virtual_worker_id = ANY (inboxes_to)
        UNION SELECT t.id FROM workers t WHERE t.team_id = ANY (teams_to)
        UNION SELECT p.worker_id FROM step_presence p WHERE p.step_id = ANY (steps));
    RETURN NULL;
END
$$;

-- --- presence: steps one can see, roles one holds --------------------------------------------

DROP POLICY step_presence_own_insert ON step_presence;
CREATE POLICY step_presence_own_insert ON step_presence FOR INSERT
    WITH CHECK (casedesk_is_trusted()
                OR (worker_id = casedesk_worker_id()
                    AND EXISTS (SELECT 1 FROM worksteps s WHERE s.id = step_id)
                    AND (acting_role = '' OR casedesk_holds_role(acting_role))));
DROP POLICY step_presence_own_update ON step_presence;
CREATE POLICY step_presence_own_update ON step_presence FOR UPDATE
    USING (casedesk_is_trusted() OR worker_id = casedesk_worker_id())
    WITH CHECK (casedesk_is_trusted()
                OR (worker_id = casedesk_worker_id()
                    AND EXISTS (SELECT 1 FROM worksteps s WHERE s.id = step_id)
                    AND (acting_role = '' OR casedesk_holds_role(acting_role))));

SELECT casedesk_apply_security();
