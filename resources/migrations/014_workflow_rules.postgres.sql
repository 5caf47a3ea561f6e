-- Workflow rules on the server (issue 10, point 2: "work released that the workflow never
-- released" and "the server trusts values"). 003, 007, 012 and 013 already check who acts; this
-- migration checks what they do against the definitions (synced into the rule_* tables by
-- casedesk-admin upgrade, app/core/security/rulesync.cpp). Each check is a BEFORE trigger of its
-- own, added next to the earlier ones (all must pass; named after them, <table>_rules_*, so that
-- they run after them: triggers run in name order), so nothing earlier is rewritten:
--
--   * creating a step (worksteps_rules_workflow): only
--       - as the release of a next action of the step it comes from: a next action on that step
--         of this step type, for this assignee, not removed and not yet released, added in the
--         role that owns its section; released by whoever finished that step, or at once ("Send
--         Immediately", where the form allows it) by the worker who added it, on a started step
--         they may record on; and only while the answers on that step offer it (the option's
--         and its section's visibleWhen: a Direct Payments Panel only from an enquiry the
--         manager authorised, a Direct Payment setup only from a Direct Payment purchase). A
--         finishing recipient of a request that lets them finish (recipientMayFinishStep)
--         releases them too: that is "a request's outcome";
--       - without a step it comes from: a step type startable from the person's record
--         (startableFromRecord), or by a worker holding a role the step type names
--         (createdByRoles: Start Direct Payments, a case brought back to panel, a first review);
--   * finishing a step: no mandatory answer missing (the question and its section shown, as
--     FormLogic::missingAnswers decides), no REQUIRED request outstanding (REQUIRED as the
--     definitions say, whatever the row says);
--   * an answer (form_answers_values): of its question's type (a choice among its choices, a
--     date 1900-2100, a number, true/false) and no longer than its maximum length;
--   * free text anywhere else (<table>_rules_text): at most 20,000 characters a value;
--   * the audit log (audit_log_values): a client's entry gets the server's time, and bounded
--     text;
--   * Direct Payments episodes and events (episodes_rules_dp, events_rules_dp): an episode is
--     opened by a Social Worker (Start Direct Payments) or the Panel Administrator (an existing
--     payment's first review), one open at a time, for the child or someone related to them;
--     its Start event by whoever opened it, its End event by the Panel Administrator who ended
--     it at a panel review; a panel's outcome on an agenda is the decision recorded on the panel
--     step (panel_agenda_items_rules_outcome).
-- The database owner and superusers (casedesk_is_trusted) are not checked, as everywhere.

-- --- what the server needs from the definitions ---------------------------------------------

-- Roles that may create the step on its own, not as a next action (forms/step-types: createdByRoles).
ALTER TABLE rule_step_types ADD COLUMN created_by_roles TEXT[] NOT NULL DEFAULT '{}';

-- question_type: as in forms/README.md ('' until synced: not checked); max_length NULL: not
-- checked; visible_*: the question's visibleWhen ('' question: always shown).
ALTER TABLE rule_questions ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_questions ADD COLUMN question_type TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_questions ADD COLUMN mandatory BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE rule_questions ADD COLUMN choices TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE rule_questions ADD COLUMN max_length INTEGER;
ALTER TABLE rule_questions ADD COLUMN visible_form TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_questions ADD COLUMN visible_question TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_questions ADD COLUMN visible_any_of TEXT[] NOT NULL DEFAULT '{}';

-- A next action option's visibleWhen: it is released only while the answers of its step offer it.
ALTER TABLE rule_next_actions ADD COLUMN visible_form TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_next_actions ADD COLUMN visible_question TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_next_actions ADD COLUMN visible_any_of TEXT[] NOT NULL DEFAULT '{}';

-- Every section of every form with its visibleWhen.
CREATE TABLE rule_sections (
    form_code         TEXT NOT NULL,
    section_id        TEXT NOT NULL,
    visible_form      TEXT NOT NULL DEFAULT '',
    visible_question  TEXT NOT NULL DEFAULT '',
    visible_any_of    TEXT[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (form_code, section_id)
);

INSERT INTO security_unaudited_tables (table_name) VALUES ('rule_sections');
INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('rule_sections', 'user', 'SELECT');

-- --- helpers (called by the triggers, as the worker) -----------------------------------------

-- The current answer (highest version) of a question on a step; NULL when never answered.
CREATE FUNCTION casedesk_current_answer(p_step bigint, p_form text, p_question text)
RETURNS text LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT value FROM form_answers
    WHERE step_id = p_step AND form_code = p_form AND question_id = p_question
    ORDER BY version DESC LIMIT 1
$$;

-- A visibleWhen met on a step, as FormLogic decides: the answer is one of anyOf, and a condition
-- on a question of the same form is met only while that question (and its section) is shown.
CREATE FUNCTION casedesk_condition_met(p_step bigint, p_form text, p_cond_form text,
                                       p_cond_question text, p_any_of text[], p_depth integer)
RETURNS boolean LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp AS $$
DECLARE
    form text;
    q rule_questions;
    s rule_sections;
BEGIN
    IF COALESCE(p_cond_question, '') = '' THEN
        RETURN TRUE;
    END IF;
    form := COALESCE(NULLIF(p_cond_form, ''), p_form);
    IF NOT COALESCE(casedesk_current_answer(p_step, form, p_cond_question), '') = ANY (p_any_of)
    THEN
        RETURN FALSE;
    END IF;
    IF p_depth > 8 OR form <> p_form THEN
        RETURN TRUE;
    END IF;
    SELECT * INTO q FROM rule_questions WHERE form_code = p_form AND question_id = p_cond_question;
    IF NOT FOUND THEN
        RETURN TRUE;
    END IF;
    SELECT * INTO s FROM rule_sections WHERE form_code = p_form AND section_id = q.section_id;
    RETURN casedesk_condition_met(p_step, p_form, s.visible_form, s.visible_question,
                                  s.visible_any_of, p_depth + 1)
       AND casedesk_condition_met(p_step, p_form, q.visible_form, q.visible_question,
                                  q.visible_any_of, p_depth + 1);
END
$$;

-- As FormLogic::isAnswered.
CREATE FUNCTION casedesk_is_answered(p_type text, p_value text) RETURNS boolean
LANGUAGE sql IMMUTABLE
SET search_path = public, pg_temp AS $$
    SELECT COALESCE(CASE p_type
        WHEN 'boolean' THEN p_value IN ('true', 'false')
        WHEN 'confirmation' THEN p_value ~ '[^[:space:]]' AND p_value <> 'false'
        ELSE p_value ~ '[^[:space:]]'
    END, FALSE)
$$;

-- The mandatory questions shown and unanswered on the forms of a step (its primary form and
-- those opened on it), as "C1044: "Details of Significant Information"".
CREATE FUNCTION casedesk_missing_answers(p_step bigint) RETURNS SETOF text LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    WITH forms AS (
        SELECT t.primary_form AS code FROM worksteps s
        JOIN rule_step_types t ON t.step_type = s.step_type WHERE s.id = p_step
        UNION SELECT f.form_code FROM step_forms f WHERE f.step_id = p_step)
    SELECT format('%s: "%s"', q.form_code, COALESCE(NULLIF(q.label, ''), q.question_id))
    FROM forms JOIN rule_questions q ON q.form_code = forms.code
    LEFT JOIN rule_sections sec ON sec.form_code = q.form_code AND sec.section_id = q.section_id
    WHERE q.mandatory
      AND casedesk_condition_met(p_step, q.form_code, sec.visible_form, sec.visible_question,
                                 sec.visible_any_of, 0)
      AND casedesk_condition_met(p_step, q.form_code, q.visible_form, q.visible_question,
                                 q.visible_any_of, 0)
      AND NOT casedesk_is_answered(q.question_type,
                                   casedesk_current_answer(p_step, q.form_code, q.question_id))
    ORDER BY q.form_code, q.question_id
$$;

-- NEW's step type is a next action of step p_from, ready to be released now by the session's
-- worker (see the header).
CREATE FUNCTION casedesk_releases_next_action(p_from bigint, p_step_type text,
                                              p_worker bigint, p_team bigint, p_vw bigint)
RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM worksteps f
        JOIN next_actions n ON n.step_id = f.id
        JOIN rule_next_actions r ON r.form_code = n.form_code AND r.step_type = n.step_type
        JOIN rule_step_forms sf ON sf.step_type = f.step_type AND sf.form_code = n.form_code
        LEFT JOIN rule_sections sec ON sec.form_code = r.form_code AND sec.section_id = r.section_id
        WHERE f.id = p_from AND n.step_type = p_step_type
          AND n.removed_at IS NULL AND n.created_step_id IS NULL
          AND (n.assignee_worker_id, n.assignee_team_id, n.assignee_virtual_worker_id)
              IS NOT DISTINCT FROM (p_worker, p_team, p_vw)
          AND (r.owner_role = '' OR r.owner_role = n.added_as_role)
          -- offered by the answers given (an authorised request, not one sent back)
          AND casedesk_condition_met(f.id, n.form_code, sec.visible_form, sec.visible_question,
                                     sec.visible_any_of, 0)
          AND casedesk_condition_met(f.id, n.form_code, r.visible_form, r.visible_question,
                                     r.visible_any_of, 0)
          AND ((f.status = 'finished' AND f.finished_by = casedesk_worker_id())
               OR (f.status = 'started' AND n.send_immediately AND r.send_immediately
                   AND n.added_by = casedesk_worker_id()
                   AND casedesk_holds_role(n.added_as_role)
                   AND casedesk_may_edit_step(f.id))))
      -- each next action releases one step
      AND (SELECT count(*) FROM worksteps c
           WHERE c.from_step_id = p_from AND c.step_type = p_step_type)
          < (SELECT count(*) FROM next_actions n
             WHERE n.step_id = p_from AND n.step_type = p_step_type AND n.removed_at IS NULL)
$$;

INSERT INTO security_function_grants (function_name, grantee) VALUES
    ('casedesk_current_answer', 'user'),
    ('casedesk_condition_met', 'user'),
    ('casedesk_is_answered', 'user'),
    ('casedesk_missing_answers', 'user'),
    ('casedesk_releases_next_action', 'user');

-- --- worksteps: created only as the workflow allows; finished only when complete ------------

CREATE FUNCTION casedesk_check_step_workflow() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    type_rule rule_step_types;
    missing text[];
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    PERFORM casedesk_require_worker();
    IF TG_OP = 'INSERT' THEN
        SELECT * INTO type_rule FROM rule_step_types WHERE step_type = NEW.step_type;
        IF NEW.from_step_id IS NOT NULL THEN
            IF NOT casedesk_releases_next_action(NEW.from_step_id, NEW.step_type,
                                                 NEW.assignee_worker_id, NEW.assignee_team_id,
                                                 NEW.assignee_virtual_worker_id) THEN
                PERFORM casedesk_refuse(format(
                    '"%s" is not a next action that step %s releases to that assignee now: a '
                    'next action is released when its step is finished (or at once, if it was '
                    'added with Send Immediately), once.', NEW.step_type, NEW.from_step_id));
            END IF;
        ELSIF NOT COALESCE(type_rule.startable_from_record, FALSE)
              AND NOT EXISTS (SELECT 1 FROM unnest(type_rule.created_by_roles) AS x(role)
                              WHERE casedesk_holds_role(x.role)) THEN
            PERFORM casedesk_refuse(format(
                '"%s" cannot be started from the record%s; it comes as a next action of another '
                'step.', NEW.step_type,
                CASE WHEN cardinality(type_rule.created_by_roles) > 0
                     THEN ' except by a ' || casedesk_role_names(type_rule.created_by_roles)
                     ELSE '' END));
        END IF;
        RETURN NEW;
    END IF;
    -- UPDATE: finishing.
    IF OLD.status = 'started' AND NEW.status = 'finished' THEN
        IF EXISTS (SELECT 1 FROM requests r
                   LEFT JOIN rule_request_types t ON t.request_type = r.request_type
                   WHERE r.step_id = OLD.id AND r.status = 'outstanding'
                     AND (r.is_required OR COALESCE(t.is_required, FALSE))) THEN
            PERFORM casedesk_refuse(format(
                'step %s has an outstanding REQUIRED request, so it cannot be finished.',
                OLD.id));
        END IF;
        missing := ARRAY(SELECT casedesk_missing_answers(OLD.id));
        IF cardinality(missing) > 0 THEN
            PERFORM casedesk_refuse(format(
                'step %s cannot be finished: these mandatory questions have no answer: %s.',
                OLD.id, array_to_string(missing, '; ')));
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER worksteps_rules_workflow BEFORE INSERT OR UPDATE ON worksteps
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_step_workflow();

-- --- answers: of their question's type, choices and length ----------------------------------

CREATE FUNCTION casedesk_check_answer_value() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    q rule_questions;
    what text;
    d date;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    SELECT * INTO q FROM rule_questions
    WHERE form_code = NEW.form_code AND question_id = NEW.question_id;
    IF NOT FOUND THEN
        RETURN NEW; -- refused by form_answers_rules
    END IF;
    what := COALESCE(NULLIF(q.label, ''), q.question_id);
    IF q.max_length IS NOT NULL AND char_length(NEW.value) > q.max_length THEN
        PERFORM casedesk_refuse(format('the answer to "%s" on %s is %s characters long; at most '
                                       '%s are kept.', what, NEW.form_code,
                                       char_length(NEW.value), q.max_length));
    END IF;
    IF NEW.value = '' THEN
        RETURN NEW; -- a cleared answer
    END IF;
    IF q.question_type = 'choice' AND NOT NEW.value = ANY (q.choices) THEN
        PERFORM casedesk_refuse(format('"%s" is not one of the choices for "%s".',
                                       left(NEW.value, 100), what));
    ELSIF q.question_type = 'boolean' AND NEW.value NOT IN ('true', 'false') THEN
        PERFORM casedesk_refuse(format('"%s" must be ticked or not ticked (true or false).',
                                       what));
    ELSIF q.question_type = 'number'
          AND NEW.value !~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$' THEN
        PERFORM casedesk_refuse(format('"%s" must be a number, for example 120 or 45.50.', what));
    ELSIF q.question_type = 'date' THEN
        BEGIN
            IF NEW.value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
                RAISE invalid_datetime_format;
            END IF;
            d := NEW.value::date;
        EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
            PERFORM casedesk_refuse(format('"%s" must be a date (YYYY-MM-DD).', what));
        END;
        IF d < DATE '1900-01-01' OR d > DATE '2100-12-31' THEN
            PERFORM casedesk_refuse(format('"%s" must be a date between 1900-01-01 and '
                                           '2100-12-31.', what));
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER form_answers_values BEFORE INSERT ON form_answers
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_answer_value();

-- --- free text: bounded ----------------------------------------------------------------------

-- Reasons, notes and the like: any text value of the row (answers and the audit log have limits
-- of their own).
CREATE FUNCTION casedesk_check_text_lengths() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    too_long text;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    SELECT j.key INTO too_long FROM jsonb_each(to_jsonb(NEW)) AS j
    WHERE jsonb_typeof(j.value) = 'string' AND char_length(j.value #>> '{}') > 20000
    LIMIT 1;
    IF too_long IS NOT NULL THEN
        PERFORM casedesk_refuse(format('%s is at most 20,000 characters.', too_long));
    END IF;
    RETURN NEW;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['worksteps', 'requests', 'next_actions', 'step_forms', 'episodes',
                             'events', 'panels', 'panel_agenda_items', 'dp_panel_cases',
                             'applied_saves'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION casedesk_check_text_lengths()', t || '_rules_text', t);
    END LOOP;
END
$$;

-- --- the audit log: the server's time, bounded text -----------------------------------------

CREATE FUNCTION casedesk_check_audit_values() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    -- Runs after audit_log_rules (names in order), which set source.
    NEW.occurred_at := now();
    IF char_length(NEW.details) > 20000 OR char_length(NEW.action) > 100
       OR char_length(NEW.entity) > 100 OR char_length(NEW.acting_role) > 100 THEN
        PERFORM casedesk_refuse('an audit entry''s details are at most 20,000 characters (its '
                                'action, entity and role 100).');
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_values BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_audit_values();

-- --- Direct Payments: episodes and their events ---------------------------------------------

CREATE FUNCTION casedesk_check_dp_history() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    ep episodes;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    me := casedesk_require_worker();
    IF TG_TABLE_NAME = 'episodes' THEN
        IF NEW.episode_type <> 'Direct Payments' THEN
            PERFORM casedesk_refuse(format('"%s" is not an episode workers open.',
                                           left(NEW.episode_type, 100)));
        END IF;
        IF NOT (casedesk_holds_role('social_worker')
                OR casedesk_holds_role('panel_administrator')) THEN
            PERFORM casedesk_refuse('a Direct Payments episode is opened by a Social Worker '
                                    '(Start Direct Payments) or the Panel Administrator (the '
                                    'first review of an existing payment).');
        END IF;
        -- (Not "not in the future": the client's date is the one CaseDesk goes by.)
        IF NEW.end_date IS NOT NULL OR NEW.start_date NOT BETWEEN DATE '1900-01-01'
                                                              AND DATE '2100-12-31' THEN
            PERFORM casedesk_refuse('a Direct Payments episode opens on a start date between '
                                    '1900 and 2100, without an end date.');
        END IF;
        IF EXISTS (SELECT 1 FROM episodes e WHERE e.person_id = NEW.person_id
                   AND e.episode_type = NEW.episode_type AND e.end_date IS NULL) THEN
            PERFORM casedesk_refuse(format('person %s already has an open Direct Payments '
                                           'episode.', NEW.person_id));
        END IF;
        IF NEW.payment_for_person_id IS NOT NULL
           AND NEW.payment_for_person_id <> NEW.person_id
           AND NOT EXISTS (SELECT 1 FROM relationships r
                           WHERE (r.person_id, r.related_person_id)
                                 IN ((NEW.person_id, NEW.payment_for_person_id),
                                     (NEW.payment_for_person_id, NEW.person_id))) THEN
            PERFORM casedesk_refuse('the payment is for, or made to, the child or someone '
                                    'related to them on the record.');
        END IF;
        RETURN NEW;
    END IF;
    -- events
    SELECT * INTO ep FROM episodes WHERE id = NEW.episode_id AND person_id = NEW.person_id
                                    AND episode_type = 'Direct Payments';
    IF NEW.event_type = 'Start Direct Payments' THEN
        IF ep.id IS NULL OR ep.created_by IS DISTINCT FROM me
           OR NEW.event_date IS DISTINCT FROM ep.start_date
           OR EXISTS (SELECT 1 FROM events v WHERE v.episode_id = ep.id
                      AND v.event_type = NEW.event_type) THEN
            PERFORM casedesk_refuse('Start Direct Payments is recorded once, on its start date, '
                                    'by whoever opened the episode.');
        END IF;
    ELSIF NEW.event_type = 'End Direct Payments' THEN
        IF ep.id IS NULL OR ep.end_date IS NULL OR NEW.event_date IS DISTINCT FROM ep.end_date
           OR EXISTS (SELECT 1 FROM events v WHERE v.episode_id = ep.id
                      AND v.event_type = NEW.event_type)
           OR NOT (casedesk_holds_role('panel_administrator') AND EXISTS (
               SELECT 1 FROM dp_panel_cases c JOIN worksteps s ON s.id = c.panel_step_id
               WHERE c.episode_id = ep.id AND s.step_type = 'Direct Payments Panel Review'
                 AND s.status = 'finished' AND s.finished_by = me)) THEN
            PERFORM casedesk_refuse('End Direct Payments is recorded once, on the end date, by '
                                    'the Panel Administrator who ended the episode at a panel '
                                    'review.');
        END IF;
    ELSE
        PERFORM casedesk_refuse(format('"%s" is not an event workers record.',
                                       left(NEW.event_type, 100)));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER episodes_rules_dp BEFORE INSERT ON episodes
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_dp_history();
CREATE TRIGGER events_rules_dp BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_dp_history();

-- A panel's outcome on an agenda is the decision recorded on the panel step (013 already lets
-- only whoever finished the step record it, once).
CREATE FUNCTION casedesk_check_agenda_outcome() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    the_step worksteps;
    decision text;
BEGIN
    IF casedesk_is_trusted() OR NEW.outcome IS NOT DISTINCT FROM OLD.outcome THEN
        RETURN NEW;
    END IF;
    SELECT * INTO the_step FROM worksteps WHERE id = OLD.step_id;
    decision := CASE the_step.step_type
        WHEN 'Direct Payments Panel'
            THEN casedesk_current_answer(the_step.id, 'DP-PANEL', 'panel_outcome')
        WHEN 'Direct Payments Panel Review'
            THEN casedesk_current_answer(the_step.id, 'DP-PANEL-REVIEW', 'review_outcome')
    END;
    IF NEW.outcome IS DISTINCT FROM decision THEN
        PERFORM casedesk_refuse('the outcome on an agenda is the decision recorded on the panel '
                                'step.');
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER panel_agenda_items_rules_outcome BEFORE UPDATE ON panel_agenda_items
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_agenda_outcome();

SELECT casedesk_apply_security();
