-- Workers read which scripts are applied, as they read schema_version; only upgrades write it.
INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('schema_repeatable', 'user', 'SELECT');
INSERT INTO security_unaudited_tables (table_name) VALUES ('schema_repeatable');

SELECT casedesk_apply_security();
