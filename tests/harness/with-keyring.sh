#!/usr/bin/env bash
# Usage: tests/harness/with-keyring.sh COMMAND [ARGS...]
#
# Runs COMMAND inside a private D-Bus session (dbus-run-session) that has a real Secret Service:
# gnome-keyring-daemon --unlock --components=secrets, whose login keyring is created and unlocked
# with a throwaway password fed on stdin. HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME,
# XDG_STATE_HOME and XDG_RUNTIME_DIR all point into a fresh temporary directory, so the caller's
# own keyring is never touched. Before COMMAND runs, a secret is stored, read back and cleared
# with secret-tool to prove the service works. Everything is stopped and removed when COMMAND
# ends, fails, or the run is interrupted. Exits with COMMAND's exit status.
#
# Environment: CASEDESK_HARNESS_TMPDIR (default /tmp), CASEDESK_HARNESS_KEEP=1 to keep the directory.
set -euo pipefail
# shellcheck disable=SC2034 # read by common.sh
HARNESS_NAME=with-keyring
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$here/common.sh"

(($# > 0)) || harness_die "usage: $0 COMMAND [ARGS...]"
harness_need dbus-run-session dbus-daemon dbus-send gnome-keyring-daemon

harness_sweep_stale casedesk-keyring
work=$(harness_mktemp casedesk-keyring)

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    harness_remove_workdir "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mkdir -p "$work/home/.local/share" "$work/home/.config" "$work/home/.cache" \
    "$work/home/.local/state" "$work/run"
chmod 700 "$work/home" "$work/run"
export HOME="$work/home"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config"
export XDG_CACHE_HOME="$HOME/.cache" XDG_STATE_HOME="$HOME/.local/state"
export XDG_RUNTIME_DIR="$work/run"
unset DBUS_SESSION_BUS_ADDRESS DBUS_STARTER_ADDRESS DBUS_STARTER_BUS_TYPE
unset GNOME_KEYRING_CONTROL GNOME_KEYRING_PID SSH_AUTH_SOCK
export CASEDESK_KEYRING_WORK="$work"

# The session bus daemon, with its chatter (e.g. "Failed to set fd limit") kept in a log.
cat >"$work/dbus-daemon" <<WRAPPER
#!/bin/sh
exec $(command -v dbus-daemon) "\$@" 2>>"$work/dbus-daemon.log"
WRAPPER
chmod 755 "$work/dbus-daemon"

harness_run dbus-run-session --dbus-daemon="$work/dbus-daemon" -- \
    bash "$here/keyring-session.sh" "$@"
