-- Server-enforced rules for a shared PostgreSQL database (PostgreSQL only; SQLite is one user).
--
-- Each worker signs in as their own login role, named as workers.username, member of
-- casedesk_user and of one group role per CaseDesk role (casedesk_social_worker, ...). The role
-- that ran the migrations owns every table and is trusted: the database owner and superusers
-- bypass these checks (row-level security does not apply to them and the triggers let them
-- through). Everyone else is checked here, whatever client they use:
--   * privileges: workers read, insert and update only what CaseDesk writes; nothing is deleted;
--   * row-level security: a restricted person (people.is_restricted) and everything about them
--     is visible only to those allowed (casedesk_may_see_restricted);
--   * BEFORE triggers: the workflow rules, against the rule_* tables that casedesk-admin upgrade
--     fills from the definitions in forms/ (which request a worker may complete, which role owns
--     a question, which step types a next action may create, ...);
--   * AFTER triggers: every write is recorded in audit_log by the server, with current_user.
-- The acting worker is current_user -> workers.username; the acting role is the row's
-- saved_as_role / sent_as_role / responded_as_role / finished_as_role / added_as_role, which
-- the worker must hold (a worker_roles row and membership of the group role).
-- Refusals are raised with SQLSTATE 42501 and a message starting "CaseDesk refused:".
--
-- casedesk_apply_security() (re)applies privileges and audit triggers to every table, including
-- tables later migrations add; casedesk-admin upgrade runs it after migrating.

-- --- the rules, as synced from the definitions ----------------------------------------------

CREATE TABLE rule_roles (
    role  TEXT PRIMARY KEY,
    name  TEXT NOT NULL
);

CREATE TABLE rule_step_types (
    step_type              TEXT PRIMARY KEY,
    primary_form           TEXT NOT NULL,
    prepopulate            BOOLEAN NOT NULL DEFAULT FALSE,
    startable_from_record  BOOLEAN NOT NULL DEFAULT FALSE
);

-- The forms of a step type: its primary form and those offered through forms and letters.
CREATE TABLE rule_step_forms (
    step_type  TEXT NOT NULL,
    form_code  TEXT NOT NULL,
    PRIMARY KEY (step_type, form_code)
);

-- The requests that may be sent from a step type.
CREATE TABLE rule_step_requests (
    step_type     TEXT NOT NULL,
    request_type  TEXT NOT NULL,
    PRIMARY KEY (step_type, request_type)
);

CREATE TABLE rule_request_types (
    request_type          TEXT PRIMARY KEY,
    is_required           BOOLEAN NOT NULL,
    recipient_kind        TEXT NOT NULL CHECK (recipient_kind IN ('worker', 'virtualWorker')),
    recipient_may_finish  BOOLEAN NOT NULL
);

-- kind 'recipient': a worker recipient must hold one of these roles (none listed: anyone);
-- kind 'completed_by': only these roles may mark the request Completed or Declined.
CREATE TABLE rule_request_roles (
    request_type  TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('recipient', 'completed_by')),
    role          TEXT NOT NULL,
    PRIMARY KEY (request_type, kind, role)
);

CREATE TABLE rule_request_virtual_workers (
    request_type         TEXT NOT NULL,
    virtual_worker_code  TEXT NOT NULL,
    PRIMARY KEY (request_type, virtual_worker_code)
);

-- Every question of every form with the role that owns it ('' : whoever may edit the step).
CREATE TABLE rule_questions (
    form_code    TEXT NOT NULL,
    question_id  TEXT NOT NULL,
    section_id   TEXT NOT NULL,
    owner_role   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (form_code, question_id)
);

-- The next actions a form offers, with the owner role of their section.
CREATE TABLE rule_next_actions (
    form_code         TEXT NOT NULL,
    step_type         TEXT NOT NULL,
    section_id        TEXT NOT NULL,
    owner_role        TEXT NOT NULL DEFAULT '',
    assign_kinds      TEXT[] NOT NULL,
    virtual_workers   TEXT[] NOT NULL DEFAULT '{}',
    worker_roles      TEXT[] NOT NULL DEFAULT '{}',
    send_immediately  BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (form_code, step_type)
);

CREATE TABLE rule_virtual_workers (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    member_roles  TEXT[] NOT NULL DEFAULT '{}'
);

CREATE TABLE rule_sync (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    synced_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    synced_by   TEXT NOT NULL DEFAULT current_user,
    summary     TEXT NOT NULL DEFAULT ''
);

-- Who may have which privileges on which table (grantee: 'user' for casedesk_user, else a role
-- code for its group role casedesk_<code>). Tables not listed get SELECT, INSERT, UPDATE for
-- casedesk_user; a migration adding a table should list it here with what workers need.
CREATE TABLE security_table_grants (
    table_name  TEXT NOT NULL,
    grantee     TEXT NOT NULL,
    privileges  TEXT NOT NULL,
    PRIMARY KEY (table_name, grantee)
);

-- Tables whose writes the server does not record (derived from the definitions, or the log).
CREATE TABLE security_unaudited_tables (
    table_name  TEXT PRIMARY KEY
);

INSERT INTO security_unaudited_tables (table_name) VALUES
    ('audit_log'), ('rule_roles'), ('rule_step_types'), ('rule_step_forms'),
    ('rule_step_requests'), ('rule_request_types'), ('rule_request_roles'),
    ('rule_request_virtual_workers'), ('rule_questions'), ('rule_next_actions'),
    ('rule_virtual_workers'), ('rule_sync'), ('security_table_grants'),
    ('security_unaudited_tables');

INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('schema_version', 'user', 'SELECT'),
    ('teams', 'user', 'SELECT'),
    ('workers', 'user', 'SELECT'),
    ('worker_roles', 'user', 'SELECT'),
    ('virtual_workers', 'user', 'SELECT'),
    ('virtual_worker_members', 'user', 'SELECT'),
    ('people', 'user', 'SELECT'),
    ('relationships', 'user', 'SELECT'),
    ('person_access', 'user', 'SELECT'),
    ('episodes', 'user', 'SELECT, INSERT, UPDATE (end_date)'),
    ('events', 'user', 'SELECT, INSERT'),
    ('worksteps', 'user',
     'SELECT, INSERT, UPDATE (status, assignee_worker_id, assignee_team_id, '
     'assignee_virtual_worker_id, episode_id, due_date, scheduled_for, started_by, '
     'started_at, finished_by, finished_as_role, finished_at, cancelled_reason, revision)'),
    ('form_answers', 'user', 'SELECT, INSERT'),
    ('step_forms', 'user', 'SELECT, INSERT'),
    ('next_actions', 'user', 'SELECT, INSERT, UPDATE (created_step_id, removed_at)'),
    ('requests', 'user',
     'SELECT, INSERT, UPDATE (status, responded_by, responded_as_role, responded_at, '
     'decline_reason)'),
    ('panels', 'user', 'SELECT'),
    ('panels', 'panel_administrator', 'INSERT, UPDATE'),
    ('panel_agenda_items', 'user', 'SELECT, INSERT, UPDATE'),
    ('audit_log', 'user', 'SELECT, INSERT'),
    ('rule_roles', 'user', 'SELECT'),
    ('rule_step_types', 'user', 'SELECT'),
    ('rule_step_forms', 'user', 'SELECT'),
    ('rule_step_requests', 'user', 'SELECT'),
    ('rule_request_types', 'user', 'SELECT'),
    ('rule_request_roles', 'user', 'SELECT'),
    ('rule_request_virtual_workers', 'user', 'SELECT'),
    ('rule_questions', 'user', 'SELECT'),
    ('rule_next_actions', 'user', 'SELECT'),
    ('rule_virtual_workers', 'user', 'SELECT'),
    ('rule_sync', 'user', 'SELECT'),
    ('security_table_grants', 'user', 'SELECT'),
    ('security_unaudited_tables', 'user', 'SELECT');

