-- A Direct Payments panel's outcome, and a review's, is recorded once the panel the case is on has
-- met (issue 14): before the meeting no panel has decided anything. The client says so beside the
-- outcome (DirectPayments::ruleProblems); this refuses the finish on every worker's own login, so
-- an older client or a direct UPDATE cannot record a decision the panel has not made. The day is
-- the authority's (casedesk_today()), as the client's "today" is. Owner and superusers are trusted.

-- The authority's day. A training or test database may pin it (only the owner writes the one row
-- of authority_clock, as CaseDesk's own tests do to match the day their scenarios are set on); a
-- live database leaves the table empty, and the day is today in Europe/London.
CREATE TABLE authority_clock (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    today    DATE NOT NULL
);
INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('authority_clock', 'user', 'SELECT');

CREATE FUNCTION casedesk_today() RETURNS date LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT COALESCE((SELECT today FROM authority_clock),
                    (now() AT TIME ZONE 'Europe/London')::date)
$$;
INSERT INTO security_function_grants (function_name, grantee) VALUES ('casedesk_today', 'user');

CREATE FUNCTION casedesk_check_panel_has_met() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    meets date;
BEGIN
    IF casedesk_is_trusted() OR NOT (OLD.status = 'started' AND NEW.status = 'finished')
       OR NEW.step_type NOT IN ('Direct Payments Panel', 'Direct Payments Panel Review') THEN
        RETURN NEW;
    END IF;
    SELECT (p.meeting_at AT TIME ZONE 'Europe/London')::date INTO meets
    FROM panel_agenda_items i JOIN panels p ON p.id = i.panel_id
    WHERE i.step_id = NEW.id AND i.removed_at IS NULL
    ORDER BY p.meeting_at DESC LIMIT 1;
    IF meets > casedesk_today() THEN
        PERFORM casedesk_refuse(format('this case is on the panel of %s, which has not met yet: '
                                       'its outcome is recorded once the panel has met.',
                                       to_char(meets, 'FMDD FMMonth YYYY')));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER worksteps_rules_panel_has_met BEFORE UPDATE ON worksteps
    FOR EACH ROW EXECUTE FUNCTION casedesk_check_panel_has_met();

SELECT casedesk_apply_security();
