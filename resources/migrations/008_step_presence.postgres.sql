-- Presence rows are not history: they are deleted on close and never audited. Anyone may see
-- who has open a step they can see; a worker writes only their own row.
INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('step_presence', 'user', 'SELECT, INSERT, UPDATE, DELETE');
INSERT INTO security_unaudited_tables (table_name) VALUES ('step_presence');

ALTER TABLE step_presence ENABLE ROW LEVEL SECURITY;
CREATE POLICY step_presence_visible ON step_presence FOR SELECT
    USING (EXISTS (SELECT 1 FROM worksteps s WHERE s.id = step_id));
CREATE POLICY step_presence_own_insert ON step_presence FOR INSERT
    WITH CHECK (casedesk_is_trusted() OR worker_id = casedesk_worker_id());
CREATE POLICY step_presence_own_update ON step_presence FOR UPDATE
    USING (casedesk_is_trusted() OR worker_id = casedesk_worker_id())
    WITH CHECK (casedesk_is_trusted() OR worker_id = casedesk_worker_id());
CREATE POLICY step_presence_own_delete ON step_presence FOR DELETE
    USING (casedesk_is_trusted() OR worker_id = casedesk_worker_id());
