-- Least privilege (issue 10, "The server is the last word everywhere", point 1). The matrix of
-- who may do what is docs/permissions.md; the test security_permission_matrix checks it against
-- the catalogs and against each worker role's own login.
--
--   * PUBLIC gets nothing: no CONNECT or TEMPORARY on the database, no USAGE on the schema, no
--     EXECUTE on any function. The workers' group role casedesk_user gets CONNECT, USAGE and
--     EXECUTE on the functions listed in security_function_grants (those the policies and the
--     rules call as the worker, and those the client calls); trigger functions and the
--     administrators' functions (012's casedesk_retire_worker, casedesk_end_sessions,
--     casedesk_apply_worker_limits among them) are granted to nobody.
--   * A table not listed in security_table_grants gets nothing (it used to get SELECT, INSERT,
--     UPDATE for every worker): a migration adding a table lists what workers need.
--   * No table-wide UPDATE (as 012 began: its column grants on step_presence stay, those it gave
--     every worker on panel_agenda_items and dp_panel_cases are narrowed to the roles below):
--     panels, panel_agenda_items, dp_panel_cases and episodes get UPDATE on the columns the app
--     changes, for the role that changes them; the timetable, agendas and
--     panel cases are written by the Panel Administrator (and, on authorising a request, by the
--     PS/Manager who authorised it), an episode is ended by the Panel Administrator who recorded
--     the end at its panel review.
--   * "Who" columns are the server's: panels.created_by, panel_agenda_items.added_by and
--     removed_by, dp_panel_cases.submitted_by and applied_saves.saved_by are set by BEFORE
--     triggers to the session's worker (casedesk_worker_id(): current_user -> workers.username),
--     whatever the client sent.

-- --- which functions workers may execute -----------------------------------------------------

-- grantee: 'user' for casedesk_user, else a role code for its group role casedesk_<code>.
CREATE TABLE security_function_grants (
    function_name  TEXT NOT NULL,
    grantee        TEXT NOT NULL,
    PRIMARY KEY (function_name, grantee)
);

INSERT INTO security_unaudited_tables (table_name) VALUES ('security_function_grants');

INSERT INTO security_function_grants (function_name, grantee) VALUES
    -- called by the row-level security policies and the rules, as the worker
    ('casedesk_is_trusted', 'user'),
    ('casedesk_worker_id', 'user'),
    ('casedesk_holds_role', 'user'),
    ('casedesk_is_member', 'user'),
    ('casedesk_holds_assignment', 'user'),
    ('casedesk_is_recipient', 'user'),
    ('casedesk_may_edit_step', 'user'),
    ('casedesk_may_see_restricted', 'user'),
    ('casedesk_may_review_person', 'user'),
    ('casedesk_refuse', 'user'),
    ('casedesk_require_worker', 'user'),
    ('casedesk_require_role', 'user'),
    ('casedesk_role_names', 'user'),
    ('casedesk_presence_is_live', 'user'),
    -- 012's restrictive policies on people and audit_log: without it every read of a person
    -- (and of all that is visible as its person) fails with "permission denied for function".
    ('casedesk_is_active_worker', 'user'),
    -- called by the client
    ('casedesk_open_person', 'user'),
    ('casedesk_record_viewers', 'user');

-- --- tables: explicit grants, no table-wide UPDATE -------------------------------------------

DELETE FROM security_table_grants
WHERE table_name IN ('panels', 'panel_agenda_items', 'dp_panel_cases', 'episodes',
                     'applied_saves');

INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('security_function_grants', 'user', 'SELECT'),
    ('episodes', 'user', 'SELECT, INSERT'),
    ('episodes', 'panel_administrator', 'UPDATE (end_date)'),
    ('panels', 'user', 'SELECT'),
    ('panels', 'panel_administrator',
     'INSERT, UPDATE (meeting_at, last_submission_date, location)'),
    ('panel_agenda_items', 'user', 'SELECT'),
    ('panel_agenda_items', 'ps_manager', 'INSERT'),
    ('panel_agenda_items', 'panel_administrator',
     'INSERT, UPDATE (outcome, removed_at, removed_by, removed_reason)'),
    ('dp_panel_cases', 'user', 'SELECT'),
    ('dp_panel_cases', 'ps_manager', 'INSERT'),
    ('dp_panel_cases', 'panel_administrator', 'INSERT, UPDATE (review_at, report_due_on)'),
    ('applied_saves', 'user', 'SELECT, INSERT');

-- --- the Direct Payments panel: timetable, agendas, panel cases ------------------------------

CREATE FUNCTION casedesk_is_dp_panel_step(p_step_type text) RETURNS boolean LANGUAGE sql
IMMUTABLE SET search_path = public, pg_temp AS $$
    SELECT p_step_type IN ('Direct Payments Panel', 'Direct Payments Panel Review')
$$;

INSERT INTO security_function_grants (function_name, grantee) VALUES
    ('casedesk_is_dp_panel_step', 'user');

-- The PS/Manager authorising a request puts it to panel: the panel step was released by the
-- step they finished.
CREATE FUNCTION casedesk_released_by_me(p_step bigint) RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM worksteps s JOIN worksteps f ON f.id = s.from_step_id
                   WHERE s.id = p_step AND f.status = 'finished'
                     AND f.finished_by = casedesk_worker_id())
$$;

INSERT INTO security_function_grants (function_name, grantee) VALUES
    ('casedesk_released_by_me', 'user');

CREATE FUNCTION casedesk_check_panel() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk_refuse('panels are never deleted from the timetable.');
    END IF;
    IF NOT casedesk_holds_role('panel_administrator') THEN
        PERFORM casedesk_refuse('only a Panel Administrator changes the panel timetable.');
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := me;
    ELSIF (NEW.id, NEW.panel_type, NEW.created_by) IS DISTINCT FROM
          (OLD.id, OLD.panel_type, OLD.created_by) THEN
        PERFORM casedesk_refuse('a panel is moved (its dates and place), not rewritten.');
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER panels_rules BEFORE INSERT OR UPDATE OR DELETE ON panels
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_panel();

CREATE FUNCTION casedesk_check_panel_case() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    the_step worksteps;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk_refuse('a case put to panel stays in the episode''s history.');
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.submitted_by := me;
        PERFORM casedesk_require_role(NEW.submitted_as_role);
        IF NEW.submitted_as_role NOT IN ('panel_administrator', 'ps_manager') THEN
            PERFORM casedesk_refuse('only a Panel Administrator (or the PS/Manager authorising '
                                    'the request) puts a case to panel.');
        END IF;
        SELECT * INTO the_step FROM worksteps WHERE id = NEW.panel_step_id;
        IF NOT FOUND OR NOT casedesk_is_dp_panel_step(the_step.step_type)
           OR the_step.person_id <> NEW.person_id
           OR the_step.status NOT IN ('incoming', 'started')
           OR (NEW.case_kind = 'review') <> (the_step.step_type = 'Direct Payments Panel Review')
           THEN
            PERFORM casedesk_refuse(format(
                'step %s is not an open Direct Payments panel step of this kind for person %s.',
                NEW.panel_step_id, NEW.person_id));
        END IF;
        IF NOT EXISTS (SELECT 1 FROM episodes e WHERE e.id = NEW.episode_id
                       AND e.person_id = NEW.person_id AND e.episode_type = 'Direct Payments') THEN
            PERFORM casedesk_refuse('a panel case belongs to a Direct Payments episode of the '
                                    'same person.');
        END IF;
        IF NEW.submitted_as_role = 'ps_manager'
           AND NOT (NEW.case_kind = 'new' AND casedesk_released_by_me(NEW.panel_step_id)) THEN
            PERFORM casedesk_refuse('a PS/Manager puts to panel only the request they have just '
                                    'authorised.');
        END IF;
        RETURN NEW;
    END IF;
    -- UPDATE: the Panel Administrator moves a review (its time and its report's due date).
    IF (to_jsonb(NEW) - ARRAY['review_at', 'report_due_on'])
       <> (to_jsonb(OLD) - ARRAY['review_at', 'report_due_on']) THEN
        PERFORM casedesk_refuse('a case put to panel cannot be rewritten (its kind, submission '
                                'date or who submitted it).');
    END IF;
    IF NOT casedesk_holds_role('panel_administrator') THEN
        PERFORM casedesk_refuse('only a Panel Administrator moves a review.');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM worksteps s WHERE s.id = OLD.panel_step_id
                   AND s.status IN ('incoming', 'started')) THEN
        PERFORM casedesk_refuse(format('the panel has decided case %s, so it cannot be moved.',
                                       OLD.id));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER dp_panel_cases_rules BEFORE INSERT OR UPDATE OR DELETE ON dp_panel_cases
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_panel_case();

