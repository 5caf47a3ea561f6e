-- Live updates: every change to work, requests or next actions is announced on the channel
-- casedesk_work, so every client's workviews refresh by themselves (see app/core/live).
-- The payload names the table and row; clients refresh what they show.
CREATE FUNCTION casedesk_notify_work() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('casedesk_work', TG_TABLE_NAME || ':' || NEW.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER worksteps_notify_work AFTER INSERT OR UPDATE ON worksteps
    FOR EACH ROW EXECUTE FUNCTION casedesk_notify_work();
CREATE TRIGGER requests_notify_work AFTER INSERT OR UPDATE ON requests
    FOR EACH ROW EXECUTE FUNCTION casedesk_notify_work();
CREATE TRIGGER next_actions_notify_work AFTER INSERT OR UPDATE ON next_actions
    FOR EACH ROW EXECUTE FUNCTION casedesk_notify_work();
