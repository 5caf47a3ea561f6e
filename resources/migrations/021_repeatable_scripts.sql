-- Repeatable scripts (R__*.sql, see Migrator): SQL re-created whole on every upgrade, each
-- run again when its text changed. Their checksums, by name.
CREATE TABLE schema_repeatable (
    name        TEXT PRIMARY KEY,
    checksum    TEXT NOT NULL,
    applied_at  {{timestamp}} NOT NULL DEFAULT {{now}}
);
