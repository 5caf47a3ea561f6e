#!/usr/bin/env bash
# How long a statement takes as a short break home's own login, whose row-level security asks
# casedesk_asked_about_steps() which steps it may see (020_access_by_job): with 029's indexed
# lookups, then with 020's original body (a whole-table read), on a generated authority. Not a
# test; figures in docs/benchmarks.md. The bench database is thrown away with the harness's server.
#
#   bash tools/measure-asked-about.sh      # builds nothing: run cmake --build build first
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ ${CASEDESK_TEST_PGHOST:-} ]] || exec tests/harness/with-postgres.sh bash "$0" "$@"
build/benchmarks/casedesk_benchgen --backend postgres --children 6000 --steps 400000 > "${TMPDIR:-/tmp}/casedesk-benchgen.log" 2>&1 || { tail -5 "${TMPDIR:-/tmp}/casedesk-benchgen.log"; exit 1; }
DB=casedesk_bench
HOME_LOGIN=$(psql -d $DB -Atc "SELECT w.username FROM workers w JOIN worker_roles r ON r.worker_id = w.id WHERE r.role = 'home_staff' ORDER BY w.id LIMIT 1")
echo "home login: $HOME_LOGIN"
psql -d $DB -Atc "SELECT count(*) FROM worksteps"
run() {
  for _ in 1 2 3 4 5; do
    psql -d $DB -U "$HOME_LOGIN" -Atc "\\timing on" -c "SELECT count(*) FROM people" 2>&1 | grep -E "Time" ; done
}
echo "== with 029 (indexed lookups)"; run
psql -d $DB -Atc "SELECT cardinality(casedesk_asked_about_steps())" -U "$HOME_LOGIN"
# 020's body, for comparison (this throwaway database only)
psql -d $DB -q <<'SQL'
CREATE OR REPLACE FUNCTION casedesk_asked_about_steps() RETURNS bigint[] LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH me AS (SELECT id FROM workers WHERE username = session_user::text AND is_active),
    held AS (
        SELECT s.id, s.from_step_id FROM worksteps s, me
        WHERE casedesk_holds_assignment(me.id, s.assignee_worker_id, s.assignee_team_id,
                                        s.assignee_virtual_worker_id)
           OR s.started_by = me.id OR s.finished_by = me.id
           OR EXISTS (SELECT 1 FROM requests r WHERE r.step_id = s.id
                      AND casedesk_is_recipient(me.id, r.recipient_worker_id,
                                                r.recipient_virtual_worker_id)))
    SELECT COALESCE(array_agg(DISTINCT x.id), '{}')
    FROM (SELECT id FROM held UNION SELECT from_step_id FROM held
          WHERE from_step_id IS NOT NULL) AS x
$$;
SQL
echo "== with 020's body (whole table)"; run
psql -d $DB -Atc "SELECT cardinality(casedesk_asked_about_steps())" -U "$HOME_LOGIN"
