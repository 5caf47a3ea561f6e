#!/usr/bin/env bash
# Installs what is missing, builds CaseDesk into build/ and opens it. With no settings it uses
# the embedded SQLite database with demo data. Arguments are passed on to casedesk.
#
#   bash tools/demo.sh
#   xvfb-run -a bash tools/demo.sh     # on a machine without a display
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${CASEDESK_BUILD_DIR:-build}

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
    cat >&2 <<'MSG'
demo: there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so CaseDesk's
      window has nowhere to open. Run it under a virtual X server instead:

          xvfb-run -a tools/demo.sh

      (or set QT_QPA_PLATFORM, e.g. QT_QPA_PLATFORM=offscreen, to run without any window).
MSG
    exit 2
fi

bash tools/install-deps.sh
# The same settings as tools/test.sh, so the two share build/ without rebuilding everything.
cmake -S . -B "$build_dir" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCASEDESK_WERROR=ON -DCASEDESK_BUILD_TESTS=ON
cmake --build "$build_dir" -j2 --target casedesk

exec "$build_dir/app/main/casedesk" "$@"
