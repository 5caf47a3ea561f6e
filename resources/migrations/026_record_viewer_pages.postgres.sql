-- "Who has viewed this record" a page at a time (issue 17, point 4). The record's screen shows
-- the latest openings, not all of them: opening a record read every earlier opening (10,000
-- openings: 96 ms) and grew with each one. The index serves the newest first, so a page costs
-- the same however many openings there were.

CREATE INDEX audit_views_by_person ON audit_log (person_id, recorded_at DESC, id DESC)
    WHERE action = 'view';

-- As before (003), now with a page: `p_limit` openings from `p_offset`, newest first (NULL:
-- all of them, as casedesk-admin's report reads them).
DROP FUNCTION casedesk_record_viewers(bigint);
CREATE FUNCTION casedesk_record_viewers(p_person bigint, p_limit integer DEFAULT NULL,
                                        p_offset integer DEFAULT 0)
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
        ORDER BY a.recorded_at DESC, a.id DESC
        LIMIT p_limit OFFSET COALESCE(p_offset, 0);
END
$$;

SELECT casedesk_apply_security();
