#!/usr/bin/env bash
# Load with live updates on (issue 17; the driver issue 12 point 4 reuses): builds
# casedesk_benchgen and casedesk_load, fills a throwaway PostgreSQL (tests/harness/with-postgres.sh)
# with a generated authority, and runs casedesk_load: N simulated workers, each as their own login
# through the real core classes, with live updates on. Prints each run's Markdown report.
#
#   bash tools/load.sh                                  # 50 and 200 workers, 180 s each
#   bash tools/load.sh --workers "50 200" --streams "5 10 20 40" --duration 120
#   bash tools/load.sh --workers 50 --duration 60 --children 3000 --steps 200000
#
# Options: --workers "N ..." (one run each, no stream), --streams "R ..." (one run each at the
# first worker count, R changes a second to the workers' trays made elsewhere: the live delay),
# --duration S (each run), --children N, --steps N (the generated authority; 225 Social Workers
# whatever the scale), and after -- anything for casedesk_load itself (--poll, --save, ...).
# The server's max_connections is raised for the run (two connections a worker: requests and
# the listener). Not part of tools/test.sh or ctest: it measures, it does not test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

workers="50 200"
streams=""
duration=180
children=3000
steps=200000
extra=()
while (($# > 0)); do
    case $1 in
    --workers) workers=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --children) children=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "tools/load.sh: unknown option $1 (see --help)" >&2; exit 1 ;;
    esac
done

build_dir=${CASEDESK_BUILD_DIR:-build}
if [[ -z ${CASEDESK_LOAD_NO_BUILD:-} ]]; then
    cmake -S . -B "$build_dir" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCASEDESK_WERROR=ON -DCASEDESK_BUILD_TESTS=ON -DCASEDESK_BUILD_BENCHMARKS=ON >/dev/null
    cmake --build "$build_dir" -j2 --target casedesk_benchgen casedesk_load >/dev/null
fi
gen=$(realpath "$build_dir/benchmarks/casedesk_benchgen")
load=$(realpath "$build_dir/benchmarks/casedesk_load")

most=0
for n in $workers; do ((n > most)) && most=$n; done
export CASEDESK_PG_MAX_CONNECTIONS=$((2 * most + 40))
unset CASEDESK_TEST_PGHOST CASEDESK_TEST_PGPORT CASEDESK_TEST_PGUSER PGHOST PGPORT PGUSER PGDATABASE

echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB memory; scale: ${children} children, ${steps} steps; max_connections ${CASEDESK_PG_MAX_CONNECTIONS}"
# shellcheck disable=SC2016 # expanded by the inner shell
tests/harness/with-postgres.sh bash -c '
    set -euo pipefail
    gen=$1 load=$2 workers=$3 streams=$4 duration=$5 children=$6 steps=$7
    shift 7
    start=$(date +%s)
    "$gen" --backend postgres --children "$children" --steps "$steps" >&2
    echo "generated in $(( $(date +%s) - start )) s" >&2
    status=0
    for n in $workers; do
        echo
        echo "### $n workers, live updates on, no stream (casedesk_load --workers $n --duration $duration $*)"
        echo
        "$load" --workers "$n" --duration "$duration" "$@" || status=1
    done
    first=${workers%% *}
    for rate in $streams; do
        echo
        echo "### $first workers, $rate changes a second elsewhere (casedesk_load --workers $first --duration $duration --stream $rate $*)"
        echo
        "$load" --workers "$first" --duration "$duration" --stream "$rate" "$@" || status=1
    done
    exit $status
' load.sh "$gen" "$load" "$workers" "$streams" "$duration" "$children" "$steps" "${extra[@]}"
