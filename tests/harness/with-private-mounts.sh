#!/usr/bin/env bash
# Usage: tests/harness/with-private-mounts.sh COMMAND [ARGS...]
#
# Runs COMMAND in a mount namespace of its own, as root inside it, so that a test can mount a
# small or read-only tmpfs (a full or unwritable disk) that nobody else sees and that goes away
# with the test. As root: a private mount namespace; otherwise a user namespace mapping the caller
# to root as well (unprivileged user namespaces must be allowed, as they are on Debian 12).
set -euo pipefail
(($# > 0)) || {
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
}
if ((EUID == 0)); then
    exec unshare --mount --propagation private "$@"
fi
exec unshare --user --map-root-user --mount --propagation private "$@"
