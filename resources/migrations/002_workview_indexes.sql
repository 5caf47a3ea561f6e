-- Indexes for the workview and the sign-in picker (app/core/workview).

-- "Which virtual workers does this worker act from?" (the primary key leads with the
-- virtual worker, so it cannot answer this).
CREATE INDEX virtual_worker_members_by_worker ON virtual_worker_members (worker_id);

-- Sign-in looks a worker up by login name regardless of case.
CREATE INDEX workers_by_lower_username ON workers (lower(username));

-- The sign-in picker lists active workers by name.
CREATE INDEX workers_by_active_name ON workers (is_active, display_name);