-- --- restricted records ----------------------------------------------------------------------

-- Who may open a restricted person's record besides their allocated worker and the managers
-- (ps_manager) of their team: explicit grants (casedesk-admin grant-access), and the workers,
-- teams and virtual workers given work about the person (added by the server when a step or a
-- request about a restricted person is assigned to them).
CREATE TABLE person_access (
    id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    person_id          BIGINT NOT NULL REFERENCES people(id),
    worker_id          BIGINT REFERENCES workers(id),
    team_id            BIGINT REFERENCES teams(id),
    virtual_worker_id  BIGINT REFERENCES virtual_workers(id),
    reason             TEXT NOT NULL DEFAULT '',
    granted_by         TEXT NOT NULL DEFAULT current_user,
    granted_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(worker_id, team_id, virtual_worker_id) = 1)
);
CREATE UNIQUE INDEX person_access_once ON person_access
    (person_id, worker_id, team_id, virtual_worker_id) NULLS NOT DISTINCT;

-- --- audit_log: who wrote it, and whether the server or a client did -------------------------

ALTER TABLE audit_log ADD COLUMN db_user TEXT NOT NULL DEFAULT current_user;
-- 'server': written by a trigger or function of this file; 'client': inserted by a client.
ALTER TABLE audit_log ADD COLUMN source TEXT NOT NULL DEFAULT 'client';
ALTER TABLE audit_log ADD COLUMN recorded_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX audit_by_person_action ON audit_log (person_id, action);

-- --- who is acting ---------------------------------------------------------------------------

-- The database owner (and its members) and superusers: the administrators.
CREATE FUNCTION casedesk_is_trusted() RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper)
        OR pg_has_role(current_user,
                       (SELECT relowner FROM pg_class WHERE oid = 'workers'::regclass), 'MEMBER')
$$;

CREATE FUNCTION casedesk_worker_id() RETURNS bigint LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT id FROM workers WHERE username = current_user::text AND is_active
$$;

-- The worker holds the role: a worker_roles row and membership of casedesk_<role>.
CREATE FUNCTION casedesk_holds_role(p_role text) RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT COALESCE(p_role, '') <> ''
       AND EXISTS (SELECT 1 FROM workers w JOIN worker_roles r ON r.worker_id = w.id
                   WHERE w.username = current_user::text AND w.is_active AND r.role = p_role)
       AND EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'casedesk_' || p_role
                   AND pg_has_role(current_user, g.oid, 'MEMBER'))
$$;

CREATE FUNCTION casedesk_is_member(p_worker bigint, p_virtual_worker bigint) RETURNS boolean
LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM virtual_worker_members
                   WHERE virtual_worker_id = p_virtual_worker AND worker_id = p_worker)
$$;

-- The worker holds work assigned this way (to them, an inbox they belong to, or their team).
CREATE FUNCTION casedesk_holds_assignment(p_worker bigint, p_assignee_worker bigint,
                                          p_team bigint, p_virtual_worker bigint)
RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT COALESCE(CASE
        WHEN p_assignee_worker IS NOT NULL THEN p_assignee_worker = p_worker
        WHEN p_virtual_worker IS NOT NULL THEN casedesk_is_member(p_worker, p_virtual_worker)
        WHEN p_team IS NOT NULL THEN
            EXISTS (SELECT 1 FROM workers WHERE id = p_worker AND team_id = p_team)
        ELSE FALSE
    END, FALSE)
$$;

CREATE FUNCTION casedesk_is_recipient(p_worker bigint, p_recipient_worker bigint,
                                      p_recipient_virtual_worker bigint)
RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT COALESCE(CASE
        WHEN p_recipient_worker IS NOT NULL THEN p_recipient_worker = p_worker
        WHEN p_recipient_virtual_worker IS NOT NULL THEN
            casedesk_is_member(p_worker, p_recipient_virtual_worker)
        ELSE FALSE
    END, FALSE)
$$;

-- As WorkflowEngine::whyCannotEdit: a started step, held by the worker or about which a request
-- (not declined) was sent to them.
CREATE FUNCTION casedesk_may_edit_step(p_step bigint) RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM worksteps s
        WHERE s.id = p_step AND s.status = 'started'
          AND (casedesk_holds_assignment(casedesk_worker_id(), s.assignee_worker_id,
                                         s.assignee_team_id, s.assignee_virtual_worker_id)
               OR EXISTS (SELECT 1 FROM requests r
                          WHERE r.step_id = s.id AND r.status <> 'declined'
                            AND casedesk_is_recipient(casedesk_worker_id(), r.recipient_worker_id,
                                                      r.recipient_virtual_worker_id))))
$$;

-- A restricted person is visible to: their allocated worker; a PS/Manager of the person's team
-- or of the allocated worker's team; anyone on the access list (person_access) directly, through
-- their team or through a virtual worker they belong to.
CREATE FUNCTION casedesk_may_see_restricted(p_person bigint, p_allocated bigint, p_team bigint)
RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    WITH me AS (SELECT id, team_id FROM workers
                WHERE username = current_user::text AND is_active)
    SELECT EXISTS (SELECT 1 FROM me WHERE me.id = p_allocated)
        OR EXISTS (SELECT 1 FROM me JOIN worker_roles r ON r.worker_id = me.id
                   WHERE r.role = 'ps_manager' AND me.team_id IS NOT NULL
                     AND (me.team_id = p_team
                          OR me.team_id = (SELECT team_id FROM workers WHERE id = p_allocated)))
        OR EXISTS (SELECT 1 FROM me JOIN person_access a ON a.person_id = p_person
                   WHERE a.worker_id = me.id OR a.team_id = me.team_id
                      OR casedesk_is_member(me.id, a.virtual_worker_id))
