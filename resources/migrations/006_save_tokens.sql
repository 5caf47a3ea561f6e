-- Each save carries a token made by the client when the user pressed Save. A save retried after
-- a lost connection is recognised here and not applied twice.
CREATE TABLE applied_saves (
    token       TEXT PRIMARY KEY,
    step_id     BIGINT NOT NULL REFERENCES worksteps(id),
    saved_by    BIGINT REFERENCES workers(id),
    saved_at    {{timestamp}} NOT NULL DEFAULT {{now}}
);
