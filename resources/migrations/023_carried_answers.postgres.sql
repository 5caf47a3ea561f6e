-- No re-keying (issue 14, item 6): a question can carry the answer decided on the step it comes
-- from (forms/: "carriedFrom", synced by casedesk-admin upgrade, RuleSync): the authorised weekly
-- amount into CS-DP-SETUP, the nights the Panel agreed into CS-PLACEMENT. The client carries it
-- when the step is started; where it is read-only, this refuses, on every worker's own login:
--   * a carried answer that is not the one decided on the step this step comes from;
--   * any later version of an answer that was carried read-only.
-- The database owner and superusers are not checked, as everywhere.
ALTER TABLE rule_questions ADD COLUMN carried_form TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_questions ADD COLUMN carried_question TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_questions ADD COLUMN carried_read_only BOOLEAN NOT NULL DEFAULT false;

CREATE FUNCTION casedesk_check_carried_answer() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    rule rule_questions;
    decided text;
    from_step bigint;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN NEW;
    END IF;
    SELECT * INTO rule FROM rule_questions q
    WHERE q.form_code = NEW.form_code AND q.question_id = NEW.question_id;
    IF NOT FOUND OR NOT rule.carried_read_only THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM form_answers a WHERE a.step_id = NEW.step_id
               AND a.form_code = NEW.form_code AND a.question_id = NEW.question_id
               AND a.copied_from_step_id IS NOT NULL) THEN
        PERFORM casedesk_refuse(format('"%s" on %s was decided on an earlier step and cannot be '
                                       'changed here.', rule.label, NEW.form_code));
    END IF;
    IF NEW.copied_from_step_id IS NULL THEN
        RETURN NEW; -- nothing was decided to carry (a step started from the record): typed
    END IF;
    SELECT s.from_step_id INTO from_step FROM worksteps s WHERE s.id = NEW.step_id;
    SELECT a.value INTO decided FROM form_answers a
    WHERE a.step_id = from_step AND a.form_code = rule.carried_form
      AND a.question_id = rule.carried_question
    ORDER BY a.version DESC LIMIT 1;
    IF NEW.copied_from_step_id IS DISTINCT FROM from_step OR decided IS DISTINCT FROM NEW.value THEN
        PERFORM casedesk_refuse(format('"%s" on %s carries the answer decided on the step it '
                                       'comes from, as it was decided.', rule.label,
                                       NEW.form_code));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER form_answers_rules_carried BEFORE INSERT ON form_answers
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_carried_answer();

SELECT casedesk_apply_security();