$$;

-- May review who has opened a person's record: their allocated worker and the managers of their
-- team (who can see the record), and the administrators.
CREATE FUNCTION casedesk_may_review_person(p_person bigint) RETURNS boolean
LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT casedesk_is_trusted() OR EXISTS (
        SELECT 1 FROM people p, workers me
        WHERE p.id = p_person AND me.username = current_user::text AND me.is_active
          AND (p.allocated_worker_id = me.id
               OR (EXISTS (SELECT 1 FROM worker_roles r WHERE r.worker_id = me.id
                           AND r.role = 'ps_manager')
                   AND me.team_id IS NOT NULL
                   AND (me.team_id = p.team_id
                        OR me.team_id = (SELECT team_id FROM workers
                                         WHERE id = p.allocated_worker_id)))))
$$;

CREATE FUNCTION casedesk_refuse(p_message text) RETURNS void LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'CaseDesk refused: ' || p_message;
END
$$;

-- The acting worker, or a refusal for a login that is not an active CaseDesk worker.
CREATE FUNCTION casedesk_require_worker() RETURNS bigint LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint := casedesk_worker_id();
BEGIN
    IF me IS NULL THEN
        PERFORM casedesk_refuse(format('%s is not an active CaseDesk worker.', current_user));
    END IF;
    RETURN me;
END
$$;

CREATE FUNCTION casedesk_require_role(p_role text) RETURNS void LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT casedesk_holds_role(p_role) THEN
        PERFORM casedesk_refuse(format('%s does not hold the role "%s" they are acting in.',
                                       current_user, COALESCE(p_role, '')));
    END IF;
END
$$;

CREATE FUNCTION casedesk_role_names(p_roles text[]) RETURNS text LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT COALESCE(string_agg(COALESCE(n.name, x.role), ' or '), '')
    FROM unnest(p_roles) AS x(role) LEFT JOIN rule_roles n ON n.role = x.role
$$;

-- --- worksteps -------------------------------------------------------------------------------

CREATE FUNCTION casedesk_check_workstep() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    holds boolean;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk_refuse('worksteps are never deleted; cancel the step instead.');
    END IF;

    IF TG_OP = 'INSERT' THEN
        IF NEW.created_by IS DISTINCT FROM me THEN
            PERFORM casedesk_refuse('a step can only be created in your own name.');
        END IF;
        IF NEW.status <> 'incoming' OR NEW.started_by IS NOT NULL OR NEW.started_at IS NOT NULL
           OR NEW.finished_by IS NOT NULL OR NEW.finished_at IS NOT NULL
           OR NEW.finished_as_role IS NOT NULL OR NEW.revision <> 0 THEN
            PERFORM casedesk_refuse('a new step is created as incoming work.');
        END IF;
        IF num_nonnulls(NEW.assignee_worker_id, NEW.assignee_team_id,
                        NEW.assignee_virtual_worker_id) <> 1 THEN
            PERFORM casedesk_refuse('a step is assigned to one worker, team or virtual worker.');
        END IF;
        IF NOT EXISTS (SELECT 1 FROM rule_step_types WHERE step_type = NEW.step_type) THEN
            PERFORM casedesk_refuse(format('"%s" is not a step CaseDesk knows.', NEW.step_type));
        END IF;
        IF NEW.from_step_id IS NULL THEN
            -- Work started from the person's record (RLS checks the person may be seen).
            IF NOT EXISTS (SELECT 1 FROM worker_roles WHERE worker_id = me) THEN
                PERFORM casedesk_refuse('only a worker with a CaseDesk role can create work.');
            END IF;
        ELSIF NOT EXISTS (
            -- Follow-on work of a step of the same person: released by whoever finished that
            -- step (its next actions), or sent by someone who may record on it or holds it.
            SELECT 1 FROM worksteps f
            WHERE f.id = NEW.from_step_id AND f.person_id = NEW.person_id
              AND ((f.status = 'finished' AND f.finished_by = me)
                   OR casedesk_may_edit_step(f.id)
                   OR (f.status = 'incoming'
                       AND casedesk_holds_assignment(me, f.assignee_worker_id,
                                                     f.assignee_team_id,
                                                     f.assignee_virtual_worker_id)))) THEN
            PERFORM casedesk_refuse(format(
                'step %s is not yours to send "%s" from.', NEW.from_step_id, NEW.step_type));
        END IF;
        IF NEW.episode_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM episodes e WHERE e.id = NEW.episode_id
            AND e.person_id = NEW.person_id) THEN
            PERFORM casedesk_refuse('a step belongs to an episode of the same person.');
        END IF;
        RETURN NEW;
    END IF;

    -- UPDATE
    IF OLD.status IN ('finished', 'cancelled') THEN
        PERFORM casedesk_refuse(format('step %s is %s, so it can no longer be changed.',
                                       OLD.id, OLD.status));
    END IF;
    IF NEW.id <> OLD.id OR NEW.person_id <> OLD.person_id OR NEW.step_type <> OLD.step_type
       OR NEW.created_by IS DISTINCT FROM OLD.created_by
       OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR NEW.from_step_id IS DISTINCT FROM OLD.from_step_id THEN
        PERFORM casedesk_refuse('what a step is about and where it came from cannot be changed.');
    END IF;
    IF NEW.episode_id IS DISTINCT FROM OLD.episode_id THEN
        -- Only its creator files a new step under an episode of the same person, once.
        IF NOT COALESCE(OLD.episode_id IS NULL AND OLD.status = 'incoming'
                        AND NEW.status = 'incoming' AND OLD.created_by = me
                        AND EXISTS (SELECT 1 FROM episodes e WHERE e.id = NEW.episode_id
                                    AND e.person_id = OLD.person_id), FALSE) THEN
            PERFORM casedesk_refuse(format('step %s cannot be moved to another episode.',
                                           OLD.id));
        END IF;
        IF (to_jsonb(NEW) - 'episode_id') = (to_jsonb(OLD) - 'episode_id') THEN
            RETURN NEW;
        END IF;
    END IF;
    IF NEW.revision < OLD.revision THEN
        PERFORM casedesk_refuse('a step''s revision only goes up.');
    END IF;
    holds := casedesk_holds_assignment(me, OLD.assignee_worker_id, OLD.assignee_team_id,
                                       OLD.assignee_virtual_worker_id);

    IF (OLD.assignee_worker_id, OLD.assignee_team_id, OLD.assignee_virtual_worker_id)
       IS DISTINCT FROM
       (NEW.assignee_worker_id, NEW.assignee_team_id, NEW.assignee_virtual_worker_id) THEN
        -- Only taking work from an inbox or team one belongs to as one's own, when starting it.
        IF NOT COALESCE(holds AND OLD.assignee_worker_id IS NULL AND NEW.assignee_worker_id = me
                        AND NEW.assignee_team_id IS NULL
                        AND NEW.assignee_virtual_worker_id IS NULL AND NEW.status = 'started'
                        AND NEW.started_by = me, FALSE) THEN
            PERFORM casedesk_refuse(format('step %s is not yours to reassign.', OLD.id));
        END IF;
    END IF;

    IF OLD.status = 'incoming' AND NEW.status = 'started' THEN
        IF NOT holds THEN
            PERFORM casedesk_refuse(format(
                'step %s is assigned to someone else (or to an inbox you are not a member of), '
                'so you cannot start it.', OLD.id));
        END IF;
        IF NEW.started_by IS DISTINCT FROM me OR NEW.started_at IS NULL
           OR NEW.finished_by IS NOT NULL OR NEW.finished_at IS NOT NULL THEN
            PERFORM casedesk_refuse('a step is started in your own name.');
        END IF;
    ELSIF OLD.status = NEW.status THEN
        IF NEW.started_by IS DISTINCT FROM OLD.started_by
           OR NEW.started_at IS DISTINCT FROM OLD.started_at
           OR NEW.finished_by IS NOT NULL OR NEW.finished_at IS NOT NULL
           OR NEW.finished_as_role IS NOT NULL OR NEW.cancelled_reason IS NOT NULL THEN
            PERFORM casedesk_refuse('start, finish or cancel a step; its dates cannot be edited.');
        END IF;
        IF OLD.status = 'started' THEN
            IF NOT (holds OR casedesk_may_edit_step(OLD.id)) THEN
                PERFORM casedesk_refuse(format(
                    'step %s is someone else''s work and no request about it was sent to you.',
                    OLD.id));
            END IF;
        ELSIF NOT holds THEN
            PERFORM casedesk_refuse(format('step %s is assigned to someone else.', OLD.id));
        END IF;
    ELSIF OLD.status = 'started' AND NEW.status = 'finished' THEN
        IF NEW.finished_by IS DISTINCT FROM me OR NEW.finished_at IS NULL
           OR NEW.started_by IS DISTINCT FROM OLD.started_by
           OR NEW.started_at IS DISTINCT FROM OLD.started_at THEN
            PERFORM casedesk_refuse('a step is finished in your own name.');
        END IF;
        PERFORM casedesk_require_role(NEW.finished_as_role);
        IF NOT holds AND NOT EXISTS (
            SELECT 1 FROM requests r JOIN rule_request_types t ON t.request_type = r.request_type
            WHERE r.step_id = OLD.id AND r.status = 'completed' AND t.recipient_may_finish
              AND casedesk_is_recipient(me, r.recipient_worker_id,
                                        r.recipient_virtual_worker_id)) THEN
            PERFORM casedesk_refuse(format(
                'only the worker holding step %s, or the recipient of a completed request that '
                'lets them finish it, can finish it.', OLD.id));
        END IF;
        IF EXISTS (SELECT 1 FROM requests WHERE step_id = OLD.id AND is_required
                   AND status = 'outstanding') THEN
            PERFORM casedesk_refuse(format(
                'step %s has an outstanding REQUIRED request, so it cannot be finished.',
                OLD.id));
        END IF;
    ELSIF NEW.status = 'cancelled' THEN
        IF NOT holds THEN
            PERFORM casedesk_refuse(format('only the worker holding step %s can cancel it.',
                                           OLD.id));
        END IF;
        IF NEW.finished_by IS DISTINCT FROM me OR NEW.finished_at IS NULL
           OR COALESCE(btrim(NEW.cancelled_reason), '') = '' THEN
            PERFORM casedesk_refuse('a step is cancelled in your own name, with a reason.');
        END IF;
        PERFORM casedesk_require_role(NEW.finished_as_role);
    ELSE
        PERFORM casedesk_refuse(format('a step cannot go from %s to %s.', OLD.status,
                                       NEW.status));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER worksteps_rules BEFORE INSERT OR UPDATE OR DELETE ON worksteps
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_workstep();

