-- Every read of a child's record leaves a trace no worker can suppress (issue 10, point 3).
--
-- "Who has viewed this record" (casedesk_record_viewers) shows audit_log's 'view' rows, which
-- casedesk_open_person writes in the reader's own transaction: a reader who rolls that
-- transaction back takes the row with it, and a plain SELECT on people or form_answers writes
-- none. A table cannot record what its reader undoes, so the trail that cannot be suppressed is
-- the server's log, written by pgaudit (Debian: postgresql-15-pgaudit) as each statement runs:
--
--   * Object audit logging: pgaudit logs every statement that touches a table its audit role
--     (the setting pgaudit.role) may read. That role is casedesk_read_auditor, a group role with
--     no login and no members, given SELECT (through security_table_grants, grantee
--     'read_auditor', so casedesk_apply_security() keeps it) on every table about a person or a
--     step. So every read of those tables, by any login, directly or inside a function, in a
--     transaction later rolled back or not, leaves an "AUDIT: OBJECT,...,READ,SELECT,TABLE,
--     public.<table>" line in the server log, with the login (log_line_prefix's %u).
--   * Workers cannot switch it off: pgaudit.* and log_min_messages are superuser settings (SET,
--     set_config and ALTER ROLE ... SET refuse them), workers cannot alter roles (NOCREATEROLE)
--     and cannot revoke what the owner granted.
--   * The database administrator configures the server (README.md, Deployment, "The read audit
--     trail"): shared_preload_libraries = 'pgaudit', pgaudit.role = 'casedesk_read_auditor',
--     %u in log_line_prefix, and keeps and ships the log. casedesk_read_audit_problems() says in
--     their words what is missing; casedesk-admin upgrade and check print it. Without pgaudit
--     this migration still runs: the grants are inert and the check reports the missing trail.
--
-- audit_log stays the table the screens show; the server log is the tamper-proof trail beside it.

-- --- what the audit role reads: every table about a person or a step --------------------------

INSERT INTO security_table_grants (table_name, grantee, privileges) VALUES
    ('people', 'read_auditor', 'SELECT'),
    ('relationships', 'read_auditor', 'SELECT'),
    ('episodes', 'read_auditor', 'SELECT'),
    ('events', 'read_auditor', 'SELECT'),
    ('worksteps', 'read_auditor', 'SELECT'),
    ('form_answers', 'read_auditor', 'SELECT'),
    ('step_forms', 'read_auditor', 'SELECT'),
    ('next_actions', 'read_auditor', 'SELECT'),
    ('requests', 'read_auditor', 'SELECT'),
    ('person_access', 'read_auditor', 'SELECT'),
    ('panel_agenda_items', 'read_auditor', 'SELECT'),
    ('dp_panel_cases', 'read_auditor', 'SELECT'),
    ('applied_saves', 'read_auditor', 'SELECT'),
    ('step_presence', 'read_auditor', 'SELECT'),
    -- its details hold the answers written
    ('audit_log', 'read_auditor', 'SELECT');

-- --- what is missing for the trail, in the words of the server's administrator ------------------

-- One line per problem; no rows: pgaudit records every read of the tables above, naming the
-- login. For casedesk-admin (the owner); no worker executes it.
CREATE FUNCTION casedesk_read_audit_problems() RETURNS SETOF text LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp AS $$
DECLARE
    auditor CONSTANT text := 'casedesk_read_auditor';
    r record;
BEGIN
    -- A library's settings exist only once it is loaded (a placeholder is not in pg_settings).
    IF NOT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'pgaudit.role') THEN
        RETURN NEXT 'pgaudit is not loaded, so a read of a child''s record leaves no trace that '
            'survives a rollback, and a plain SELECT leaves none at all: install the package '
            'postgresql-15-pgaudit, add shared_preload_libraries = ''pgaudit'' and pgaudit.role '
            '= ''casedesk_read_auditor'' to postgresql.conf, restart PostgreSQL and run '
            'casedesk-admin check (README.md, Deployment: the read audit trail).';
        RETURN;
    END IF;
    IF current_setting('pgaudit.role') IS DISTINCT FROM auditor THEN
        RETURN NEXT format('pgaudit is loaded but pgaudit.role is %L, so it records no reads of '
                           'children''s records: set pgaudit.role = %L in postgresql.conf and '
                           'reload PostgreSQL (SELECT pg_reload_conf()).',
                           current_setting('pgaudit.role'), auditor);
    END IF;
    IF current_setting('pgaudit.log_level') IS DISTINCT FROM 'log' THEN
        RETURN NEXT format('pgaudit.log_level is %L, so the audit lines may never reach the '
                           'server log: remove it from postgresql.conf (the default is log).',
                           current_setting('pgaudit.log_level'));
    END IF;
    FOR r IN SELECT CASE WHEN s.setrole = 0 THEN 'this database'
                         ELSE 'the login ' || COALESCE(ro.rolname::text, s.setrole::text) END
                        AS who, c.setting
             FROM pg_db_role_setting s LEFT JOIN pg_roles ro ON ro.oid = s.setrole,
                  unnest(s.setconfig) AS c(setting)
             WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database
                                         WHERE datname = current_database()))
               AND split_part(c.setting, '=', 1) IN ('pgaudit.role', 'pgaudit.log_level')
               AND c.setting NOT IN ('pgaudit.role=casedesk_read_auditor',
                                     'pgaudit.log_level=log') LOOP
        RETURN NEXT format('%s has its own pgaudit setting (%s), which may hide reads: a '
                           'superuser removes it (ALTER ROLE ... RESET, or ALTER DATABASE ... '
                           'RESET).', r.who, r.setting);
    END LOOP;
    IF position('%u' IN current_setting('log_line_prefix')) = 0 THEN
        RETURN NEXT 'the server log does not say who read: add %u to log_line_prefix in '
            'postgresql.conf (for example log_line_prefix = ''%m [%p] %u@%d '') and reload '
            'PostgreSQL.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = auditor) THEN
        RETURN NEXT 'the role casedesk_read_auditor is missing: run casedesk-admin upgrade.';
        RETURN;
    END IF;
    FOR r IN SELECT c.relname::text AS name FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
               AND (c.relname = 'people' OR EXISTS (
                   SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND NOT a.attisdropped
                   AND a.attname IN ('person_id', 'step_id')))
               AND NOT has_table_privilege(auditor, c.oid, 'SELECT')
             ORDER BY 1 LOOP
        RETURN NEXT format('reads of %I are not recorded (casedesk_read_auditor cannot read '
                           'it): list it in security_table_grants for read_auditor and run '
                           'casedesk-admin upgrade.', r.name);
    END LOOP;
END
$$;

SELECT casedesk_apply_security();
