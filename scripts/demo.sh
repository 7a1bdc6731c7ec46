#!/usr/bin/env bash
# `make demo`: the whole pipeline so far on the embedded simulated market, in a project folder of
# its own (default ./demo: config/, docs/, data/). Re-running it reuses what is there.
set -euo pipefail
QTP=$(realpath "$1")
REPO=$(cd "$(dirname "$0")/.." && pwd)
PROJECT=${2:-demo}
TICKERS=${DEMO_TICKERS:-100}
START=${DEMO_START:-2021-01-01}
END=${DEMO_END:-2023-12-31}
NEXT_DAY=${DEMO_NEXT_DAY:-2024-01-02}  # the first trading day after END
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
step "qtp features"
"$QTP" --data-dir $DATA features
step "qtp select"
"$QTP" --data-dir $DATA select
step "qtp eda"
"$QTP" --data-dir $DATA eda
step "qtp train (walk-forward: ridge, logistic, xgb, lambdamart, ensembles)"
"$QTP" --data-dir $DATA train
# The daily job: what runs after each close. Offline, the simulator stands in for a provider: it
# extends the market to the as-of day (the stored days stay as they are), then every stage recomputes
# only the new day, the registered models score it, and its ranking is published (docs/production.md).
step "qtp daily --as-of $NEXT_DAY (refresh, clean, features, select, predict, costs, publish, monitor)"
"$QTP" --data-dir $DATA daily --as-of "$NEXT_DAY"
step "qtp daily --as-of $NEXT_DAY again (idempotent: nothing to do)"
"$QTP" --data-dir $DATA daily --as-of "$NEXT_DAY"
step "qtp runs"
"$QTP" --data-dir $DATA runs
step "qtp costs (what a \$5,000 order costs, by liquidity bucket and scenario)"
"$QTP" --data-dir $DATA costs
step "qtp backtest (the best model's walk-forward predictions, three cost scenarios)"
"$QTP" --data-dir $DATA backtest
step "qtp validate (held-out year, walk-forward folds, sensitivity grid, deflated Sharpe, gates)"
# Exit code 3 is a verdict (a gate failed), not an error: the demo goes on and shows where the report is.
"$QTP" --data-dir $DATA validate || [ $? -eq 3 ]
step "qtp verify"
"$QTP" --data-dir $DATA verify
step "qtp status"
"$QTP" --data-dir $DATA status
step "qtp query (daily bars of the 3 most liquid tickers, last day)"
"$QTP" --data-dir $DATA query "SELECT ticker, date, close, volume, round(close * volume / 1e6, 1) AS dollar_volume_musd
  FROM bars_1d WHERE date = (SELECT max(date) FROM bars_1d) ORDER BY dollar_volume_musd DESC LIMIT 3"
step "qtp query (quality findings by rule)"
"$QTP" --data-dir $DATA query "SELECT stage, rule, action, count(*) AS n FROM quality_issues GROUP BY ALL ORDER BY n DESC"
step "qtp query (the latest top-K selection, best 5)"
"$QTP" --data-dir $DATA query "SELECT date, ticker, rank, round(score, 3) AS score FROM topk_history
  WHERE date = (SELECT max(date) FROM topk_history) ORDER BY rank LIMIT 5"
step "qtp query (features with the strongest 1-day rank IC)"
"$QTP" --data-dir $DATA query "SELECT feature, round(avg(rank_ic), 4) AS mean_rank_ic,
  round(avg(rank_ic) / stddev(rank_ic) * sqrt(count(*)), 1) AS t_stat, count(*) AS days
  FROM feature_ic WHERE horizon = 1 GROUP BY feature ORDER BY abs(t_stat) DESC LIMIT 5"
step "qtp models list"
"$QTP" --data-dir $DATA models list
step "qtp query (the backtests: each scenario's headline numbers)"
"$QTP" --data-dir $DATA query "SELECT run_id, scenario, round(cagr, 4) AS cagr, round(sharpe_ratio, 2) AS sharpe,
  round(max_drawdown, 4) AS max_dd, round(turnover_annual, 1) AS turnover, round(cost_drag_annual, 4) AS cost_drag
  FROM backtest_runs ORDER BY run_id, final_equity DESC"
