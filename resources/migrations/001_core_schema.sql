-- CaseDesk core schema. Tokens in {{braces}} are expanded per backend by SqlDialect.
-- Timestamps are UTC. Names of steps, forms and requests are the ones in forms/ definitions.

CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  {{timestamp}} NOT NULL DEFAULT {{now}}
);

CREATE TABLE teams (
    id          {{id}},
    name        TEXT NOT NULL UNIQUE,
    service     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE workers (
    id            {{id}},
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    job_title     TEXT NOT NULL DEFAULT '',
    team_id       BIGINT REFERENCES teams(id),
    manager_id    BIGINT REFERENCES workers(id),
    is_active     {{bool}} NOT NULL DEFAULT {{true}},
    created_at    {{timestamp}} NOT NULL DEFAULT {{now}}
);

-- Role codes are defined in forms/roles.json (social_worker, ps_manager, panel, ...).
CREATE TABLE worker_roles (
    worker_id   BIGINT NOT NULL REFERENCES workers(id),
    role        TEXT NOT NULL,
    PRIMARY KEY (worker_id, role)
);

-- Shared workviews several workers act from (CS CWD – Panel, Direct Payments – Inbox, ...).
CREATE TABLE virtual_workers (
    id          {{id}},
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE
);

CREATE TABLE virtual_worker_members (
    virtual_worker_id  BIGINT NOT NULL REFERENCES virtual_workers(id),
    worker_id          BIGINT NOT NULL REFERENCES workers(id),
    PRIMARY KEY (virtual_worker_id, worker_id)
);

CREATE TABLE people (
    id                   {{id}},
    person_ref           TEXT NOT NULL UNIQUE,
    given_name           TEXT NOT NULL,
    family_name          TEXT NOT NULL,
    date_of_birth        DATE,
    gender               TEXT NOT NULL DEFAULT '',
    address              TEXT NOT NULL DEFAULT '',
    is_child             {{bool}} NOT NULL DEFAULT {{false}},
    is_restricted        {{bool}} NOT NULL DEFAULT {{false}},
    allocated_worker_id  BIGINT REFERENCES workers(id),
    team_id              BIGINT REFERENCES teams(id),
    created_at           {{timestamp}} NOT NULL DEFAULT {{now}}
);
CREATE INDEX people_by_name ON people (family_name, given_name);
CREATE INDEX people_by_allocated_worker ON people (allocated_worker_id);

CREATE TABLE relationships (
    id                 {{id}},
    person_id          BIGINT NOT NULL REFERENCES people(id),
    related_person_id  BIGINT NOT NULL REFERENCES people(id),
    relationship       TEXT NOT NULL,
    has_parental_responsibility {{bool}} NOT NULL DEFAULT {{false}}
);
CREATE INDEX relationships_by_person ON relationships (person_id);

CREATE TABLE episodes (
    id               {{id}},
    person_id        BIGINT NOT NULL REFERENCES people(id),
    episode_type     TEXT NOT NULL,
    start_date       DATE NOT NULL,
    end_date         DATE,
    payment_for_person_id BIGINT REFERENCES people(id),
    created_by       BIGINT REFERENCES workers(id),
    created_at       {{timestamp}} NOT NULL DEFAULT {{now}}
);
CREATE INDEX episodes_by_person ON episodes (person_id);

CREATE TABLE events (
    id           {{id}},
    person_id    BIGINT NOT NULL REFERENCES people(id),
    episode_id   BIGINT REFERENCES episodes(id),
    event_type   TEXT NOT NULL,
    event_date   DATE NOT NULL,
    details      TEXT NOT NULL DEFAULT '',
    recorded_by  BIGINT REFERENCES workers(id),
    recorded_at  {{timestamp}} NOT NULL DEFAULT {{now}}
);
CREATE INDEX events_by_person ON events (person_id, event_date);

-- A workstep: one piece of work of one step type on one person.
-- status: incoming, started, finished, cancelled. Exactly one kind of assignee is set.
CREATE TABLE worksteps (
    id                          {{id}},
    person_id                   BIGINT NOT NULL REFERENCES people(id),
    step_type                   TEXT NOT NULL,
    status                      TEXT NOT NULL DEFAULT 'incoming',
    episode_id                  BIGINT REFERENCES episodes(id),
    assignee_worker_id          BIGINT REFERENCES workers(id),
    assignee_team_id            BIGINT REFERENCES teams(id),
    assignee_virtual_worker_id  BIGINT REFERENCES virtual_workers(id),
    from_step_id                BIGINT REFERENCES worksteps(id),
    created_by                  BIGINT REFERENCES workers(id),
    created_at                  {{timestamp}} NOT NULL DEFAULT {{now}},
    due_date                    DATE,
    scheduled_for               DATE,
    started_by                  BIGINT REFERENCES workers(id),
    started_at                  {{timestamp}},
    finished_by                 BIGINT REFERENCES workers(id),
    finished_as_role            TEXT,
    finished_at                 {{timestamp}},
    cancelled_reason            TEXT,
    revision                    INTEGER NOT NULL DEFAULT 0,
    CHECK (status IN ('incoming', 'started', 'finished', 'cancelled'))
);
CREATE INDEX worksteps_by_worker ON worksteps (assignee_worker_id, status);
CREATE INDEX worksteps_by_virtual_worker ON worksteps (assignee_virtual_worker_id, status);
CREATE INDEX worksteps_by_team ON worksteps (assignee_team_id, status);
CREATE INDEX worksteps_by_person ON worksteps (person_id, step_type, status);

-- Answers are versioned: a save adds a row per changed answer; the highest version is current.
CREATE TABLE form_answers (
    id             {{id}},
    step_id        BIGINT NOT NULL REFERENCES worksteps(id),
    form_code      TEXT NOT NULL,
    question_id    TEXT NOT NULL,
    value          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    saved_by       BIGINT REFERENCES workers(id),
    saved_as_role  TEXT NOT NULL,
    saved_at       {{timestamp}} NOT NULL DEFAULT {{now}},
    copied_from_step_id BIGINT REFERENCES worksteps(id),
    UNIQUE (step_id, form_code, question_id, version)
);

-- Forms opened on a step (the primary form, and any added through forms and letters).
CREATE TABLE step_forms (
    step_id     BIGINT NOT NULL REFERENCES worksteps(id),
    form_code   TEXT NOT NULL,
    opened_by   BIGINT REFERENCES workers(id),
    opened_at   {{timestamp}} NOT NULL DEFAULT {{now}},
    PRIMARY KEY (step_id, form_code)
);

CREATE TABLE next_actions (
    id                          {{id}},
    step_id                     BIGINT NOT NULL REFERENCES worksteps(id),
    form_code                   TEXT NOT NULL,
    step_type                   TEXT NOT NULL,
    assignee_worker_id          BIGINT REFERENCES workers(id),
    assignee_team_id            BIGINT REFERENCES teams(id),
    assignee_virtual_worker_id  BIGINT REFERENCES virtual_workers(id),
    send_immediately            {{bool}} NOT NULL DEFAULT {{false}},
    note                        TEXT NOT NULL DEFAULT '',
    created_step_id             BIGINT REFERENCES worksteps(id),
    added_by                    BIGINT REFERENCES workers(id),
    added_as_role               TEXT NOT NULL,
    added_at                    {{timestamp}} NOT NULL DEFAULT {{now}},
    removed_at                  {{timestamp}}
);
CREATE INDEX next_actions_by_step ON next_actions (step_id);

-- status: outstanding, completed, declined.
CREATE TABLE requests (
    id                           {{id}},
    step_id                      BIGINT NOT NULL REFERENCES worksteps(id),
    request_type                 TEXT NOT NULL,
    is_required                  {{bool}} NOT NULL DEFAULT {{false}},
    status                       TEXT NOT NULL DEFAULT 'outstanding',
    sender_worker_id             BIGINT NOT NULL REFERENCES workers(id),
    sent_as_role                 TEXT NOT NULL,
    recipient_worker_id          BIGINT REFERENCES workers(id),
    recipient_virtual_worker_id  BIGINT REFERENCES virtual_workers(id),
    note                         TEXT NOT NULL DEFAULT '',
    sent_at                      {{timestamp}} NOT NULL DEFAULT {{now}},
    responded_by                 BIGINT REFERENCES workers(id),
    responded_as_role            TEXT,
    responded_at                 {{timestamp}},
    decline_reason               TEXT,
    CHECK (status IN ('outstanding', 'completed', 'declined'))
);
CREATE INDEX requests_by_recipient ON requests (recipient_worker_id, status);
CREATE INDEX requests_by_virtual_recipient ON requests (recipient_virtual_worker_id, status);
CREATE INDEX requests_by_sender ON requests (sender_worker_id, status);
CREATE INDEX requests_by_step ON requests (step_id);

-- Panel timetable (Direct Payments panel, CWD Resource Panel).
CREATE TABLE panels (
    id                    {{id}},
    panel_type            TEXT NOT NULL,
    meeting_at            {{timestamp}} NOT NULL,
    last_submission_date  DATE NOT NULL,
    location              TEXT NOT NULL DEFAULT '',
    created_by            BIGINT REFERENCES workers(id)
);
CREATE INDEX panels_by_date ON panels (panel_type, last_submission_date);

CREATE TABLE panel_agenda_items (
    id          {{id}},
    panel_id    BIGINT NOT NULL REFERENCES panels(id),
    step_id     BIGINT NOT NULL REFERENCES worksteps(id),
    position    INTEGER NOT NULL,
    outcome     TEXT,
    added_at    {{timestamp}} NOT NULL DEFAULT {{now}}
);
CREATE INDEX panel_agenda_by_panel ON panel_agenda_items (panel_id, position);

-- Append-only record of every write and every opening of a child's record.
CREATE TABLE audit_log (
    id            {{id}},
    occurred_at   {{timestamp}} NOT NULL DEFAULT {{now}},
    worker_id     BIGINT REFERENCES workers(id),
    acting_role   TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     BIGINT,
    person_id     BIGINT REFERENCES people(id),
    details       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_person ON audit_log (person_id, occurred_at);
