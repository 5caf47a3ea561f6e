-- "Also open now by …" follows the others at once: when someone opens a step or leaves it
-- (closes it, signs out), everyone else who has it open hears 'presence' on their own channel
-- and reads who is there again; no one waits for the next 30-second touch. Touches (UPDATE)
-- change nothing anyone sees and stay silent.
CREATE FUNCTION casedesk_notify_presence() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    changed_step bigint;
    changed_worker bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed_step := OLD.step_id;
        changed_worker := OLD.worker_id;
    ELSE
        changed_step := NEW.step_id;
        changed_worker := NEW.worker_id;
    END IF;
    PERFORM pg_notify(c.channel, 'presence')
    FROM step_presence p JOIN worker_channels c ON c.worker_id = p.worker_id
    WHERE p.step_id = changed_step AND p.worker_id <> changed_worker;
    RETURN NULL;
END
$$;

CREATE TRIGGER step_presence_notify AFTER INSERT OR DELETE ON step_presence
    FOR EACH ROW EXECUTE FUNCTION casedesk_notify_presence();
