-- Leavers leave, and no worker can hold the others up (issue 10, points 4 and 5).
--
-- 1. A retired worker sees nothing, even on a connection that outlived casedesk-admin
--    retire-worker: every row of people (and so of everything about a person: steps, answers,
--    requests, episodes, events, relationships, presence) and of the audit log is visible only
--    to an active worker's login. casedesk_retire_worker() does the retiring itself;
--    casedesk_end_sessions() ends the leaver's open connections (run after the retirement has
--    been committed, so that a reconnect already finds the login stopped).
-- 2. Limits for every worker login, as server-side defaults for this database:
--      lock_timeout                         5 s   a save waits at most this long for a lock
--      statement_timeout                   30 s   no statement runs longer
--      idle_in_transaction_session_timeout 60 s   a transaction left open is ended
--    PostgreSQL applies ALTER ROLE ... SET only to the role that logs in, never through group
--    membership, so the settings go on each worker's own login (ALTER ROLE <login> IN DATABASE
--    <this database> SET ...): casedesk_apply_worker_limits() sets them on every worker here and
--    casedesk-admin add-worker on each new one. CaseDesk itself also sends statement_timeout and
--    idle_in_transaction_session_timeout when it connects.
-- 3. Fewer privileges that take locks: LOCK TABLE in SHARE mode or stronger needs table-wide
--    UPDATE, DELETE or TRUNCATE, so tables workers update get column UPDATE grants for the
--    columns CaseDesk writes (SELECT ... FOR UPDATE still needs UPDATE on one column: the
--    timeouts above bound it). step_presence keeps DELETE (a worker removes their own row).

-- --- 1. active workers only ------------------------------------------------------------------

CREATE FUNCTION casedesk_is_active_worker() RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT casedesk_worker_id() IS NOT NULL
$$;

-- Restrictive: ANDed with every other policy of the table. (SELECT ...) is evaluated once per
-- statement, not per row.
CREATE POLICY people_active_worker ON people AS RESTRICTIVE FOR ALL
    USING ((SELECT casedesk_is_active_worker()))
    WITH CHECK ((SELECT casedesk_is_active_worker()));

CREATE POLICY audit_log_active_worker ON audit_log AS RESTRICTIVE FOR ALL
    USING ((SELECT casedesk_is_active_worker()))
    WITH CHECK ((SELECT casedesk_is_active_worker()));

-- Retires a worker: inactive, login stopped (NOLOGIN), every CaseDesk group role revoked
-- (casedesk_user and casedesk_<role>), their worker_roles, virtual worker memberships, team and
-- presence rows removed. Each change is recorded by the audit triggers, and the retirement
-- itself as action 'retire'. For administrators only (the owner, with CREATEROLE).
CREATE FUNCTION casedesk_retire_worker(p_username text) RETURNS text LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me workers;
    g record;
    revoked text[] := '{}';
    roles_removed integer;
    memberships_removed integer;
    summary text;
BEGIN
    IF NOT casedesk_is_trusted() THEN
        PERFORM casedesk_refuse('only an administrator can retire a worker.');
    END IF;
    SELECT * INTO me FROM workers WHERE username = p_username FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no worker with the user name %', p_username;
    END IF;
    UPDATE workers SET is_active = FALSE, team_id = NULL WHERE id = me.id;
    DELETE FROM worker_roles WHERE worker_id = me.id;
    GET DIAGNOSTICS roles_removed = ROW_COUNT;
    DELETE FROM virtual_worker_members WHERE worker_id = me.id;
    GET DIAGNOSTICS memberships_removed = ROW_COUNT;
    DELETE FROM step_presence WHERE worker_id = me.id;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_username) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', p_username);
        FOR g IN SELECT r.rolname::text AS name FROM pg_auth_members m
                 JOIN pg_roles r ON r.oid = m.roleid
                 JOIN pg_roles u ON u.oid = m.member
                 WHERE u.rolname = p_username AND r.rolname LIKE 'casedesk\_%'
                 ORDER BY r.rolname LOOP
            EXECUTE format('REVOKE %I FROM %I', g.name, p_username);
            revoked := revoked || g.name;
        END LOOP;
    END IF;
    summary := format('retired: login stopped; team %s, %s roles, %s virtual worker memberships '
                      'and group roles {%s} removed',
                      COALESCE(me.team_id::text, 'none'), roles_removed, memberships_removed,
                      array_to_string(revoked, ', '));
    INSERT INTO audit_log (occurred_at, worker_id, acting_role, action, entity, entity_id,
                           person_id, details, source)
    VALUES (now(), NULL, '', 'retire', 'worker', me.id, NULL, summary, 'server');
    RETURN summary;
END
$$;

-- Ends every open connection of a login (on every database of the server), waiting up to 5 s
-- for each to go; the number ended, or NULL when this login may not end them (it needs to be a
-- superuser or a member of pg_signal_backend).
CREATE FUNCTION casedesk_end_sessions(p_username text) RETURNS integer LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    a record;
    ended integer := 0;
BEGIN
    FOR a IN SELECT pid FROM pg_stat_activity
             WHERE usename = p_username AND pid <> pg_backend_pid() LOOP
        BEGIN
            IF pg_terminate_backend(a.pid, 5000) THEN
                ended := ended + 1;
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RETURN NULL;
        END;
    END LOOP;
    RETURN ended;
END
$$;

-- --- 2. limits for worker logins -------------------------------------------------------------

-- Sets the limits on one worker's login, or on every worker's (p_username NULL). Superusers and
-- logins that can act as the owner are left alone: they are administrators.
CREATE FUNCTION casedesk_apply_worker_limits(p_username text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    w record;
    s record;
    n integer := 0;
BEGIN
    FOR w IN SELECT r.rolname::text AS name FROM workers k JOIN pg_roles r ON r.rolname = k.username
             WHERE (p_username IS NULL OR k.username = p_username)
               AND NOT r.rolsuper
               AND NOT pg_has_role(r.oid, (SELECT relowner FROM pg_class
                                          WHERE oid = 'workers'::regclass), 'MEMBER')
             ORDER BY 1 LOOP
        FOR s IN SELECT * FROM (VALUES ('lock_timeout', '5s'), ('statement_timeout', '30s'),
                                       ('idle_in_transaction_session_timeout', '60s')) AS x(k, v)
        LOOP
            EXECUTE format('ALTER ROLE %I IN DATABASE %I SET %s = %L', w.name,
                           current_database(), s.k, s.v);
        END LOOP;
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;

SELECT casedesk_apply_worker_limits();

-- --- 3. narrower grants: no table-wide UPDATE for workers ------------------------------------

DELETE FROM security_table_grants
WHERE (table_name, grantee) IN (('panel_agenda_items', 'user'), ('panels', 'panel_administrator'),
                                ('step_presence', 'user'));
INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('panel_agenda_items', 'user',
     'SELECT, INSERT, UPDATE (outcome, removed_at, removed_by, removed_reason)'),
    ('panels', 'panel_administrator', 'INSERT, UPDATE (meeting_at, last_submission_date)'),
    ('dp_panel_cases', 'user', 'SELECT, INSERT, UPDATE (review_at, report_due_on)'),
    ('applied_saves', 'user', 'SELECT, INSERT'),
    ('step_presence', 'user', 'SELECT, INSERT, UPDATE (acting_role, seen_at), DELETE');

SELECT casedesk_apply_security();
