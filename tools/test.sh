#!/usr/bin/env bash
# THE test command: installs what is missing, builds with warnings as errors, and runs every test
# with a PostgreSQL server and a Secret Service of its own.
#
#   bash tools/test.sh                 # everything
#   bash tools/test.sh -L postgres     # extra arguments go to ctest (-L label, -R regex, -V, ...)
#
# The build goes to build/ (CASEDESK_BUILD_DIR overrides it). ctest runs inside
# tests/harness/with-postgres.sh and tests/harness/with-keyring.sh; see README.md, "Testing".
# The exit status is ctest's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${CASEDESK_BUILD_DIR:-build}

bash tools/install-deps.sh

# Settings of the `ci` preset (CMakePresets.json), for any build directory.
cmake -S . -B "$build_dir" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCASEDESK_WERROR=ON -DCASEDESK_BUILD_TESTS=ON
cmake --build "$build_dir" -j2

# Nothing from the caller's environment may steer the tests to another server or keyring.
unset CASEDESK_TEST_PGHOST CASEDESK_TEST_PGPORT CASEDESK_TEST_PGUSER CASEDESK_TEST_BACKEND
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE

exec tests/harness/with-postgres.sh tests/harness/with-keyring.sh \
    ctest --test-dir "$build_dir" --output-on-failure "$@"
