#!/usr/bin/env bash
# Inner half of with-keyring.sh, run inside the private D-Bus session: starts and checks the
# Secret Service, then replaces itself with the command. Not meant to be run by hand.
set -euo pipefail
# shellcheck disable=SC2034 # read by common.sh
HARNESS_NAME=with-keyring
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$here/common.sh"

work=${CASEDESK_KEYRING_WORK:?run through tests/harness/with-keyring.sh}

secrets_owned() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true'
}

# A throwaway password creates and unlocks the login keyring; it is never written anywhere.
password=$(head -c 24 /dev/urandom | base64)
printf '%s' "$password" |
    gnome-keyring-daemon --foreground --unlock --components=secrets >"$work/keyring.log" 2>&1 &
keyring_pid=$!
unset password

for _ in $(seq 100); do
    secrets_owned && break
    kill -0 "$keyring_pid" 2>/dev/null || break
    sleep 0.1
done
if ! secrets_owned; then
    cat "$work/keyring.log" >&2 || true
    harness_die "gnome-keyring-daemon did not provide org.freedesktop.secrets on the session bus"
fi

if command -v secret-tool >/dev/null 2>&1; then
    probe=harness-$$-$RANDOM
    if ! printf 'probe' | secret-tool store --label='CaseDesk harness probe' casedesk-harness "$probe" ||
        [[ $(secret-tool lookup casedesk-harness "$probe") != probe ]] ||
        ! secret-tool clear casedesk-harness "$probe"; then
        cat "$work/keyring.log" >&2 || true
        harness_die "the Secret Service is running but cannot store a secret"
    fi
fi

exec "$@"
