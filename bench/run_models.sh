#!/usr/bin/env bash
# The walk-forward benchmark of issue #4: `qtp train` on a store whose features are computed (the
# end-to-end bench's 500 tickers x 10 years by default, see run_e2e.sh), once per model family and
# once for ridge + xgb + lambdamart together (the target: <= 120 s on 2 cores). Each run is its own
# process, so its peak RSS is its own. Prints wall time, peak RSS and the out-of-sample rank IC.
#   bench/run_models.sh BUILD DATA_DIR
set -euo pipefail
BUILD=${1:?build dir}
DATA=${2:?data dir with features}
QTP="$BUILD/apps/qtp/qtp"
RESULTS="$BUILD/bench/models_results.txt"
: >"$RESULTS"
printf '%-28s %10s %12s  %s\n' "models" "wall (s)" "peak RSS MB" "out-of-sample mean rank IC" | tee -a "$RESULTS"
for models in ridge logistic xgb lambdamart ridge,xgb,lambdamart; do
  log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log.time" "$QTP" --quiet --data-dir "$DATA" train --models "$models" >"$log"
  read -r wall rss_kb <"$log.time"
  # The summary's model lines: "  <model> <model_id> rank IC <value> ...".
  ic=$(grep -E "^  [a-z_]+ +[a-z_]+-h[0-9]+-" "$log" | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $5}')
  printf '%-28s %10.1f %12.0f  %s\n' "$models" "$wall" "$((rss_kb / 1024))" "$ic" | tee -a "$RESULTS"
  rm -f "$log" "$log.time"
done
echo "bench: model results also in $RESULTS (target: ridge,xgb,lambdamart <= 120 s on 2 cores)"
