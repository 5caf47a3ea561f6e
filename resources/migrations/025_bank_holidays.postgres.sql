-- Every worker reads the published bank holidays; only the owner (casedesk-admin) writes them.
INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('bank_holidays', 'user', 'SELECT'),
    ('bank_holiday_feed', 'user', 'SELECT');
SELECT casedesk_apply_security();
