#!/usr/bin/env bash
# Usage: tests/harness/with-postgres.sh COMMAND [ARGS...]
#
# Runs COMMAND with a throwaway PostgreSQL server of its own: initdb + pg_ctl in a fresh
# temporary directory, listening on a Unix socket in that directory with trust authentication
# (superuser role "postgres", for the tests' own set-up) and on 127.0.0.1 with TLS and SCRAM
# passwords only, as a council's server would (workers' logins; plain TCP is rejected). The TLS
# files are made with openssl in the same directory: a throwaway CA, a server certificate for the
# name `localhost` only (so connecting by 127.0.0.1 fails verify-full), and a second, unrelated
# CA (a wrong CA file). When run as root the server runs as the unprivileged `postgres` account
# (through runuser); COMMAND itself runs as the caller.
#
# The server loads pgaudit (the read audit trail) and logs to $CASEDESK_TEST_PGLOG.
#
# COMMAND gets CASEDESK_TEST_PGHOST (the socket directory), CASEDESK_TEST_PGPORT and
# CASEDESK_TEST_PGUSER (see tests/support/testdatabase.cpp), CASEDESK_TEST_PGTCPPORT (the TLS port
# on 127.0.0.1; the same number), CASEDESK_TEST_PGSSLROOTCERT (the CA that signed the server's
# certificate) and CASEDESK_TEST_PGWRONGROOTCERT (the unrelated CA), and libpq's
# PGHOST/PGPORT/PGUSER for psql. The server is stopped and the directory removed when COMMAND ends, fails, or the run is
# interrupted. Exits with COMMAND's exit status.
#
# Environment: CASEDESK_PG_BINDIR (default: /usr/lib/postgresql/15/bin, else the newest installed),
# CASEDESK_HARNESS_TMPDIR (default /tmp), CASEDESK_HARNESS_KEEP=1 to keep the directory,
# CASEDESK_PG_MAX_CONNECTIONS (default 50; tools/load.sh raises it for its simulated workers).
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
# The port names the socket file (.s.PGSQL.<port>) and is the TCP port on 127.0.0.1: one that
# nothing answers on now.
harness_need openssl
for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done

if ! "${as_server[@]}" "$pg_bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 \
    --locale=C --no-sync >"$work/initdb.log" 2>&1; then
    cat "$work/initdb.log" >&2
    harness_die "initdb failed (as $server_user, in $work)"
fi
cat >>"$work/data/postgresql.conf" <<CONF

# --- CaseDesk test harness: private, fast and disposable ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/socket'
unix_socket_permissions = 0777
port = $port
max_connections = ${CASEDESK_PG_MAX_CONNECTIONS:-50}
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

# TLS and SCRAM over TCP, so that tests sign workers in as a council's server would have them.
tls="$work/tls"
mkdir "$tls"
make_ca() { # make_ca NAME: a self-signed CA, NAME.crt and NAME.key
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=CaseDesk test $1" \
        -keyout "$tls/$1.key" -out "$tls/$1.crt" >>"$tls/openssl.log" 2>&1
}
if ! { make_ca ca && make_ca wrong-ca &&
    openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout "$tls/server.key" \
        -out "$tls/server.csr" >>"$tls/openssl.log" 2>&1 &&
    printf 'subjectAltName = DNS:localhost\n' >"$tls/server.ext" &&
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" \
        -CAcreateserial -days 2 -extfile "$tls/server.ext" -out "$tls/server.crt" \
        >>"$tls/openssl.log" 2>&1; }; then
    cat "$tls/openssl.log" >&2
    harness_die "openssl could not make the test certificates"
fi
chmod 0600 "$tls/server.key"
if ((EUID == 0)); then
    chown "$server_user" "$tls/server.key" "$tls/server.crt"
fi
cat >>"$work/data/postgresql.conf" <<CONF
ssl = on
ssl_cert_file = '$tls/server.crt'
ssl_key_file = '$tls/server.key'
password_encryption = 'scram-sha-256'
CONF
cat >"$work/data/pg_hba.conf" <<HBA
# The tests' set-up, as superuser, on the socket; workers over TCP with TLS and SCRAM only.
local   all all              trust
hostssl all all 127.0.0.1/32 scram-sha-256
host    all all 127.0.0.1/32 reject
HBA
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
export CASEDESK_TEST_PGTCPPORT="$port" CASEDESK_TEST_PGSSLROOTCERT="$tls/ca.crt"
export CASEDESK_TEST_PGWRONGROOTCERT="$tls/wrong-ca.crt"
export PGHOST="$work/socket" PGPORT="$port" PGUSER=postgres
# For tests that stop and restart the server mid-session (connection-loss tests).
export CASEDESK_TEST_PGBIN="$pg_bin" CASEDESK_TEST_PGDATA="$work/data"
export CASEDESK_TEST_PGLOG="$work/server.log" CASEDESK_TEST_PGACCOUNT="${as_server:+$server_user}"
unset PGPASSWORD PGDATABASE PGSERVICE PGSSLMODE PGSSLROOTCERT PGCHANNELBINDING

harness_run "$@"