-- --- form answers: append-only, by the owner role of each question ---------------------------

CREATE FUNCTION casedesk_check_form_answer() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    the_step worksteps;
    owner text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF casedesk_is_trusted() THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        PERFORM casedesk_refuse('answers are never changed or deleted; save a new answer, which '
                                'is kept as a new version.');
    END IF;
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    me := casedesk_require_worker();
    IF NEW.saved_by IS DISTINCT FROM me THEN
        PERFORM casedesk_refuse('answers are saved in your own name.');
    END IF;
    PERFORM casedesk_require_role(NEW.saved_as_role);
    SELECT * INTO the_step FROM worksteps WHERE id = NEW.step_id;
    IF NOT FOUND THEN
        PERFORM casedesk_refuse(format('there is no step %s you can see.', NEW.step_id));
    END IF;
    IF the_step.status <> 'started' THEN
        PERFORM casedesk_refuse(format('step %s is %s, so its answers are read-only.',
                                       the_step.id, the_step.status));
    END IF;
    IF NOT casedesk_may_edit_step(the_step.id) THEN
        PERFORM casedesk_refuse(format(
            'step %s is someone else''s work and no request about it was sent to you.',
            the_step.id));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM rule_step_forms WHERE step_type = the_step.step_type
                   AND form_code = NEW.form_code) THEN
        PERFORM casedesk_refuse(format('form %s is not one of the forms of %s.', NEW.form_code,
                                       the_step.step_type));
    END IF;
    SELECT q.owner_role INTO owner FROM rule_questions q
    WHERE q.form_code = NEW.form_code AND q.question_id = NEW.question_id;
    IF NOT FOUND THEN
        PERFORM casedesk_refuse(format('form %s has no question "%s".', NEW.form_code,
                                       NEW.question_id));
    END IF;
    IF owner <> '' AND owner <> NEW.saved_as_role THEN
        PERFORM casedesk_refuse(format('"%s" on %s is for the %s to complete.', NEW.question_id,
                                       NEW.form_code, casedesk_role_names(ARRAY[owner])));
    END IF;
    IF NEW.version <> COALESCE((SELECT max(version) FROM form_answers
                                WHERE step_id = NEW.step_id AND form_code = NEW.form_code
                                  AND question_id = NEW.question_id), 0) + 1 THEN
        PERFORM casedesk_refuse('an answer is saved as the next version of the question.');
    END IF;
    IF NEW.copied_from_step_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM worksteps c WHERE c.id = NEW.copied_from_step_id
        AND c.person_id = the_step.person_id AND c.status = 'finished') THEN
        PERFORM casedesk_refuse('answers are only copied from a finished step on the same '
                                'person''s record.');
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER form_answers_rules BEFORE INSERT OR UPDATE OR DELETE ON form_answers
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_form_answer();

