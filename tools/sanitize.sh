#!/usr/bin/env bash
# Builds CaseDesk with AddressSanitizer and UndefinedBehaviorSanitizer into build-asan/ and runs
# tests under them, with the test PostgreSQL server and Secret Service of tools/test.sh.
#
#   bash tools/sanitize.sh                  # the GUI tests (ctest -L gui), both backends
#   bash tools/sanitize.sh -R session_      # extra arguments choose tests instead, as for ctest
#
# Only the test programs chosen are built. Any report fails the test that caused it: ASan stops
# at the first error, UBSan too (-fno-sanitize-recover), and LeakSanitizer reports leaks at exit
# (tools/lsan.supp lists the few leaks of system libraries that are not ours). The exit status
# is ctest's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${CASEDESK_ASAN_BUILD_DIR:-build-asan}
bash tools/install-deps.sh

cmake -S . -B "$build_dir" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCASEDESK_WERROR=ON -DCASEDESK_BUILD_TESTS=ON -DCASEDESK_BUILD_BENCHMARKS=OFF \
    -DCASEDESK_SANITIZE=ON >/dev/null

selection=("$@")
if ((${#selection[@]} == 0)); then
    selection=(-L gui)
fi
# Test names -> their programs: test_<name>, or for a backend test test_<name less
# _sqlite/_postgres>.
mapfile -t tests < <(ctest --test-dir "$build_dir" -N "${selection[@]}" |
    sed -n 's/^ *Test *#[0-9]*: *//p')
if ((${#tests[@]} == 0)); then
    echo "sanitize: no test matches ${selection[*]}" >&2
    exit 1
fi
known_targets=$(cmake --build "$build_dir" --target help | sed -n 's/^\.\.\. //p')
targets=()
for test in "${tests[@]}"; do
    if grep -qx "test_$test" <<<"$known_targets"; then
        targets+=("test_$test")
    else
        base=${test%_sqlite}
        targets+=("test_${base%_postgres}")
    fi
done
mapfile -t targets < <(printf '%s\n' "${targets[@]}" | sort -u)
cmake --build "$build_dir" -j2 --target "${targets[@]}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp:print_suppressions=0"
unset CASEDESK_TEST_PGHOST CASEDESK_TEST_PGPORT CASEDESK_TEST_PGUSER CASEDESK_TEST_BACKEND
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE

exec tests/harness/with-postgres.sh tests/harness/with-keyring.sh \
    ctest --test-dir "$build_dir" --output-on-failure "${selection[@]}"
