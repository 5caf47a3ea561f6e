-- Notices (issue 14, item 4): a request type marked "notice" in forms/ (CS Notification of
-- Panel Decision) tells its recipient something; they clear it from their tray once read, even
-- after the step it was sent from has closed. Synced from the definitions by RuleSync; the rule
-- itself is in R__request_rules.postgres.sql.
ALTER TABLE rule_request_types ADD COLUMN is_notice BOOLEAN NOT NULL DEFAULT false;
