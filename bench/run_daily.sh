#!/usr/bin/env bash
# The daily job on a 500-ticker store (issue #8): wall time and peak RSS of each stage of `qtp daily`
# for two consecutive as-of days after a 2-year history, then the idempotent re-run.
# Usage: bench/run_daily.sh [build dir]. Override with BENCH_DAILY_TICKERS / _START / _END / _DAYS / _MODELS.
set -euo pipefail
BUILD=${1:-build}
QTP=$(realpath "$BUILD/apps/qtp/qtp")
TICKERS=${BENCH_DAILY_TICKERS:-500}
START=${BENCH_DAILY_START:-2022-01-01}
END=${BENCH_DAILY_END:-2023-12-29}
DAYS=${BENCH_DAILY_DAYS:-"2024-01-02 2024-01-03"}
MODELS=${BENCH_DAILY_MODELS:-ridge,xgb}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/qtp-bench-daily-XXXXXX")
trap '[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$DIR"' EXIT
Q=("$QTP" --data-dir "$DIR/data")
seconds() { local t0=$1; echo "$(( $(date +%s%N) - t0 ))" | awk '{printf "%.1f", $1 / 1e9}'; }

echo "bench daily: $TICKERS tickers, history $START..$END, models $MODELS, as-of $DAYS ($(nproc) cores)"
"${Q[@]}" --quiet init > /dev/null
t0=$(date +%s%N)
"${Q[@]}" --quiet simulate --tickers "$TICKERS" --start "$START" --end "$END" > /dev/null
for stage in clean features select; do "${Q[@]}" --quiet "$stage" > /dev/null; done
"${Q[@]}" --quiet train --models "$MODELS" > /dev/null
echo "bench daily: history built and models trained in $(seconds "$t0") s"

for day in $DAYS; do
  t0=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$DIR/rss" "${Q[@]}" --quiet daily --as-of "$day" > /dev/null
  echo "bench daily: as-of $day: $(seconds "$t0") s wall, peak RSS $(( $(cat "$DIR/rss") / 1024 )) MB (the largest of the job and its stage processes)"
  "${Q[@]}" runs show "daily-$day-1"
done
day=${DAYS%% *}
t0=$(date +%s%N)
"${Q[@]}" --quiet daily --as-of "$day" > /dev/null
echo "bench daily: re-run of $day (idempotent, nothing to do): $(seconds "$t0") s"
"${Q[@]}" query "SELECT as_of, count(*) AS ranked, count(DISTINCT model_id) AS models FROM rankings GROUP BY as_of ORDER BY as_of"
