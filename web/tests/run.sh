#!/usr/bin/env bash
# The dashboard's browser test (ctest: dashboard_browser). Builds the static export (scripts/web.sh), builds a
# small store with the given qtp binary (25 simulated tickers, 2022-01-01..2023-06-30, the pipeline through
# backtest, then publish, one daily job and a monitor backfill), starts `qtp serve --web web/out` on a free
# loopback port and runs web/tests/browser.mjs over every page in Debian's Chromium. Screenshots go to
# ARTIFACT_DIR (default ./artifacts/screenshots). The server is stopped on exit, whatever happens.
#
#   web/tests/run.sh QTP_BINARY [ARTIFACT_DIR]
#
# Exit 0: passed; 1: failed; 77: skipped because Chromium is not installed (ctest SKIP_RETURN_CODE).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 QTP_BINARY [ARTIFACT_DIR]" >&2; exit 2; }
QTP=$(realpath "$1")
ARTIFACTS=$(realpath -m "${2:-artifacts/screenshots}")
CHROMIUM=${QTP_CHROMIUM:-/usr/bin/chromium}
HERE=$(cd "$(dirname "$0")" && pwd)
WEB=$(dirname "$HERE")
ROOT=$(dirname "$WEB")

if [ ! -x "$CHROMIUM" ]; then
  echo "SKIP: no Chromium at $CHROMIUM (scripts/setup.sh installs Debian's chromium)"
  exit 77
fi
[ -x "$QTP" ] || { echo "FAIL: no qtp binary at $QTP" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/qtp-dashboard.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

T0=$(date +%s)
elapsed() { echo "$(($(date +%s) - T0)) s"; }

bash "$ROOT/scripts/web.sh"

# The store is built fresh each run: what the pages show must come from the binary under test. PostgreSQL is
# left out (the API reads the embedded store).
unset QTP_PG_URL
cd "$WORK"
LOG=$WORK/pipeline.log
qtp() {
  if ! "$QTP" --data-dir data "$@" >>"$LOG" 2>&1; then
    tail -n 40 "$LOG" >&2
    echo "FAIL: qtp $* (log above)" >&2
    exit 1
  fi
}

qtp init
qtp simulate --tickers 25 --start 2022-01-01 --end 2023-06-30
qtp clean
qtp features
qtp select
qtp train --models ridge,xgb
qtp predict
qtp costs
# One stress window inside the simulated period and one outside it: the tear sheet tables the first and
# names the second.
qtp backtest --set "backtest.stress_windows=[gfc_2008:2008-09-01:2009-03-31,spring_2023:2023-03-01:2023-04-28]"
qtp publish --as-of 2023-06-30
# The next trading day: the simulator extends the market, the job publishes it (rank changes against
# 2023-06-30) and records its stages and monitor checks.
qtp daily --as-of 2023-07-03
# The daily job's monitor stage measured 2023-07-03 alone; a backfill over the weeks before it gives the
# Monitoring page's decay and drift charts a history (those days lie inside the model's training window, so
# they show what the monitor makes of in-sample data, which is all a one-day-old model has).
qtp monitor --since 2023-06-01 --as-of 2023-07-03
# What the pages must show (browser.mjs --expect): every list the store now has data for.
EXPECT=tickers,backtests,models,rankings,runs,monitor,drift
echo "store built in $(elapsed) (expecting $EXPECT)"

# Port 0: the server takes a free port and prints its URL.
"$QTP" --data-dir data serve --host 127.0.0.1 --port 0 --web "$WEB/out" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 200); do
  BASE=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/serve.log" | head -n 1 || true)
  [ -n "$BASE" ] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cat "$WORK/serve.log" >&2
    echo "FAIL: qtp serve exited" >&2
    exit 1
  fi
  sleep 0.1
done
[ -n "$BASE" ] || { cat "$WORK/serve.log" >&2; echo "FAIL: qtp serve printed no URL in 20 s" >&2; exit 1; }
curl -sf "$BASE/healthz" >/dev/null || { echo "FAIL: $BASE/healthz does not answer" >&2; exit 1; }
echo "serving $BASE (pid $SERVER_PID)"

mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.png
status=0
node "$HERE/browser.mjs" --base "$BASE" --out "$ARTIFACTS" --chromium "$CHROMIUM" --expect "$EXPECT" || status=$?
echo "screenshots: $ARTIFACTS; total $(elapsed)"
exit "$status"
