#!/usr/bin/env bash
# `make bench`: the end-to-end benchmark at issue #2's scale (500 tickers x 10 years ≈ 98M bars),
# the walk-forward model benchmark on its features (run_models.sh), the default validation on it
# (run_validate.sh), the provider ingest against the local fake providers (run_ingest.sh), the
# micro benchmarks, the backtest benchmark (backtest_bench.cpp) and the REST API (run_api.sh).
# Override the size with BENCH_TICKERS / BENCH_START / BENCH_END.
# Needs ≈ 4 GB of free disk for the store; it is removed afterwards unless BENCH_KEEP=1.
set -euo pipefail
BUILD=${1:-build}
TICKERS=${BENCH_TICKERS:-500}
START=${BENCH_START:-2015-01-01}
END=${BENCH_END:-2024-12-31}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/qtp-bench-XXXXXX")
trap '[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$DIR"' EXIT
echo "bench: $TICKERS tickers, $START..$END, store in $DIR/data ($(nproc) cores)"
"$BUILD/bench/e2e_bench" --data-dir "$DIR/data" --tickers "$TICKERS" --start "$START" --end "$END" \
  --json "$BUILD/bench/e2e_results.json"
echo "bench: results also in $BUILD/bench/e2e_results.json"
bash "$(dirname "$0")/run_models.sh" "$BUILD" "$DIR/data"
bash "$(dirname "$0")/run_validate.sh" "$BUILD" "$DIR/data"
bash "$(dirname "$0")/run_ingest.sh" "$BUILD"
"$BUILD/bench/micro_bench" --benchmark_min_time=0.5
# The backtest engine: one 500 x 5000 backtest (target <= 0.2 s) and a 1000-point sweep (<= 60 s).
"$BUILD/bench/backtest_bench"
# The REST API: wrk against /api/rankings on a demo store of its own (target >= 5,000 req/s, p99 <= 20 ms).
bash "$(dirname "$0")/run_api.sh" "$BUILD"
