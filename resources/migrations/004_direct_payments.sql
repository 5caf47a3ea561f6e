-- Workflow B, Direct Payments (app/core/directpayments): the panel timetable, what goes to panel
-- and the episode workspace. Additive only: Workflow A and the engine are unchanged.

-- A case put to the Direct Payments panel: a new request authorised by a manager, a declined case
-- brought back to a later panel, or a review. panel_step_id is the step on which the panel
-- administrator records the outcome (Direct Payments Panel, or Direct Payments Panel Review).
-- case_kind: new, brought_back, review. Reviews: review_at is the date and time of the review
-- meeting, report_due_on the day the pre-meeting report is due (kept here, not on the report's
-- step: the administrator who moves a panel may not change a worker's step).
CREATE TABLE dp_panel_cases (
    id                 {{id}},
    episode_id         BIGINT NOT NULL REFERENCES episodes(id),
    person_id          BIGINT NOT NULL REFERENCES people(id),
    panel_step_id      BIGINT NOT NULL UNIQUE REFERENCES worksteps(id),
    case_kind          TEXT NOT NULL,
    submitted_on       DATE NOT NULL,
    submitted_by       BIGINT REFERENCES workers(id),
    submitted_as_role  TEXT NOT NULL DEFAULT '',
    review_at          {{timestamp}},
    report_due_on      DATE,
    note               TEXT NOT NULL DEFAULT '',
    created_at         {{timestamp}} NOT NULL DEFAULT {{now}},
    CHECK (case_kind IN ('new', 'brought_back', 'review'))
);
CREATE INDEX dp_panel_cases_by_episode ON dp_panel_cases (episode_id);
CREATE INDEX dp_panel_cases_by_person ON dp_panel_cases (person_id);

-- An agenda item is one placement of a case on a panel; moving it to another panel ends the
-- placement (removed_at) and adds a new one, so the history of moves is kept.
ALTER TABLE panel_agenda_items ADD COLUMN panel_case_id BIGINT REFERENCES dp_panel_cases(id);
ALTER TABLE panel_agenda_items ADD COLUMN added_by BIGINT REFERENCES workers(id);
ALTER TABLE panel_agenda_items ADD COLUMN added_as_role TEXT;
ALTER TABLE panel_agenda_items ADD COLUMN removed_at {{timestamp}};
ALTER TABLE panel_agenda_items ADD COLUMN removed_by BIGINT REFERENCES workers(id);
ALTER TABLE panel_agenda_items ADD COLUMN removed_reason TEXT;
CREATE INDEX panel_agenda_by_step ON panel_agenda_items (step_id);
CREATE INDEX panel_agenda_by_case ON panel_agenda_items (panel_case_id);

-- The timetable is listed and searched by meeting date.
CREATE INDEX panels_by_meeting ON panels (panel_type, meeting_at);

-- The episode workspace follows the chain of steps from an episode's first steps.
CREATE INDEX worksteps_by_episode ON worksteps (episode_id);
CREATE INDEX worksteps_by_from_step ON worksteps (from_step_id);
-- Reports look steps up by type (panel outcomes, decline reasons).
CREATE INDEX worksteps_by_type ON worksteps (step_type, status);
CREATE INDEX episodes_by_type ON episodes (episode_type, end_date);
CREATE INDEX events_by_episode ON events (episode_id);
