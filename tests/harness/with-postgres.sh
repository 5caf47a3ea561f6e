#!/usr/bin/env bash
# Usage: tests/harness/with-postgres.sh COMMAND [ARGS...]
#
# Runs COMMAND with a throwaway PostgreSQL server of its own: initdb + pg_ctl in a fresh
# temporary directory, listening only on a Unix socket in that directory (listen_addresses = ''),
# trust authentication, superuser role "postgres". When run as root the server runs as the
# unprivileged `postgres` account (through runuser); COMMAND itself runs as the caller.
#
# The server loads pgaudit (the read audit trail) and logs to $CASEDESK_TEST_PGLOG.
#
# COMMAND gets CASEDESK_TEST_PGHOST (the socket directory), CASEDESK_TEST_PGPORT and
# CASEDESK_TEST_PGUSER (see tests/support/testdatabase.cpp), and libpq's PGHOST/PGPORT/PGUSER for
# psql. The server is stopped and the directory removed when COMMAND ends, fails, or the run is
# interrupted. Exits with COMMAND's exit status.
#
# Environment: CASEDESK_PG_BINDIR (default: /usr/lib/postgresql/15/bin, else the newest installed),
# CASEDESK_HARNESS_TMPDIR (default /tmp), CASEDESK_HARNESS_KEEP=1 to keep the directory.
set -euo pipefail
# shellcheck disable=SC2034 # read by common.sh
HARNESS_NAME=with-postgres
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$here/common.sh"

(($# > 0)) || harness_die "usage: $0 COMMAND [ARGS...]"

pg_bin=${CASEDESK_PG_BINDIR:-}
if [[ -z $pg_bin ]]; then
    for candidate in /usr/lib/postgresql/15/bin $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
        if [[ -x $candidate/initdb && -x $candidate/pg_ctl ]]; then
            pg_bin=$candidate
            break
        fi
    done
fi
[[ -n $pg_bin && -x $pg_bin/initdb ]] ||
    harness_die "the PostgreSQL server (initdb, pg_ctl) is not installed; run tools/install-deps.sh (package postgresql-15)"

# PostgreSQL refuses to run as root: as root, run the server as an unprivileged account.
as_server=()
server_user=$(id -un)
if ((EUID == 0)); then
    harness_need runuser
    server_user=${CASEDESK_PG_ACCOUNT:-postgres}
    if ! id -u "$server_user" >/dev/null 2>&1; then
        server_user=nobody
    fi
    as_server=(runuser -u "$server_user" --)
fi

harness_sweep_stale casedesk-pg
work=$(harness_mktemp casedesk-pg)
started=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [[ -n $started ]]; then
        "${as_server[@]}" "$pg_bin/pg_ctl" -D "$work/data" -m fast -w -t 30 stop \
            >>"$work/pg_ctl.log" 2>&1 ||
            "${as_server[@]}" "$pg_bin/pg_ctl" -D "$work/data" -m immediate -w -t 30 stop \
                >>"$work/pg_ctl.log" 2>&1 || true
    fi
    harness_remove_workdir "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mkdir "$work/socket"
if ((EUID == 0)); then
    chown -R "$server_user" "$work"
fi
# The port only names the socket file (.s.PGSQL.<port>); nothing listens on TCP.
port=$((20000 + RANDOM % 20000))

if ! "${as_server[@]}" "$pg_bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 \
    --locale=C --no-sync >"$work/initdb.log" 2>&1; then
    cat "$work/initdb.log" >&2
    harness_die "initdb failed (as $server_user, in $work)"
fi
cat >>"$work/data/postgresql.conf" <<CONF

# --- CaseDesk test harness: private, socket-only, fast and disposable ---
listen_addresses = ''
unix_socket_directories = '$work/socket'
unix_socket_permissions = 0777
port = $port
max_connections = 50
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

# The read audit trail (015_read_audit.postgres.sql, README "The read audit trail"): pgaudit logs
# every read of a child's record to server.log ($CASEDESK_TEST_PGLOG), naming the login.
[[ -f $pg_bin/../lib/pgaudit.so ]] ||
    harness_die "pgaudit is not installed; run tools/install-deps.sh (package postgresql-15-pgaudit)"
cat >>"$work/data/postgresql.conf" <<'CONF'
shared_preload_libraries = 'pgaudit'
pgaudit.role = 'casedesk_read_auditor'
pgaudit.log_parameter = on
log_line_prefix = '%m [%p] %u@%d '
CONF

started=1
if ! "${as_server[@]}" "$pg_bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
    start >"$work/pg_ctl.log" 2>&1; then
    cat "$work/pg_ctl.log" "$work/server.log" >&2 || true
    harness_die "the PostgreSQL server did not start (as $server_user, in $work)"
fi

export CASEDESK_TEST_PGHOST="$work/socket" CASEDESK_TEST_PGPORT="$port" CASEDESK_TEST_PGUSER=postgres
export PGHOST="$work/socket" PGPORT="$port" PGUSER=postgres
# For tests that stop and restart the server mid-session (connection-loss tests).
export CASEDESK_TEST_PGBIN="$pg_bin" CASEDESK_TEST_PGDATA="$work/data"
export CASEDESK_TEST_PGLOG="$work/server.log" CASEDESK_TEST_PGACCOUNT="${as_server:+$server_user}"
unset PGPASSWORD PGDATABASE PGSERVICE PGSSLMODE

harness_run "$@"