-- --- forms opened on a step ------------------------------------------------------------------

CREATE FUNCTION casedesk_check_step_form() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP <> 'INSERT' THEN
        PERFORM casedesk_refuse('a form opened on a step stays part of it.');
    END IF;
    IF NEW.opened_by IS DISTINCT FROM me THEN
        PERFORM casedesk_refuse('forms are opened in your own name.');
    END IF;
    IF NOT casedesk_may_edit_step(NEW.step_id) THEN
        PERFORM casedesk_refuse(format('you cannot record on step %s.', NEW.step_id));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM worksteps s JOIN rule_step_forms f ON f.step_type = s.step_type
                   WHERE s.id = NEW.step_id AND f.form_code = NEW.form_code) THEN
        PERFORM casedesk_refuse(format('form %s is not one of the forms of step %s.',
                                       NEW.form_code, NEW.step_id));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER step_forms_rules BEFORE INSERT OR UPDATE OR DELETE ON step_forms
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_step_form();

-- --- next actions ----------------------------------------------------------------------------

CREATE FUNCTION casedesk_check_next_action() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    na_rule rule_next_actions;
    vw_code text;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk_refuse('next actions are never deleted; remove them instead.');
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.added_by IS DISTINCT FROM me THEN
            PERFORM casedesk_refuse('next actions are added in your own name.');
        END IF;
        PERFORM casedesk_require_role(NEW.added_as_role);
        IF NEW.created_step_id IS NOT NULL OR NEW.removed_at IS NOT NULL THEN
            PERFORM casedesk_refuse('a next action is added unsent.');
        END IF;
        IF NOT casedesk_may_edit_step(NEW.step_id) THEN
            PERFORM casedesk_refuse(format('you cannot record on step %s.', NEW.step_id));
        END IF;
        SELECT * INTO na_rule FROM rule_next_actions
        WHERE form_code = NEW.form_code AND step_type = NEW.step_type;
        IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM worksteps s JOIN rule_step_forms f
                                    ON f.step_type = s.step_type
                                    WHERE s.id = NEW.step_id AND f.form_code = NEW.form_code) THEN
            PERFORM casedesk_refuse(format('%s does not offer "%s" as a next action here.',
                                           NEW.form_code, NEW.step_type));
        END IF;
        IF na_rule.owner_role <> '' AND na_rule.owner_role <> NEW.added_as_role THEN
            PERFORM casedesk_refuse(format('the next actions of %s are for the %s to add.',
                                           NEW.form_code,
                                           casedesk_role_names(ARRAY[na_rule.owner_role])));
        END IF;
        IF NEW.send_immediately AND NOT na_rule.send_immediately THEN
            PERFORM casedesk_refuse(format('"%s" cannot be sent immediately.', NEW.step_type));
        END IF;
        IF num_nonnulls(NEW.assignee_worker_id, NEW.assignee_team_id,
                        NEW.assignee_virtual_worker_id) <> 1 THEN
            PERFORM casedesk_refuse('a next action is assigned to one worker, team or virtual '
                                    'worker.');
        END IF;
        IF NEW.assignee_worker_id IS NOT NULL THEN
            IF NOT (('worker' = ANY (na_rule.assign_kinds))
                    OR ('me' = ANY (na_rule.assign_kinds) AND NEW.assignee_worker_id = me)) THEN
                PERFORM casedesk_refuse(format('"%s" cannot be assigned to that worker.',
                                               NEW.step_type));
            END IF;
            IF cardinality(na_rule.worker_roles) > 0 AND NOT EXISTS (
                SELECT 1 FROM worker_roles r JOIN workers w ON w.id = r.worker_id
                WHERE r.worker_id = NEW.assignee_worker_id AND w.is_active
                  AND r.role = ANY (na_rule.worker_roles)) THEN
                PERFORM casedesk_refuse(format('"%s" can only be assigned to a %s.',
                                               NEW.step_type,
                                               casedesk_role_names(na_rule.worker_roles)));
            END IF;
        ELSIF NEW.assignee_team_id IS NOT NULL THEN
            IF NOT 'team' = ANY (na_rule.assign_kinds) THEN
                PERFORM casedesk_refuse(format('"%s" cannot be assigned to a team.',
                                               NEW.step_type));
            END IF;
        ELSE
            SELECT v.code INTO vw_code FROM virtual_workers v
            WHERE v.id = NEW.assignee_virtual_worker_id;
            IF NOT 'virtualWorker' = ANY (na_rule.assign_kinds)
               OR NOT COALESCE(vw_code = ANY (na_rule.virtual_workers), FALSE) THEN
                PERFORM casedesk_refuse(format('"%s" cannot be sent to that virtual worker.',
                                               NEW.step_type));
            END IF;
        END IF;
        RETURN NEW;
    END IF;

    -- UPDATE: a next action is sent (created_step_id) or removed (removed_at), nothing else.
    IF (NEW.id, NEW.step_id, NEW.form_code, NEW.step_type, NEW.assignee_worker_id,
        NEW.assignee_team_id, NEW.assignee_virtual_worker_id, NEW.send_immediately, NEW.note,
        NEW.added_by, NEW.added_as_role, NEW.added_at)
       IS DISTINCT FROM
       (OLD.id, OLD.step_id, OLD.form_code, OLD.step_type, OLD.assignee_worker_id,
        OLD.assignee_team_id, OLD.assignee_virtual_worker_id, OLD.send_immediately, OLD.note,
        OLD.added_by, OLD.added_as_role, OLD.added_at) THEN
        PERFORM casedesk_refuse('a next action cannot be rewritten; remove it and add another.');
    END IF;
    IF NEW.created_step_id IS DISTINCT FROM OLD.created_step_id THEN
        IF OLD.created_step_id IS NOT NULL OR OLD.removed_at IS NOT NULL
           OR NOT EXISTS (SELECT 1 FROM worksteps c
                          WHERE c.id = NEW.created_step_id AND c.from_step_id = OLD.step_id
                            AND c.step_type = OLD.step_type AND c.created_by = me) THEN
            PERFORM casedesk_refuse('a next action is marked sent only with the step it created.');
        END IF;
    END IF;
    IF NEW.removed_at IS DISTINCT FROM OLD.removed_at THEN
        IF OLD.removed_at IS NOT NULL OR NEW.removed_at IS NULL
           OR NEW.created_step_id IS NOT NULL THEN
            PERFORM casedesk_refuse('a next action that was sent or removed stays so.');
        END IF;
        IF NOT casedesk_may_edit_step(OLD.step_id) THEN
            PERFORM casedesk_refuse(format('you cannot record on step %s.', OLD.step_id));
        END IF;
        IF EXISTS (SELECT 1 FROM rule_next_actions x
                   WHERE x.form_code = OLD.form_code AND x.step_type = OLD.step_type
                     AND x.owner_role <> '' AND NOT casedesk_holds_role(x.owner_role)) THEN
            PERFORM casedesk_refuse(format('the next actions of %s are for another role.',
                                           OLD.form_code));
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER next_actions_rules BEFORE INSERT OR UPDATE OR DELETE ON next_actions
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_next_action();