step "qtp query (out-of-sample rank IC of each model, walk-forward test folds)"
"$QTP" --data-dir $DATA query "SELECT model, round(avg(rank_ic), 4) AS mean_fold_rank_ic, count(*) AS folds
  FROM model_metrics WHERE split = 'test' GROUP BY model ORDER BY mean_fold_rank_ic DESC"

step "dashboard: build the web app, start qtp serve (REST API + dashboard) in the background"
bash "$REPO/scripts/web.sh"
PORT=${DEMO_PORT:-8700}
# A server a previous demo left running would hold the port: stop it first.
if [ -f serve.pid ] && kill -0 "$(cat serve.pid)" 2>/dev/null; then kill "$(cat serve.pid)"; sleep 0.5; fi
nohup "$QTP" --data-dir $DATA serve --host 127.0.0.1 --port "$PORT" --web "$REPO/web/out" > serve.log 2>&1 &
echo $! > serve.pid
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$PORT/healthz" || { echo "demo: qtp serve did not start (see $(pwd)/serve.log)"; exit 1; }
echo

ABS=$(pwd)
BACKTEST=$(ls -td "$DATA"/backtests/backtest-*/ | head -1)
VALIDATION=$(ls -td "$DATA"/reports/validation/validate-*/ | head -1)
cat <<EOT

== Where things are
  project (config, docs):  $ABS
  store (Parquet):         $ABS/$DATA   (views: qtp --data-dir $ABS/$DATA query "SHOW TABLES")
  quality report:          $ABS/$DATA/reports/quality/latest.md
  features:                qtp --data-dir $ABS/$DATA query "SELECT * FROM features_raw LIMIT 5"   (docs/features.md)
  top-K selection:         $ABS/$DATA/universe/topK_50.csv, view topk_history
  EDA report and plots:    $ABS/$DATA/reports/eda/summary.md, $ABS/$DATA/reports/eda/plots/
  model evaluation:        $ABS/$DATA/reports/model_eval.md, $ABS/$DATA/reports/model_eval_plots/
  model registry:          $ABS/$DATA/models/   (qtp models list | show ID | compare ID ID)
  predictions:             qtp --data-dir $ABS/$DATA query "SELECT * FROM predictions WHERE split = 'live' LIMIT 5"
  cost estimates:          $ABS/$DATA/reports/costs.md, view cost_estimates   (docs/execution.md)
  backtest report:         $ABS/${BACKTEST}report.md, plots in $ABS/${BACKTEST}plots/
                           views backtest_runs, backtest_returns, trades, backtest_positions   (docs/backtest.md)
  validation report:       $ABS/${VALIDATION}report.md, summary.json, grid.csv, plots/   (docs/validation.md)
  run records:             $ABS/$DATA/runs/
  real data:               in a project of its own (never mixed with the simulated market): qtp --data-dir
                           real/data init, provider keys in real/.env (e.g. APCA_API_KEY_ID, APCA_API_SECRET_KEY),
                           qtp --data-dir real/data ingest --tickers AAPL,MSFT --start 2024-01-02   (docs/data_sources.md)
  daily job:               qtp --data-dir $ABS/$DATA daily [--as-of D]; history: qtp runs, view runs;
                           logs in $ABS/$DATA/logs/daily/; scheduling: deploy/README.md   (docs/production.md)
  published rankings:      view rankings; PostgreSQL with QTP_PG_URL: qtp db migrate, qtp publish   (docs/publish.md)
  monitoring:              the daily job's last stage, qtp monitor: views monitor_checks, monitor_drift,
                           monitor_decay, monitor_alerts; qtp retrain; /metrics for Prometheus   (docs/monitoring.md)

== The dashboard and the REST API are running (pid $(cat serve.pid), log $ABS/serve.log)
  dashboard:               http://127.0.0.1:$PORT/
  REST API:                http://127.0.0.1:$PORT/api/rankings   (every endpoint: /api/openapi.json, docs/api.md)
  stop it:                 kill \$(cat $ABS/serve.pid)      (start again: make dashboard)
EOT
