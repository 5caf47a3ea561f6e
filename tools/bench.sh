#!/usr/bin/env bash
# Benchmarks at the scale of a whole authority (docs/benchmarks.md): builds casedesk_benchgen and
# casedesk_bench, fills a throwaway PostgreSQL (tests/harness/with-postgres.sh) and a temporary
# SQLite file with a generated authority, and prints one Markdown table of the figures.
#
#   bash tools/bench.sh                                   # full scale: 30000 children, 2000000 steps
#   bash tools/bench.sh --children 3000 --steps 200000    # a quick run
#   bash tools/bench.sh --backend postgres --runs 50
#   bash tools/bench.sh --backend postgres --link-delay 40   # also through an 80 ms round-trip link
#
# Options: --children N, --steps N, --answers N (per step), --runs N (measured runs per
# benchmark), --backend both|postgres|sqlite, --link-delay MS (PostgreSQL: a second run through
# the link simulator, tests/support/linksimulator.h, MS each way, with round trips counted).
# The build goes to build/ (CASEDESK_BUILD_DIR).
# Not part of tools/test.sh or ctest: it takes minutes and measures, it does not test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

children=30000
steps=2000000
answers=5
runs=30
backend=both
link_delay=
while (($# > 0)); do
    case $1 in
    --children) children=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --answers) answers=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --backend) backend=$2; shift 2 ;;
    --link-delay) link_delay=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "tools/bench.sh: unknown option $1 (see --help)" >&2; exit 1 ;;
    esac
done
case $backend in both | postgres | sqlite) ;; *) echo "--backend both|postgres|sqlite" >&2; exit 1 ;; esac

build_dir=${CASEDESK_BUILD_DIR:-build}
bash tools/install-deps.sh
cmake -S . -B "$build_dir" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCASEDESK_WERROR=ON -DCASEDESK_BUILD_TESTS=ON -DCASEDESK_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" -j2 --target casedesk_benchgen casedesk_bench >/dev/null

gen=$build_dir/benchmarks/casedesk_benchgen
bench=$build_dir/benchmarks/casedesk_bench
scale=(--children "$children" --steps "$steps" --answers "$answers")
results=$(mktemp -d "${TMPDIR:-/tmp}/casedesk-bench.XXXXXX")
trap 'rm -rf "$results"' EXIT

unset CASEDESK_TEST_PGHOST CASEDESK_TEST_PGPORT CASEDESK_TEST_PGUSER PGHOST PGPORT PGUSER PGDATABASE

if [[ $backend != sqlite ]]; then
    echo "== PostgreSQL: generating ${children} children, ${steps} steps" >&2
    # shellcheck disable=SC2016 # expanded by the inner shell: $0 gen, $1 bench, $2 runs, $3 out,
    # $4 the link delay ("" for none)
    tests/harness/with-postgres.sh bash -c '
        set -euo pipefail
        "$0" --backend postgres "${@:5}" >&2
        psql -X -q -d casedesk_bench -c "SELECT version()" -At >&2
        psql -X -q -d casedesk_bench -At -c "SELECT pg_size_pretty(pg_database_size(current_database()))" |
            sed "s/^/database size: /" >&2
        "$1" --backend postgres --runs "$2" --as-workers >"$3"
        if [[ -n $4 ]]; then
            "$1" --backend postgres --runs "$2" --as-workers --link-delay "$4" >>"$3"
        fi
    ' "$gen" "$bench" "$runs" "$results/postgres.md" "$link_delay" "${scale[@]}"
fi

if [[ $backend != postgres ]]; then
    echo "== SQLite: generating ${children} children, ${steps} steps" >&2
    "$gen" --backend sqlite --sqlite "$results/bench.sqlite" "${scale[@]}" >&2
    echo "database size: $(du -h "$results/bench.sqlite" | cut -f1)" >&2
    "$bench" --backend sqlite --sqlite "$results/bench.sqlite" --runs "$runs" >"$results/sqlite.md"
fi

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB memory; scale: ${children} children, ${steps} steps, ${answers} answers a step; ${runs} runs each"
echo
printf '| backend | connection | benchmark | runs | median ms | p95 ms | max ms | round trips | what it read |\n'
printf '|---|---|---|--:|--:|--:|--:|--:|---|\n'
cat "$results"/*.md 2>/dev/null
