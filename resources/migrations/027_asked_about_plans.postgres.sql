-- Worker logins' statements no longer run the asked-about functions while being planned
-- (found by casedesk_load, issue 17). 020's policies wrote `id IN (SELECT unnest(f()))`: to
-- estimate unnest's rows the planner evaluates f() (a stable function) while planning, so every
-- statement on people, worksteps, episodes or events by any worker's login first read the whole
-- of worksteps, whatever the first term said: 2.9 s to plan a Social Worker's 20-row workview
-- query on a 20,000-step authority, statement timeouts under load. As a scalar subquery the
-- array is an initplan: never evaluated while planning, and at run time only when the first
-- term (the login is not asked-about only) is false. 1.3 ms to plan the same query.

ALTER POLICY people_asked_about ON people
    USING ((SELECT NOT casedesk_asked_about_only())
           OR id = ANY ((SELECT casedesk_asked_about_people())::bigint[]));
ALTER POLICY worksteps_asked_about ON worksteps
    USING ((SELECT NOT casedesk_asked_about_only())
           OR id = ANY ((SELECT casedesk_asked_about_steps())::bigint[]));
ALTER POLICY episodes_asked_about ON episodes
    USING ((SELECT NOT casedesk_asked_about_only())
           OR id = ANY ((SELECT casedesk_asked_about_episodes())::bigint[]));
ALTER POLICY events_asked_about ON events
    USING ((SELECT NOT casedesk_asked_about_only())
           OR episode_id = ANY ((SELECT casedesk_asked_about_episodes())::bigint[]));
