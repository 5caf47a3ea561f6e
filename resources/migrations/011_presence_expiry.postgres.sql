-- "Also open now by …" must never name someone who has gone. Presence is therefore kept by the
-- server: the server's clock stamps every row (a client's clock may be wrong), each row records
-- the server connection that wrote it, and other workers see a row only while that connection
-- is alive and the row was touched within the last 90 seconds (clients touch every 30 s).
-- A client that signs out deletes its rows; one that crashes or loses its network is expired
-- here, at once when the server sees its connection end, after 90 s otherwise.
ALTER TABLE step_presence ADD COLUMN backend_pid INTEGER;

CREATE FUNCTION casedesk_stamp_presence() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN NEW; -- administrators and tests may set the times they mean
    END IF;
    NEW.seen_at := now();
    NEW.backend_pid := pg_backend_pid();
    IF TG_OP = 'INSERT' THEN
        NEW.opened_at := now();
    ELSE
        NEW.opened_at := OLD.opened_at;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER step_presence_stamp BEFORE INSERT OR UPDATE ON step_presence
    FOR EACH ROW EXECUTE FUNCTION casedesk_stamp_presence();

-- Whether another worker's presence row still stands for a live client.
CREATE FUNCTION casedesk_presence_is_live(p_seen_at timestamptz, p_backend_pid integer)
RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT p_seen_at > now() - interval '90 seconds'
       AND (p_backend_pid IS NULL
            OR EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = p_backend_pid))
$$;

-- One's own rows stay visible (to touch, re-enter or remove them); others' only while live.
DROP POLICY step_presence_visible ON step_presence;
CREATE POLICY step_presence_visible ON step_presence FOR SELECT
    USING (EXISTS (SELECT 1 FROM worksteps s WHERE s.id = step_id)
           AND (worker_id = casedesk_worker_id()
                OR casedesk_presence_is_live(seen_at, backend_pid)));