CREATE FUNCTION casedesk_check_agenda_item() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    the_step worksteps;
    the_case dp_panel_cases;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk_refuse('agenda items are never deleted; move the case instead.');
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.added_by := me;
        PERFORM casedesk_require_role(NEW.added_as_role);
        IF NEW.added_as_role NOT IN ('panel_administrator', 'ps_manager') THEN
            PERFORM casedesk_refuse('only a Panel Administrator (or the PS/Manager authorising '
                                    'the request) puts a case on a panel''s agenda.');
        END IF;
        IF NEW.outcome IS NOT NULL OR NEW.removed_at IS NOT NULL OR NEW.removed_by IS NOT NULL
           OR NEW.removed_reason IS NOT NULL THEN
            PERFORM casedesk_refuse('a case goes on an agenda undecided.');
        END IF;
        SELECT * INTO the_step FROM worksteps WHERE id = NEW.step_id;
        SELECT * INTO the_case FROM dp_panel_cases WHERE id = NEW.panel_case_id;
        IF the_step.id IS NULL OR the_case.id IS NULL
           OR NOT casedesk_is_dp_panel_step(the_step.step_type)
           OR the_step.status NOT IN ('incoming', 'started')
           OR the_case.panel_step_id <> the_step.id THEN
            PERFORM casedesk_refuse(format('step %s is not an open case put to panel.',
                                           NEW.step_id));
        END IF;
        IF EXISTS (SELECT 1 FROM panel_agenda_items a WHERE a.step_id = NEW.step_id
                   AND a.removed_at IS NULL) THEN
            PERFORM casedesk_refuse(format('step %s is already on a panel''s agenda; move it '
                                           'instead.', NEW.step_id));
        END IF;
        IF NEW.added_as_role = 'ps_manager'
           AND NOT (the_case.case_kind = 'new' AND casedesk_released_by_me(the_step.id)) THEN
            PERFORM casedesk_refuse('a PS/Manager puts on an agenda only the request they have '
                                    'just authorised.');
        END IF;
        RETURN NEW;
    END IF;
    -- UPDATE: taken off (moved) by the Panel Administrator; the outcome recorded by the Panel
    -- Administrator who finished the panel step.
    IF (to_jsonb(NEW) - ARRAY['outcome', 'removed_at', 'removed_by', 'removed_reason'])
       <> (to_jsonb(OLD) - ARRAY['outcome', 'removed_at', 'removed_by', 'removed_reason']) THEN
        PERFORM casedesk_refuse('an agenda item cannot be rewritten; move the case instead.');
    END IF;
    IF NOT casedesk_holds_role('panel_administrator') THEN
        PERFORM casedesk_refuse('only a Panel Administrator changes a panel''s agenda.');
    END IF;
    SELECT * INTO the_step FROM worksteps WHERE id = OLD.step_id;
    IF (NEW.removed_at, NEW.removed_by, NEW.removed_reason)
       IS DISTINCT FROM (OLD.removed_at, OLD.removed_by, OLD.removed_reason) THEN
        IF OLD.removed_at IS NOT NULL OR NEW.removed_at IS NULL
           OR COALESCE(btrim(NEW.removed_reason), '') = '' THEN
            PERFORM casedesk_refuse('a case is taken off an agenda once, with a reason.');
        END IF;
        IF the_step.status NOT IN ('incoming', 'started') THEN
            PERFORM casedesk_refuse(format('the panel has decided step %s, so it cannot be '
                                           'moved.', OLD.step_id));
        END IF;
        NEW.removed_by := me;
    END IF;
    IF NEW.outcome IS DISTINCT FROM OLD.outcome THEN
        IF OLD.outcome IS NOT NULL OR the_step.status <> 'finished'
           OR the_step.finished_by IS DISTINCT FROM me THEN
            PERFORM casedesk_refuse('the outcome on an agenda is recorded once, by whoever '
                                    'finished the panel step.');
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER panel_agenda_items_rules BEFORE INSERT OR UPDATE OR DELETE ON panel_agenda_items
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_agenda_item();