-- --- requests --------------------------------------------------------------------------------

CREATE FUNCTION casedesk_check_request() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    the_step worksteps;
    req_rule rule_request_types;
    completers text[];
    recipients text[];
    vw_code text;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk_refuse('requests are never deleted; decline them instead.');
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT * INTO the_step FROM worksteps WHERE id = NEW.step_id;
    ELSE
        SELECT * INTO the_step FROM worksteps WHERE id = OLD.step_id;
    END IF;
    SELECT * INTO req_rule FROM rule_request_types WHERE request_type = NEW.request_type;
    IF NOT FOUND THEN
        PERFORM casedesk_refuse(format('"%s" is not a request CaseDesk knows.', NEW.request_type));
    END IF;

    IF TG_OP = 'INSERT' THEN
        IF NEW.sender_worker_id IS DISTINCT FROM me THEN
            PERFORM casedesk_refuse('requests are sent in your own name.');
        END IF;
        PERFORM casedesk_require_role(NEW.sent_as_role);
        IF NEW.status <> 'outstanding' OR NEW.responded_by IS NOT NULL
           OR NEW.responded_at IS NOT NULL OR NEW.responded_as_role IS NOT NULL THEN
            PERFORM casedesk_refuse('a request is sent outstanding.');
        END IF;
        IF NOT casedesk_may_edit_step(NEW.step_id) THEN
            PERFORM casedesk_refuse(format('you cannot record on step %s.', NEW.step_id));
        END IF;
        IF NOT EXISTS (SELECT 1 FROM rule_step_requests WHERE step_type = the_step.step_type
                       AND request_type = NEW.request_type) THEN
            PERFORM casedesk_refuse(format('"%s" cannot be sent from %s.', NEW.request_type,
                                           the_step.step_type));
        END IF;
        IF NEW.is_required <> req_rule.is_required THEN
            PERFORM casedesk_refuse(format('"%s" is %s.', NEW.request_type,
                CASE WHEN req_rule.is_required THEN 'REQUIRED' ELSE 'not REQUIRED' END));
        END IF;
        IF req_rule.recipient_kind = 'worker' THEN
            IF NEW.recipient_worker_id IS NULL OR NEW.recipient_virtual_worker_id IS NOT NULL THEN
                PERFORM casedesk_refuse(format('"%s" goes to a worker.', NEW.request_type));
            END IF;
            recipients := ARRAY(SELECT role FROM rule_request_roles
                                WHERE request_type = NEW.request_type AND kind = 'recipient');
            IF cardinality(recipients) > 0 AND NOT EXISTS (
                SELECT 1 FROM worker_roles r JOIN workers w ON w.id = r.worker_id
                WHERE r.worker_id = NEW.recipient_worker_id AND w.is_active
                  AND r.role = ANY (recipients)) THEN
                PERFORM casedesk_refuse(format('"%s" can only be sent to a %s.', NEW.request_type,
                                               casedesk_role_names(recipients)));
            END IF;
        ELSE
            IF NEW.recipient_virtual_worker_id IS NULL OR NEW.recipient_worker_id IS NOT NULL THEN
                PERFORM casedesk_refuse(format('"%s" goes to a virtual worker.',
                                               NEW.request_type));
            END IF;
            SELECT v.code INTO vw_code FROM virtual_workers v
            WHERE v.id = NEW.recipient_virtual_worker_id;
            IF NOT EXISTS (SELECT 1 FROM rule_request_virtual_workers
                           WHERE request_type = NEW.request_type
                             AND virtual_worker_code = vw_code) THEN
                PERFORM casedesk_refuse(format('"%s" cannot be sent to that virtual worker.',
                                               NEW.request_type));
            END IF;
        END IF;
        RETURN NEW;
    END IF;

    -- UPDATE: the recipient completes or declines an outstanding request.
    IF OLD.status <> 'outstanding' THEN
        PERFORM casedesk_refuse(format('request %s was already %s.', OLD.id, OLD.status));
    END IF;
    IF (NEW.id, NEW.step_id, NEW.request_type, NEW.is_required, NEW.sender_worker_id,
        NEW.sent_as_role, NEW.recipient_worker_id, NEW.recipient_virtual_worker_id, NEW.note,
        NEW.sent_at)
       IS DISTINCT FROM
       (OLD.id, OLD.step_id, OLD.request_type, OLD.is_required, OLD.sender_worker_id,
        OLD.sent_as_role, OLD.recipient_worker_id, OLD.recipient_virtual_worker_id, OLD.note,
        OLD.sent_at) THEN
        PERFORM casedesk_refuse('a request cannot be rewritten.');
    END IF;
    IF NEW.status NOT IN ('completed', 'declined') THEN
        PERFORM casedesk_refuse('a request is answered by completing or declining it.');
    END IF;
    IF NOT casedesk_is_recipient(me, OLD.recipient_worker_id, OLD.recipient_virtual_worker_id) THEN
        PERFORM casedesk_refuse(format(
            'request %s ("%s") was sent to someone else (or to an inbox you are not a member '
            'of); only its recipient can complete or decline it.', OLD.id, OLD.request_type));
    END IF;
    IF NEW.responded_by IS DISTINCT FROM me OR NEW.responded_at IS NULL THEN
        PERFORM casedesk_refuse('a request is answered in your own name.');
    END IF;
    PERFORM casedesk_require_role(NEW.responded_as_role);
    completers := ARRAY(SELECT role FROM rule_request_roles
                        WHERE request_type = OLD.request_type AND kind = 'completed_by');
    IF cardinality(completers) > 0 AND NOT NEW.responded_as_role = ANY (completers) THEN
        PERFORM casedesk_refuse(format('only a %s can complete or decline "%s".',
                                       casedesk_role_names(completers), OLD.request_type));
    END IF;
    IF the_step.status IN ('finished', 'cancelled') THEN
        PERFORM casedesk_refuse(format('step %s is %s, so its requests are closed.', the_step.id,
                                       the_step.status));
    END IF;
    IF NEW.status = 'declined' AND COALESCE(btrim(NEW.decline_reason), '') = '' THEN
        PERFORM casedesk_refuse('a request is declined with a reason.');
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER requests_rules BEFORE INSERT OR UPDATE OR DELETE ON requests
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_request();

-- --- episodes and events ---------------------------------------------------------------------

