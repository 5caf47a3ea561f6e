-- Who has a step open right now, so a worker sees who else is working on it. A client writes
-- its row when it opens a step, touches it while the step stays open, and removes it on close;
-- rows not touched for a few minutes (a crashed client) are ignored by readers.
CREATE TABLE step_presence (
    step_id      BIGINT NOT NULL REFERENCES worksteps(id),
    worker_id    BIGINT NOT NULL REFERENCES workers(id),
    acting_role  TEXT NOT NULL DEFAULT '',
    opened_at    {{timestamp}} NOT NULL,
    seen_at      {{timestamp}} NOT NULL,
    PRIMARY KEY (step_id, worker_id)
);
