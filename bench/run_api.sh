#!/usr/bin/env bash
# The API benchmark of issue #8: wrk on loopback against /api/rankings (64 connections, 30 s, wrk's
# 2 threads on the same cores as the server). Target: >= 5,000 requests/s, p99 <= 20 ms, 0 errors
# on 2 cores. Prints requests/s, p99 latency and errors (also into BUILD/bench/api_results.txt).
#   bench/run_api.sh [BUILD] [DATA_DIR]
# Without DATA_DIR it builds a demo store first (API_BENCH_TICKERS=100 simulated tickers over
# 2022-2023, clean, features, select, train ridge, predict and publish the last two days), in a
# temporary folder removed afterwards unless BENCH_KEEP=1.
# Overrides: API_BENCH_PORT (18700), API_BENCH_DURATION (30s), API_BENCH_CONNECTIONS (64),
# API_BENCH_SERVER_THREADS (qtp serve --threads, 128).
set -euo pipefail
BUILD=${1:-build}
DATA=${2:-}
QTP=$(realpath "$BUILD/apps/qtp/qtp")
PORT=${API_BENCH_PORT:-18700}
DURATION=${API_BENCH_DURATION:-30s}
CONNECTIONS=${API_BENCH_CONNECTIONS:-64}
SERVER_THREADS=${API_BENCH_SERVER_THREADS:-128}
RESULTS="$BUILD/bench/api_results.txt"
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl is not installed" >&2; exit 1; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/qtp-api-bench-XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$DIR"
}
trap cleanup EXIT

if [ -z "$DATA" ]; then
  DATA="$DIR/data"
  TICKERS=${API_BENCH_TICKERS:-100}
  START=2022-01-01
  END=2023-12-29
  echo "bench: building a demo store ($TICKERS tickers, $START..$END) in $DATA"
  run() { echo "+ qtp $*"; "$QTP" --quiet --data-dir "$DATA" "$@" >/dev/null; }
  run init
  run simulate --tickers "$TICKERS" --start "$START" --end "$END"
  run clean
  run features
  run select
  run train --models ridge
  for day in 2023-12-28 2023-12-29; do
    run predict --date "$day"
    run publish --as-of "$day"
  done
fi

"$QTP" --quiet --data-dir "$DATA" serve --port "$PORT" --threads "$SERVER_THREADS" >/dev/null &
SERVER_PID=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: qtp serve did not start" >&2; exit 1; }
  sleep 0.1
done
URL="http://127.0.0.1:$PORT/api/rankings"
BODY=$(curl -sf "$URL")
SUMMARY=$(printf '%s' "$BODY" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["items"]), "rows, as-of", d["as_of"])')
case "$SUMMARY" in
  0\ *) echo "bench: $DATA has no published rankings (run qtp publish)" >&2; exit 1 ;;
esac
echo "bench: $URL answers $(printf '%s' "$BODY" | wc -c) bytes ($SUMMARY)"

OUT=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$URL")
echo "$OUT"
RPS=$(echo "$OUT" | awk '/^Requests\/sec:/ {print $2}')
P99=$(echo "$OUT" | awk '$1 == "99%" {print $2}')
NON2XX=$(echo "$OUT" | awk '/Non-2xx or 3xx responses:/ {n = $NF} END {print n + 0}')
# wrk prints these lines only when there were such errors.
SOCKET=$(echo "$OUT" | awk '/Socket errors:/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i}
                           END {print s + 0}')
ERRORS=$((NON2XX + SOCKET))
mkdir -p "$(dirname "$RESULTS")"
{
  echo "api: /api/rankings, wrk -t2 -c$CONNECTIONS -d$DURATION on $(nproc) cores, qtp serve --threads $SERVER_THREADS"
  echo "requests/s: $RPS"
  echo "p99 latency: $P99"
  echo "errors: $ERRORS (non-2xx: $NON2XX, socket: $SOCKET)"
  echo "target: >= 5000 requests/s, p99 <= 20 ms, 0 errors"
} | tee "$RESULTS"
