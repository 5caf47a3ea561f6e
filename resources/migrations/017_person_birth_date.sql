-- Find person by date of birth ("harg 03/05/2016"): equality on a date is leakproof, so the
-- planner may use this index on a worker's login under row-level security too.
CREATE INDEX people_by_date_of_birth ON people (date_of_birth);
