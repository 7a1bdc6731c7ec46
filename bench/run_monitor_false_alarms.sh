#!/usr/bin/env bash
# The monitor's false-alarm rate on markets whose regime never shifts (issue #9): for each seed, a
# simulated market with the planted signal and no --regime-shift, ridge trained on its first two years,
# then predictions and a `qtp monitor` backfill over every later session. Every alert raised there is a
# false alarm. Prints, per seed, year and in total, the alert days and the episodes (runs of consecutive
# alert days: one event a user would see) of each kind, per 252 monitored sessions.
# Usage: bench/run_monitor_false_alarms.sh [build dir]. Override with BENCH_FA_SEEDS / _TICKERS / _START /
# _TRAIN_END / _FIRST_LIVE / _END.
set -euo pipefail
BUILD=${1:-build}
QTP=$(realpath "$BUILD/apps/qtp/qtp")
SEEDS=${BENCH_FA_SEEDS:-"11 12 13"}
TICKERS=${BENCH_FA_TICKERS:-60}
START=${BENCH_FA_START:-2019-01-01}
TRAIN_END=${BENCH_FA_TRAIN_END:-2020-12-31}
FIRST_LIVE=${BENCH_FA_FIRST_LIVE:-2021-01-04}
END=${BENCH_FA_END:-2023-12-29}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/qtp-bench-fa-XXXXXX")
trap '[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$DIR"' EXIT
seconds() { local t0=$1; echo "$(( $(date +%s%N) - t0 ))" | awk '{printf "%.0f", $1 / 1e9}'; }

# Alert kinds by key prefix; a decay "warn" is an info alert and is not counted (the monitor_cli test's rule).
# The checks are left out: without qtp publish the publication checks fail every day by design.
KINDS="monitor/drift/feature monitor/drift/prediction monitor/drift/correlation monitor/decay/"
echo "bench false alarms: seeds $SEEDS, $TICKERS tickers, planted signal 0.15, no regime shift;" \
  "ridge trained $START..$TRAIN_END, monitored $FIRST_LIVE..$END ($(nproc) cores)"
for seed in $SEEDS; do
  Q=("$QTP" --data-dir "$DIR/$seed/data")
  t0=$(date +%s%N)
  "${Q[@]}" --quiet init > /dev/null
  "${Q[@]}" --quiet simulate --tickers "$TICKERS" --start "$START" --end "$END" --seed "$seed" --signal 0.15 > /dev/null
  for stage in clean features select; do "${Q[@]}" --quiet "$stage" > /dev/null; done
  "${Q[@]}" --quiet train --models ridge --end "$TRAIN_END" > /dev/null
  "${Q[@]}" --quiet predict --start "$FIRST_LIVE" --end "$END" > /dev/null
  t1=$(date +%s%N)
  "${Q[@]}" --quiet monitor --as-of "$END" --since "$FIRST_LIVE" > /dev/null
  sessions=$("${Q[@]}" query --format csv "SELECT count(DISTINCT as_of) FROM monitor_decay" | tail -1)
  echo "seed $seed: $sessions sessions monitored (market, training and predictions $(( ($t1 - t0) / 1000000000 )) s," \
    "monitor backfill $(seconds "$t1") s)"
  for kind in $KINDS; do
    # Episodes: alert days whose previous monitored session had no alert of the kind; by calendar year
    # (the first is the first year after training: the reference ages without a retrain after it).
    "${Q[@]}" query --format csv "
      WITH s AS (SELECT DISTINCT as_of FROM monitor_decay),
           a AS (SELECT DISTINCT as_of FROM monitor_alerts WHERE starts_with(key, '$kind') AND severity <> 'info'),
           d AS (SELECT s.as_of, a.as_of IS NOT NULL AS hit, lag(a.as_of IS NOT NULL) OVER (ORDER BY s.as_of) AS prev
                 FROM s LEFT JOIN a USING (as_of))
      SELECT year(as_of), count(*), sum(hit::INT), sum((hit AND NOT coalesce(prev, false))::INT) FROM d
      GROUP BY 1 ORDER BY 1" |
      tail -n +2 | awk -F, -v kind="$kind" -v seed="$seed" \
        '{printf "  %-28s %s: %3d sessions, alert days %3d, episodes %2d\n", kind, $1, $2, $3, $4;
          print seed, kind, $1, $2, $3, $4 >> "'"$DIR"'/totals"}'
  done
done
echo "bench false alarms: all seeds (episodes per 252 sessions)"
awk '{n[$2] += $4; days[$2] += $5; ep[$2] += $6; ny[$2, $3] += $4; epy[$2, $3] += $6;
      if (NR == 1 || $3 < y0) y0 = $3; if (NR == 1 || $3 > y1) y1 = $3}
     END {for (k in n) {
            line = sprintf("  %-28s %5d sessions  alert days %4d  episodes %3d  (%.2f)", k, n[k], days[k], ep[k],
                           ep[k] * 252 / n[k]);
            for (y = y0; y <= y1; ++y) line = line sprintf("  %d: %.2f", y, epy[k, y] * 252 / ny[k, y]);
            print line}}' "$DIR/totals" | sort
