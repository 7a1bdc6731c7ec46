#!/usr/bin/env bash
# The validation benchmark of issue #6: the default `qtp validate` (every family of the default
# config/models.yaml, the default grid of 216 configurations x 3 cost scenarios, decay of every
# model and feature) on a store whose features and top-K are computed (the end-to-end bench's 500
# tickers x 10 years by default, see run_e2e.sh). Target: <= 10 minutes on 2 cores. Prints the wall
# time, the peak RSS and the verdict line.
#   bench/run_validate.sh BUILD DATA_DIR
set -euo pipefail
BUILD=${1:?build dir}
DATA=${2:?data dir with features and topk_history}
QTP="$BUILD/apps/qtp/qtp"
RESULTS="$BUILD/bench/validate_results.txt"
log=$(mktemp)
status=0
/usr/bin/time -f "%e %M" -o "$log.time" "$QTP" --quiet --data-dir "$DATA" validate >"$log" || status=$?
# Exit code 3 is a failed gate: a verdict, not a failure of the benchmark.
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then cat "$log"; exit "$status"; fi
# GNU time writes "Command exited with non-zero status 3" first when the verdict is a failure.
read -r wall rss_kb < <(tail -1 "$log.time")
{
  printf 'validate: wall %.1f s, peak RSS %d MB (target: <= 600 s on 2 cores)\n' "$wall" "$((rss_kb / 1024))"
  head -4 "$log"
} | tee "$RESULTS"
rm -f "$log" "$log.time"
echo "bench: validation results also in $RESULTS"
