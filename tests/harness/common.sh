# shellcheck shell=bash
# Shared pieces of the test harness. Sourced by with-postgres.sh and with-keyring.sh, not run.
#
# Every harness run works in a directory of its own, $CASEDESK_HARNESS_TMPDIR/<prefix>.XXXXXXXX
# (default /tmp), which holds a file owner.pid naming the harness process. On exit the harness
# stops what it started, checks that nothing started from that directory is still running, and
# removes it. At start, the directories of earlier runs whose owner is gone (a run killed with
# SIGKILL, a machine that lost power) are swept up the same way.

HARNESS_NAME=${HARNESS_NAME:-harness}
HARNESS_TMPDIR=${CASEDESK_HARNESS_TMPDIR:-/tmp}

harness_say() { printf '%s: %s\n' "$HARNESS_NAME" "$*" >&2; }
harness_die() {
    harness_say "error: $*"
    exit 1
}

harness_need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 ||
            harness_die "'$tool' is not installed; run tools/install-deps.sh (tools/test.sh does)"
    done
}

# Prints the PIDs of processes (other than this shell) whose command line or environment
# mentions $1, i.e. processes started from a harness directory. Pure bash on purpose: a helper
# program started from here would inherit the environment it is looking for.
harness_processes_of() {
    local dir=$1 proc pid entry
    local -a entries
    for proc in /proc/[0-9]*; do
        pid=${proc#/proc/}
        [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
        entries=()
        mapfile -d '' -t entries 2>/dev/null <"$proc/cmdline" || continue
        mapfile -d '' -t -O "${#entries[@]}" entries 2>/dev/null <"$proc/environ" || true
        for entry in "${entries[@]}"; do
            if [[ $entry == *"$dir"* ]]; then
                echo "$pid"
                break
            fi
        done
    done
}

# Stops every process started from harness directory $1 (TERM, then KILL).
harness_kill_processes_of() {
    local dir=$1 pids
    pids=$(harness_processes_of "$dir")
    [[ -z $pids ]] && return 0
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        pids=$(harness_processes_of "$dir")
        [[ -z $pids ]] && return 0
        sleep 0.2
    done
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    return 1
}

# Removes the directories (and stops the processes) that earlier, vanished runs left behind.
harness_sweep_stale() {
    local prefix=$1 dir owner
    for dir in "$HARNESS_TMPDIR/$prefix".*; do
        [[ -d $dir ]] || continue
        owner=$(cat "$dir/owner.pid" 2>/dev/null || true)
        if [[ -n $owner ]] && kill -0 "$owner" 2>/dev/null; then
            continue # another run, still going
        fi
        harness_say "removing leftovers of an interrupted run: $dir"
        harness_kill_processes_of "$dir" || true
        rm -rf -- "$dir"
    done
}

# Creates this run's directory and prints its path.
harness_mktemp() {
    local prefix=$1 dir
    dir=$(mktemp -d "$HARNESS_TMPDIR/$prefix.XXXXXXXX") || harness_die "cannot create a directory in $HARNESS_TMPDIR"
    echo "$$" >"$dir/owner.pid"
    echo "$dir"
}

# Final check and removal of this run's directory: warns about (and stops) anything still running
# from it. Set CASEDESK_HARNESS_KEEP=1 to keep the directory (logs, data) for a post-mortem.
harness_remove_workdir() {
    local dir=$1
    [[ -n $dir && -d $dir ]] || return 0
    if ! harness_kill_processes_of "$dir"; then
        harness_say "warning: processes from $dir had to be killed"
    fi
    if [[ ${CASEDESK_HARNESS_KEEP:-} == 1 ]]; then
        harness_say "keeping $dir (CASEDESK_HARNESS_KEEP=1)"
        return 0
    fi
    rm -rf -- "$dir"
}

# harness_run COMMAND [ARGS...]: runs COMMAND in a process group of its own and waits for it.
# An INT, TERM or HUP sent to this script meanwhile is passed on to that whole group (the command
# and everything it started), and the script then exits with 128+signal, so that its EXIT trap
# still stops the services. Otherwise returns the command's exit status.
HARNESS_CHILD=
HARNESS_SIGNAL=
harness_forward() {
    HARNESS_SIGNAL=$1
    if [[ -n $HARNESS_CHILD ]]; then
        kill "-$1" -- "-$HARNESS_CHILD" 2>/dev/null || kill "-$1" "$HARNESS_CHILD" 2>/dev/null || true
    fi
}
harness_run() {
    local rc=0
    trap 'harness_forward INT' INT
    trap 'harness_forward TERM' TERM
    trap 'harness_forward HUP' HUP
    set -m
    "$@" &
    HARNESS_CHILD=$!
    set +m
    while true; do
        rc=0
        wait "$HARNESS_CHILD" || rc=$?
        if kill -0 "$HARNESS_CHILD" 2>/dev/null; then
            continue # wait was interrupted by a signal; the child is still stopping
        fi
        break
    done
    HARNESS_CHILD=
    case $HARNESS_SIGNAL in
    INT) exit 130 ;;
    TERM) exit 143 ;;
    HUP) exit 129 ;;
    esac
    return "$rc"
}
