-- Decisions as data that gate routing (issue 14, item 1). A next action or a request can carry
-- "allowedWhen" in forms/ (forms/README.md): the answer that decides it (the PS/Manager's
-- decision on C1044, the Panel's decision on C0773, the authorisation on C1300). The client
-- holds back or refuses what the decision does not allow (DecisionGate); these triggers refuse
-- the same on the server, for any client and every worker's own login, from the same
-- definitions (synced into the allowed_* columns by casedesk-admin upgrade, RuleSync):
--   * a step released from a next action (worksteps_rules_workflow_decision): only while the
--     decision on the step it comes from allows it;
--   * a request (requests_rules_decision): sent only while the decision on its step allows it.
-- Triggers run in name order: these after the checks of who acts (worksteps_rules,
-- requests_rules) and, on worksteps, after 014's worksteps_rules_workflow: a step that is not a
-- release at all is refused as such; one that would be released is refused naming the decision.
-- The database owner and superusers are not checked, as everywhere.

ALTER TABLE rule_next_actions ADD COLUMN allowed_form TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_next_actions ADD COLUMN allowed_question TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_next_actions ADD COLUMN allowed_any_of TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE rule_request_types ADD COLUMN allowed_form TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_request_types ADD COLUMN allowed_question TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_request_types ADD COLUMN allowed_any_of TEXT[] NOT NULL DEFAULT '{}';

-- NULL when the decision on step p_step allows it (or there is no decision to wait for); else
-- why not, as DecisionGate::refusal says it: 'the PS/Manager decided "Do not agree - no further
-- action"', 'the PS/Manager has not recorded "Decision and Required Actions" yet'.
CREATE FUNCTION casedesk_gate_refusal(p_step bigint, p_form text, p_question text,
                                      p_any_of text[]) RETURNS text LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp AS $$
DECLARE
    q rule_questions;
    who text;
    answer text;
BEGIN
    IF COALESCE(p_question, '') = ''
       OR casedesk_condition_met(p_step, p_form, p_form, p_question, p_any_of, 0) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO q FROM rule_questions WHERE form_code = p_form AND question_id = p_question;
    who := COALESCE('the ' || (SELECT name FROM rule_roles WHERE role = q.owner_role), 'nobody');
    answer := COALESCE(casedesk_current_answer(p_step, p_form, p_question), '');
    IF answer !~ '[^[:space:]]' OR (q.question_type = 'confirmation' AND answer = 'false') THEN
        RETURN format('%s has not recorded "%s" yet', who, COALESCE(NULLIF(q.label, ''), p_question));
    ELSIF q.question_type = 'boolean' THEN
        RETURN format('%s answered "%s": %s', who, COALESCE(NULLIF(q.label, ''), p_question),
                      CASE WHEN answer = 'true' THEN 'Yes' ELSE 'No' END);
    END IF;
    RETURN format('%s decided "%s"', who, left(answer, 200));
END
$$;

INSERT INTO security_function_grants (function_name, grantee) VALUES
    ('casedesk_gate_refusal', 'user');

CREATE FUNCTION casedesk_check_decision_gate() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    why text;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'worksteps' THEN
        IF NEW.from_step_id IS NULL THEN
            RETURN NEW;
        END IF;
        -- The next action being released: on the step it comes from, of this step type, for
        -- this assignee, not removed and not yet released.
        SELECT casedesk_gate_refusal(n.step_id, COALESCE(NULLIF(r.allowed_form, ''), n.form_code),
                                     r.allowed_question, r.allowed_any_of)
        INTO why
        FROM next_actions n
        JOIN rule_next_actions r ON r.form_code = n.form_code AND r.step_type = n.step_type
        WHERE n.step_id = NEW.from_step_id AND n.step_type = NEW.step_type
          AND n.removed_at IS NULL AND n.created_step_id IS NULL
          AND (n.assignee_worker_id, n.assignee_team_id, n.assignee_virtual_worker_id)
              IS NOT DISTINCT FROM (NEW.assignee_worker_id, NEW.assignee_team_id,
                                    NEW.assignee_virtual_worker_id)
        ORDER BY n.id LIMIT 1;
        IF why IS NOT NULL THEN
            PERFORM casedesk_refuse(format('%s cannot be released: %s.', NEW.step_type, why));
        END IF;
        RETURN NEW;
    END IF;
    -- requests
    SELECT casedesk_gate_refusal(NEW.step_id, t.allowed_form, t.allowed_question,
                                 t.allowed_any_of)
    INTO why FROM rule_request_types t WHERE t.request_type = NEW.request_type;
    IF why IS NOT NULL THEN
        PERFORM casedesk_refuse(format('%s cannot be sent: %s.', NEW.request_type, why));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER worksteps_rules_workflow_decision BEFORE INSERT ON worksteps
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_decision_gate();
CREATE TRIGGER requests_rules_decision BEFORE INSERT ON requests
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_decision_gate();

SELECT casedesk_apply_security();