-- --- episodes: ended at a panel review ---------------------------------------------------------

CREATE FUNCTION casedesk_check_episode_end() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    me := casedesk_require_worker();
    IF (to_jsonb(NEW) - 'end_date') <> (to_jsonb(OLD) - 'end_date') THEN
        PERFORM casedesk_refuse('only an episode''s end date can be recorded.');
    END IF;
    IF NEW.end_date IS NOT DISTINCT FROM OLD.end_date THEN
        RETURN NEW;
    END IF;
    IF OLD.end_date IS NOT NULL THEN
        PERFORM casedesk_refuse(format('episode %s has ended; its end date stays.', OLD.id));
    END IF;
    IF NOT (casedesk_holds_role('panel_administrator') AND EXISTS (
        SELECT 1 FROM dp_panel_cases c JOIN worksteps s ON s.id = c.panel_step_id
        WHERE c.episode_id = OLD.id AND s.step_type = 'Direct Payments Panel Review'
          AND s.status = 'finished' AND s.finished_by = me)) THEN
        PERFORM casedesk_refuse(format(
            'episode %s is ended by the Panel Administrator who recorded its end at a panel '
            'review.', OLD.id));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER episodes_end_rules BEFORE UPDATE ON episodes
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_episode_end();

-- --- applied saves: in the saver's own name, on a step they may record on ----------------------

CREATE FUNCTION casedesk_check_applied_save() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP <> 'INSERT' THEN
        PERFORM casedesk_refuse('an applied save is never changed or deleted.');
    END IF;
    NEW.saved_by := me;
    IF NOT casedesk_may_edit_step(NEW.step_id) THEN
        PERFORM casedesk_refuse(format('you cannot record on step %s.', NEW.step_id));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER applied_saves_rules BEFORE INSERT OR UPDATE OR DELETE ON applied_saves
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_applied_save();

-- --- privileges ------------------------------------------------------------------------------

-- Functions created later by this role are not executable by PUBLIC either.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- As in 003, and: PUBLIC gets nothing on the database, the schema and the functions; unlisted
-- tables get nothing; functions get EXECUTE as security_function_grants lists.
CREATE OR REPLACE FUNCTION casedesk_apply_security() RETURNS text LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    t record;
    g record;
    roles text[];
    grantee text;
    tables integer := 0;
    unlisted text[] := '{}';