CREATE FUNCTION casedesk_check_person_history() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    j jsonb;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk_refuse(format('%s are never deleted.', TG_TABLE_NAME));
    END IF;
    IF TG_OP = 'INSERT' THEN
        j := to_jsonb(NEW);
        IF (j->>'created_by') IS DISTINCT FROM me::text
           AND (j->>'recorded_by') IS DISTINCT FROM me::text THEN
            PERFORM casedesk_refuse(format('%s are recorded in your own name.', TG_TABLE_NAME));
        END IF;
        IF NOT EXISTS (SELECT 1 FROM worker_roles WHERE worker_id = me) THEN
            PERFORM casedesk_refuse('only a worker with a CaseDesk role can record this.');
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER episodes_rules BEFORE INSERT OR UPDATE OR DELETE ON episodes
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_person_history();
CREATE TRIGGER events_rules BEFORE INSERT OR UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_person_history();

-- --- the audit log: append-only, in the writer's own name ------------------------------------

CREATE FUNCTION casedesk_check_audit() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF casedesk_is_trusted() THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        PERFORM casedesk_refuse('the audit log is append-only.');
    END IF;
    NEW.db_user := current_user;
    NEW.recorded_at := now();
    NEW.source := CASE WHEN pg_trigger_depth() > 1 THEN 'server' ELSE 'client' END;
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    me := casedesk_require_worker();
    IF NEW.worker_id IS DISTINCT FROM me THEN
        PERFORM casedesk_refuse('the audit log is written in your own name.');
    END IF;
    IF NEW.source = 'client' AND NEW.acting_role <> '' THEN
        PERFORM casedesk_require_role(NEW.acting_role);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_rules BEFORE INSERT OR UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_audit();

-- The server's record of every write, attached to every table by casedesk_apply_security().
CREATE FUNCTION casedesk_audit_write() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    j jsonb;
    o jsonb;
    entity_id bigint;
    person bigint;
    acting text := '';
    details text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        j := to_jsonb(OLD);
    ELSE
        j := to_jsonb(NEW);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        o := to_jsonb(OLD);
    END IF;
    IF jsonb_typeof(j->'id') = 'number' THEN
        entity_id := (j->>'id')::bigint;
    END IF;
    IF TG_TABLE_NAME = 'people' THEN
        person := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE entity_id END;
    ELSIF jsonb_typeof(j->'person_id') = 'number' THEN
        person := (j->>'person_id')::bigint;
    ELSIF jsonb_typeof(j->'step_id') = 'number' THEN
        SELECT s.person_id INTO person FROM worksteps s WHERE s.id = (j->>'step_id')::bigint;
    END IF;
    -- The role the writer acted in: the role column this write set.
    SELECT COALESCE(j->>c, '') INTO acting
    FROM unnest(ARRAY['responded_as_role', 'finished_as_role', 'saved_as_role', 'added_as_role',
                      'sent_as_role']) WITH ORDINALITY AS x(c, n)
    WHERE j ? c AND j->>c IS NOT NULL AND (o IS NULL OR (o->>c) IS DISTINCT FROM (j->>c))
    ORDER BY n LIMIT 1;
    IF TG_OP = 'UPDATE' THEN
        SELECT string_agg(format('%s: %s -> %s', k, left(COALESCE(o->>k, 'null'), 200),
                                 left(COALESCE(j->>k, 'null'), 200)), '; ' ORDER BY k)
        INTO details
        FROM jsonb_object_keys(j) AS k WHERE (o->k) IS DISTINCT FROM (j->k);
    ELSE
        SELECT string_agg(format('%s: %s', k, left(COALESCE(j->>k, 'null'), 200)), '; '
                          ORDER BY k)
        INTO details
        FROM jsonb_object_keys(j) AS k;
    END IF;
    INSERT INTO audit_log (occurred_at, worker_id, acting_role, action, entity, entity_id,
                           person_id, details, source)
    VALUES (now(), casedesk_worker_id(), COALESCE(acting, ''), TG_OP, TG_TABLE_NAME, entity_id,
            person, COALESCE(details, ''), 'server');
    RETURN NULL;
END
$$;

-- --- restricted records: row-level security --------------------------------------------------

-- Access that comes with work: a step or request about a restricted person gives its assignee
-- (worker, team or virtual worker) access to the record. Runs as the owner to write the list.
CREATE FUNCTION casedesk_grant_work_access() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    person bigint;
    assignee_worker bigint;
    assignee_team bigint;
    assignee_vw bigint;
BEGIN
    IF TG_TABLE_NAME = 'worksteps' THEN
        person := NEW.person_id;
        assignee_worker := NEW.assignee_worker_id;
        assignee_team := NEW.assignee_team_id;
        assignee_vw := NEW.assignee_virtual_worker_id;
    ELSE
        SELECT s.person_id INTO person FROM worksteps s WHERE s.id = NEW.step_id;
        assignee_worker := NEW.recipient_worker_id;
        assignee_vw := NEW.recipient_virtual_worker_id;
    END IF;
    IF num_nonnulls(assignee_worker, assignee_team, assignee_vw) = 1
       AND EXISTS (SELECT 1 FROM people WHERE id = person AND is_restricted) THEN
        INSERT INTO person_access (person_id, worker_id, team_id, virtual_worker_id, reason,
                                   granted_by)
        VALUES (person, assignee_worker, assignee_team, assignee_vw,
                format('work: %s %s', TG_TABLE_NAME, NEW.id), session_user)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER worksteps_work_access AFTER INSERT OR UPDATE OF assignee_worker_id,
    assignee_team_id, assignee_virtual_worker_id ON worksteps
    FOR EACH ROW EXECUTE FUNCTION casedesk_grant_work_access();
CREATE TRIGGER requests_work_access AFTER INSERT ON requests
    FOR EACH ROW EXECUTE FUNCTION casedesk_grant_work_access();

ALTER TABLE people ENABLE ROW LEVEL SECURITY;
CREATE POLICY people_visible ON people FOR ALL
    USING (NOT is_restricted OR casedesk_may_see_restricted(id, allocated_worker_id, team_id))
    WITH CHECK (NOT is_restricted
                OR casedesk_may_see_restricted(id, allocated_worker_id, team_id));

ALTER TABLE relationships ENABLE ROW LEVEL SECURITY;
CREATE POLICY relationships_visible ON relationships FOR ALL
    USING (EXISTS (SELECT 1 FROM people p WHERE p.id = person_id)
           AND EXISTS (SELECT 1 FROM people p WHERE p.id = related_person_id));

ALTER TABLE episodes ENABLE ROW LEVEL SECURITY;
CREATE POLICY episodes_visible ON episodes FOR ALL
    USING (EXISTS (SELECT 1 FROM people p WHERE p.id = person_id));

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_visible ON events FOR ALL
    USING (EXISTS (SELECT 1 FROM people p WHERE p.id = person_id));

