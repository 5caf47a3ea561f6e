-- Access by job (issue 14, item 5). What each role may open and start is in forms/
-- (forms/README.md), synced here by casedesk-admin upgrade (RuleSync):
--   * roles.json "opensRecords" -> rule_roles.opens_records: 'whole' or 'asked-about'. A worker
--     whose roles all open only what they are asked about (Short Break Home Staff) sees, of every
--     person, only the work they hold (their own, their team's, their inbox's, or asked of them
--     by a request) and the step each comes from (the placement request they are asked about):
--     that person, those steps and, through the existing policies, their forms, answers, next
--     actions and requests; no other steps, episodes, events, relationships or people.
--   * step-types "startedByRoles" / "startedFor" -> rule_step_types.started_by_roles /
--     started_for: a step created on its own (no from_step_id) of a type that names the roles
--     that start it is refused to other roles, and one for children on a person not recorded as
--     a child (worksteps_rules_started_by).
-- The database owner and superusers are not checked, as everywhere.

ALTER TABLE rule_roles ADD COLUMN opens_records TEXT NOT NULL DEFAULT 'whole'
    CHECK (opens_records IN ('whole', 'asked-about'));
ALTER TABLE rule_step_types ADD COLUMN started_by_roles TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE rule_step_types ADD COLUMN started_for TEXT NOT NULL DEFAULT 'anyone'
    CHECK (started_for IN ('anyone', 'children'));

-- The session's worker holds a role that opens only what they are asked about, and none that
-- opens whole records. Unknown roles (definitions not synced yet) change nothing.
CREATE FUNCTION casedesk_asked_about_only() RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT NOT casedesk_is_trusted()
       AND EXISTS (SELECT 1 FROM workers w JOIN worker_roles r ON r.worker_id = w.id
                   JOIN rule_roles g ON g.role = r.role
                   WHERE w.username = current_user::text AND g.opens_records = 'asked-about')
       AND NOT EXISTS (SELECT 1 FROM workers w JOIN worker_roles r ON r.worker_id = w.id
                       JOIN rule_roles g ON g.role = r.role
                       WHERE w.username = current_user::text AND g.opens_records = 'whole')
$$;

-- The steps the session's login is asked about: held by its worker (directly, through their
-- team or an inbox), asked of them by a request, or done by them; and the step each comes from.
-- SECURITY DEFINER: the worksteps policy calls it and cannot read worksteps itself (it would
-- recurse). It answers only for the login that connected (session_user), never for another.
CREATE FUNCTION casedesk_asked_about_steps() RETURNS bigint[] LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH me AS (SELECT id FROM workers WHERE username = session_user::text AND is_active),
    held AS (
        SELECT s.id, s.from_step_id FROM worksteps s, me
        WHERE casedesk_holds_assignment(me.id, s.assignee_worker_id, s.assignee_team_id,
                                        s.assignee_virtual_worker_id)
           OR s.started_by = me.id OR s.finished_by = me.id
           OR EXISTS (SELECT 1 FROM requests r WHERE r.step_id = s.id
                      AND casedesk_is_recipient(me.id, r.recipient_worker_id,
                                                r.recipient_virtual_worker_id)))
    SELECT COALESCE(array_agg(DISTINCT x.id), '{}')
    FROM (SELECT id FROM held UNION SELECT from_step_id FROM held
          WHERE from_step_id IS NOT NULL) AS x
$$;

-- The people and episodes of those steps.
CREATE FUNCTION casedesk_asked_about_people() RETURNS bigint[] LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT COALESCE(array_agg(DISTINCT person_id), '{}') FROM worksteps
    WHERE id = ANY (casedesk_asked_about_steps())
$$;

CREATE FUNCTION casedesk_asked_about_episodes() RETURNS bigint[] LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT COALESCE(array_agg(DISTINCT episode_id) FILTER (WHERE episode_id IS NOT NULL), '{}')
    FROM worksteps WHERE id = ANY (casedesk_asked_about_steps())
$$;

INSERT INTO security_function_grants (function_name, grantee) VALUES
    ('casedesk_asked_about_only', 'user'),
    ('casedesk_asked_about_steps', 'user'),
    ('casedesk_asked_about_people', 'user'),
    ('casedesk_asked_about_episodes', 'user');

-- Restrictive: ANDed with the policies each table has. Each (SELECT ...) is evaluated once per
-- statement (an uncorrelated subquery); for everyone else the first term is true and the rest is not looked at. Writes are
-- checked by the tables' triggers, so WITH CHECK adds nothing here.
CREATE POLICY people_asked_about ON people AS RESTRICTIVE FOR ALL
    USING ((SELECT NOT casedesk_asked_about_only())
           OR id IN (SELECT unnest(casedesk_asked_about_people())))
    WITH CHECK (TRUE);
CREATE POLICY worksteps_asked_about ON worksteps AS RESTRICTIVE FOR ALL
    USING ((SELECT NOT casedesk_asked_about_only())
           OR id IN (SELECT unnest(casedesk_asked_about_steps())))
    WITH CHECK (TRUE);
CREATE POLICY episodes_asked_about ON episodes AS RESTRICTIVE FOR ALL
    USING ((SELECT NOT casedesk_asked_about_only())
           OR id IN (SELECT unnest(casedesk_asked_about_episodes())))
    WITH CHECK (TRUE);
CREATE POLICY events_asked_about ON events AS RESTRICTIVE FOR ALL
    USING ((SELECT NOT casedesk_asked_about_only())
           OR episode_id IN (SELECT unnest(casedesk_asked_about_episodes())))
    WITH CHECK (TRUE);

-- --- starting a step from the record ----------------------------------------------------------

CREATE FUNCTION casedesk_check_started_by() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    type_rule rule_step_types;
BEGIN
    IF casedesk_is_trusted() OR NEW.from_step_id IS NOT NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO type_rule FROM rule_step_types WHERE step_type = NEW.step_type;
    IF NOT FOUND OR cardinality(type_rule.started_by_roles) = 0 THEN
        RETURN NEW;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM unnest(type_rule.started_by_roles) AS x(role)
                   WHERE casedesk_holds_role(x.role)) THEN
        -- The roles in the order the definition names them.
        PERFORM casedesk_refuse(format('only a %s starts "%s" from a record.',
            (SELECT string_agg(COALESCE(n.name, x.role), ' or ' ORDER BY x.ord)
             FROM unnest(type_rule.started_by_roles) WITH ORDINALITY AS x(role, ord)
             LEFT JOIN rule_roles n ON n.role = x.role), NEW.step_type));
    END IF;
    -- A person the worker cannot see is refused by row-level security, as before.
    IF type_rule.started_for = 'children'
       AND EXISTS (SELECT 1 FROM people p WHERE p.id = NEW.person_id AND NOT p.is_child) THEN
        PERFORM casedesk_refuse(format(
            '"%s" is for a child, and person %s is not recorded as a child.', NEW.step_type,
            NEW.person_id));
    END IF;
    RETURN NEW;
END
$$;

-- Named to run after 014's worksteps_rules_workflow (triggers run in name order): a step that
-- is neither released nor startable is refused as such first.
CREATE TRIGGER worksteps_rules_workflow_started_by BEFORE INSERT ON worksteps
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_started_by();

SELECT casedesk_apply_security();
