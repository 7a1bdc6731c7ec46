#!/usr/bin/env bash
# `make demo`: the whole pipeline so far on the embedded simulated market, in a project folder of
# its own (default ./demo: config/, docs/, data/). Re-running it reuses what is there.
set -euo pipefail
QTP=$(realpath "$1")
PROJECT=${2:-demo}
TICKERS=${DEMO_TICKERS:-100}
START=${DEMO_START:-2021-01-01}
END=${DEMO_END:-2023-12-31}
mkdir -p "$PROJECT"
cd "$PROJECT"
DATA=data

step() { printf '\n== %s\n' "$*"; }

if [ ! -f config/default.yaml ]; then
  step "qtp init"
  "$QTP" --data-dir $DATA init
fi
step "qtp simulate --tickers $TICKERS --start $START --end $END"
"$QTP" --data-dir $DATA simulate --tickers "$TICKERS" --start "$START" --end "$END"
step "qtp clean"
"$QTP" --data-dir $DATA clean
step "qtp verify"
"$QTP" --data-dir $DATA verify
step "qtp status"
"$QTP" --data-dir $DATA status
step "qtp query (daily bars of the 3 most liquid tickers, last day)"
"$QTP" --data-dir $DATA query "SELECT ticker, date, close, volume, round(close * volume / 1e6, 1) AS dollar_volume_musd
  FROM bars_1d WHERE date = (SELECT max(date) FROM bars_1d) ORDER BY dollar_volume_musd DESC LIMIT 3"
step "qtp query (quality findings by rule)"
"$QTP" --data-dir $DATA query "SELECT stage, rule, action, count(*) AS n FROM quality_issues GROUP BY ALL ORDER BY n DESC"

ABS=$(pwd)
cat <<EOT

== Where things are
  project (config, docs):  $ABS
  store (Parquet):         $ABS/$DATA   (views: qtp --data-dir $ABS/$DATA query "SHOW TABLES")
  quality report:          $ABS/$DATA/reports/quality/latest.md
  run records:             $ABS/$DATA/runs/
  dashboard:               not built yet (issue #8: REST API + Next.js dashboard)
EOT