ALTER TABLE worksteps ENABLE ROW LEVEL SECURITY;
CREATE POLICY worksteps_visible ON worksteps FOR ALL
    USING (EXISTS (SELECT 1 FROM people p WHERE p.id = person_id));

-- A worker sees the grants that are theirs (directly, through their team or an inbox). This
-- policy must not look at people: the people policy reads person_access.
ALTER TABLE person_access ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_access_own ON person_access FOR SELECT
    USING (worker_id = casedesk_worker_id()
           OR team_id = (SELECT team_id FROM workers WHERE id = casedesk_worker_id())
           OR casedesk_is_member(casedesk_worker_id(), virtual_worker_id));

ALTER TABLE form_answers ENABLE ROW LEVEL SECURITY;
CREATE POLICY form_answers_visible ON form_answers FOR ALL
    USING (EXISTS (SELECT 1 FROM worksteps s WHERE s.id = step_id));

ALTER TABLE step_forms ENABLE ROW LEVEL SECURITY;
CREATE POLICY step_forms_visible ON step_forms FOR ALL
    USING (EXISTS (SELECT 1 FROM worksteps s WHERE s.id = step_id));

ALTER TABLE next_actions ENABLE ROW LEVEL SECURITY;
CREATE POLICY next_actions_visible ON next_actions FOR ALL
    USING (EXISTS (SELECT 1 FROM worksteps s WHERE s.id = step_id));

ALTER TABLE requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY requests_visible ON requests FOR ALL
    USING (EXISTS (SELECT 1 FROM worksteps s WHERE s.id = step_id));

ALTER TABLE panel_agenda_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY panel_agenda_items_visible ON panel_agenda_items FOR ALL
    USING (EXISTS (SELECT 1 FROM worksteps s WHERE s.id = step_id));

-- Workers read their own entries, and the entries about a person whose viewers they may review.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT
    USING (db_user = current_user::text OR worker_id = casedesk_worker_id()
           OR (person_id IS NOT NULL AND casedesk_may_review_person(person_id)));
CREATE POLICY audit_log_append ON audit_log FOR INSERT WITH CHECK (TRUE);

-- --- opening a record, and who has opened it -------------------------------------------------

-- The client calls this when a person's record is opened: it refuses a record the caller may
-- not see, records the opening in audit_log (action 'view') and returns the person's row.
CREATE FUNCTION casedesk_open_person(p_person bigint, p_acting_role text DEFAULT '')
RETURNS SETOF people LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    found_person people;
BEGIN
    SELECT * INTO found_person FROM people WHERE id = p_person;
    IF NOT FOUND THEN
        PERFORM casedesk_refuse(format(
            'you are not allowed to open the record of person %s (or there is no such record).',
            p_person));
    END IF;
    INSERT INTO audit_log (occurred_at, worker_id, acting_role, action, entity, entity_id,
                           person_id, details, source)
    VALUES (now(), casedesk_worker_id(), COALESCE(p_acting_role, ''), 'view', 'person', p_person,
            p_person, 'opened the record', 'server');
    RETURN NEXT found_person;
END
$$;

-- Who has opened a person's record, newest first; for those who may review it.
CREATE FUNCTION casedesk_record_viewers(p_person bigint)
RETURNS TABLE (viewed_at timestamptz, worker_id bigint, username text, display_name text,
               acting_role text)
LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF NOT casedesk_may_review_person(p_person) THEN
        PERFORM casedesk_refuse(format(
            'only the allocated worker and their team''s managers can see who opened the record '
            'of person %s.', p_person));
    END IF;
    RETURN QUERY
        SELECT a.recorded_at, a.worker_id, a.db_user, COALESCE(w.display_name, a.db_user),
               a.acting_role
        FROM audit_log a LEFT JOIN workers w ON w.id = a.worker_id
        WHERE a.person_id = p_person AND a.action = 'view'
        ORDER BY a.recorded_at DESC, a.id DESC;
END
$$;

-- --- privileges ------------------------------------------------------------------------------

-- Creates the group role casedesk_<code> (or casedesk_user for 'user') if it is missing.
-- Roles belong to the whole server; several CaseDesk databases on one server share them.
CREATE FUNCTION casedesk_ensure_group_role(p_code text) RETURNS text LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    name text := 'casedesk_' || p_code;
BEGIN
    IF p_code !~ '^[a-z][a-z0-9_]{0,50}$' THEN
        RAISE EXCEPTION 'not a role code: %', p_code;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', name);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- created meanwhile by another session
        END;
    END IF;
    RETURN name;
END
$$;

-- (Re)applies the privileges of security_table_grants and the server's audit triggers to every
-- table in the schema; idempotent. casedesk-admin upgrade runs it after every upgrade, so tables
-- added by later migrations are covered too.
CREATE FUNCTION casedesk_apply_security() RETURNS text LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    t record;
    g record;
    roles text[];
    grantee text;
    tables integer := 0;
BEGIN
    PERFORM casedesk_ensure_group_role('user');
    FOR g IN SELECT role FROM rule_roles LOOP
        PERFORM casedesk_ensure_group_role(g.role);
    END LOOP;
    FOR g IN SELECT DISTINCT s.grantee FROM security_table_grants s WHERE s.grantee <> 'user' LOOP
        PERFORM casedesk_ensure_group_role(g.grantee);
    END LOOP;
    roles := ARRAY(SELECT rolname::text FROM pg_roles WHERE rolname LIKE 'casedesk\_%'
                   AND NOT rolcanlogin);
    FOR t IN SELECT c.oid, c.relname::text AS name FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
             ORDER BY c.relname LOOP
        tables := tables + 1;
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', t.name);
        FOREACH grantee IN ARRAY roles LOOP
            EXECUTE format('REVOKE ALL ON %I FROM %I', t.name, grantee);
        END LOOP;
        IF EXISTS (SELECT 1 FROM security_table_grants s WHERE s.table_name = t.name) THEN
            FOR g IN SELECT s.grantee, s.privileges FROM security_table_grants s
                     WHERE s.table_name = t.name LOOP
                EXECUTE format('GRANT %s ON %I TO %I', g.privileges, t.name,
                               casedesk_ensure_group_role(g.grantee));
            END LOOP;
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO casedesk_user', t.name);
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
    -- No temporary tables for workers: a temporary "workers" would come first in their
    -- search_path (the functions here pin theirs, but a client's own queries would not).
    BEGIN
        EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'only the database owner can revoke TEMPORARY from PUBLIC';
    END;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO casedesk_user', current_schema());
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO casedesk_user',
                   current_schema());
    EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO casedesk_user',
                   current_schema());
    RETURN format('privileges and audit applied to %s tables', tables);
END
$$;

SELECT casedesk_apply_security();