BEGIN
    PERFORM casedesk_ensure_group_role('user');
    FOR g IN SELECT role FROM rule_roles LOOP
        PERFORM casedesk_ensure_group_role(g.role);
    END LOOP;
    FOR g IN SELECT DISTINCT s.grantee FROM security_table_grants s WHERE s.grantee <> 'user'
             UNION SELECT DISTINCT f.grantee FROM security_function_grants f
             WHERE f.grantee <> 'user' LOOP
        PERFORM casedesk_ensure_group_role(g.grantee);
    END LOOP;
    roles := ARRAY(SELECT rolname::text FROM pg_roles WHERE rolname LIKE 'casedesk\_%'
                   AND NOT rolcanlogin);
    FOR t IN SELECT c.oid, c.relname::text AS name FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')
             ORDER BY c.relname LOOP
        tables := tables + 1;
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', t.name);
        FOREACH grantee IN ARRAY roles LOOP
            EXECUTE format('REVOKE ALL ON %I FROM %I', t.name, grantee);
        END LOOP;
        IF NOT EXISTS (SELECT 1 FROM security_table_grants s WHERE s.table_name = t.name) THEN
            unlisted := unlisted || t.name;
        END IF;
        FOR g IN SELECT s.grantee, s.privileges FROM security_table_grants s
                 WHERE s.table_name = t.name LOOP
            EXECUTE format('GRANT %s ON %I TO %I', g.privileges, t.name,
                           casedesk_ensure_group_role(g.grantee));
        END LOOP;
        IF (SELECT relkind FROM pg_class WHERE oid = t.oid) NOT IN ('r', 'p') THEN
            CONTINUE;
        END IF;
        -- A table added later about a person or a step, without policies of its own, is
        -- visible as far as its person or step is.
        IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t.oid) THEN
            IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = t.oid
                       AND attname = 'person_id' AND NOT attisdropped) THEN
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.name);
                EXECUTE format('CREATE POLICY casedesk_visible ON %I FOR ALL USING (EXISTS '
                               '(SELECT 1 FROM people p WHERE p.id = person_id))', t.name);
            ELSIF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = t.oid
                          AND attname = 'step_id' AND NOT attisdropped) THEN
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.name);
                EXECUTE format('CREATE POLICY casedesk_visible ON %I FOR ALL USING (EXISTS '
                               '(SELECT 1 FROM worksteps s WHERE s.id = step_id))', t.name);
            END IF;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM security_unaudited_tables u WHERE u.table_name = t.name) THEN
            EXECUTE format('CREATE OR REPLACE TRIGGER casedesk_audit AFTER INSERT OR UPDATE OR '
                           'DELETE ON %I FOR EACH ROW EXECUTE FUNCTION casedesk_audit_write()',
                           t.name);
        END IF;
    END LOOP;
    IF cardinality(unlisted) > 0 THEN
        RAISE NOTICE 'no worker may use these tables until security_table_grants lists them: %',
            array_to_string(unlisted, ', ');
    END IF;

    -- The database and the schema: nothing for PUBLIC (no TEMPORARY: a temporary "workers"
    -- would come first in a worker's search_path); CONNECT and USAGE for the workers.
    BEGIN
        EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO casedesk_user', current_database());
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'only the database owner can revoke CONNECT and TEMPORARY from PUBLIC';
    END;
    BEGIN
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', current_schema());
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'only the schema''s owner can revoke its privileges from PUBLIC';
    END;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO casedesk_user', current_schema());
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO casedesk_user',
                   current_schema());

    -- Functions: EXECUTE only as listed.
    EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM PUBLIC', current_schema());
    FOREACH grantee IN ARRAY roles LOOP
        EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM %I', current_schema(),
                       grantee);
    END LOOP;
    FOR g IN SELECT p.oid::regprocedure AS fn, f.grantee FROM security_function_grants f
             JOIN pg_proc p ON p.proname = f.function_name
             JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = current_schema() LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', g.fn,
                       casedesk_ensure_group_role(g.grantee));
    END LOOP;
    RETURN format('privileges and audit applied to %s tables', tables);
END
$$;

SELECT casedesk_apply_security();
