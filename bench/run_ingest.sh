#!/usr/bin/env bash
# The provider-ingest benchmark (issue #7): `qtp ingest` against the local fake providers
# (bench/fake_providers_main.cpp, each provider in its own wire format; Alpaca pages of 200 bars), in a
# throwaway project:
#   (a) cold pull:   alpaca, BENCH_INGEST_TICKERS (100) tickers, BENCH_INGEST_START..BENCH_INGEST_END
#                    (2024-01-02..2024-06-28): HTTP + parse + RTH filter + ingest + raw-response cache;
#   (b) resume:      the same command again: everything is stored, only the resume check runs;
#   (c) from cache:  the store removed, data/staging/cache kept: every page from the cache, no network;
#   (d) cold pulls of BENCH_INGEST_OTHER_TICKERS (10) tickers from alpha_vantage and fmp (other formats).
# Each step prints wall time, bars stored per second, requests, cache hits and the peak RSS of qtp.
#   bench/run_ingest.sh BUILD_DIR        (BENCH_KEEP=1 keeps the project directory)
# Needs /usr/bin/time (GNU time) and python3.
set -euo pipefail
BUILD=${1:?usage: bench/run_ingest.sh BUILD_DIR}
BUILD=$(cd "$BUILD" && pwd)
QTP="$BUILD/apps/qtp/qtp"
SERVER="$BUILD/bench/fake_providers_server"
N=${BENCH_INGEST_TICKERS:-100}
N_OTHER=${BENCH_INGEST_OTHER_TICKERS:-10}
START=${BENCH_INGEST_START:-2024-01-02}
END=${BENCH_INGEST_END:-2024-06-28}
RESULTS="$BUILD/bench/ingest_results.txt"
for exe in "$QTP" "$SERVER" /usr/bin/time; do
  [ -x "$exe" ] || { echo "ingest bench: $exe is missing (build the qtp and fake_providers_server targets)" >&2; exit 1; }
done
command -v python3 >/dev/null || { echo "ingest bench: python3 is needed to read the --json reports" >&2; exit 1; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/qtp-ingest-bench-XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "ingest bench: kept $DIR"; else rm -rf "$DIR"; fi
}
trap cleanup EXIT

# The server reads its stdin until EOF, so it also goes away if this script dies without the trap.
coproc FAKE { exec "$SERVER"; }
SERVER_PID=$FAKE_PID  # bash unsets FAKE_PID once the coprocess ends
if ! read -r -t 30 URL <&"${FAKE[0]}" || [[ "$URL" != http://127.0.0.1:* ]]; then
  echo "ingest bench: fake_providers_server did not print its URL" >&2
  exit 1
fi

# N synthetic tickers PREFIX001..: the fake market is deterministic in the ticker's name.
tickers() {
  local prefix=$1 n=$2 width=3 i out=""
  [ "${#n}" -gt 3 ] && width=${#n}
  for ((i = 1; i <= n; i++)); do out+=$(printf '%s%0*d,' "$prefix" "$width" "$i"); done
  echo "${out%,}"
}

mkdir -p "$DIR/config"
{
  echo "priority: [alpaca, ibkr, yahoo, alpha_vantage, fmp, simulated]"
  for p in alpaca ibkr yahoo alpha_vantage fmp; do
    printf '%s:\n  enabled: true\n  rate_limit_per_minute: 0\n  max_calls_per_day: 0\n' "$p"
  done
} >"$DIR/config/data_sources.yaml"
printf 'api_calls_per_day: 100000000\napi_calls_per_minute: 1000000\nmax_tickers: 100000\n' \
  >"$DIR/config/system_limits.yaml"
cat >"$DIR/.env" <<EOF
QTP_ALPACA_BASE_URL=$URL
QTP_IBKR_BASE_URL=$URL/v1/api
QTP_YAHOO_BASE_URL=$URL
QTP_ALPHA_VANTAGE_BASE_URL=$URL
QTP_FMP_BASE_URL=$URL
APCA_API_KEY_ID=test-key-id-PK123
APCA_API_SECRET_KEY=test-secret-SK456
ALPHAVANTAGE_API_KEY=test-av-key-789
FMP_API_KEY=test-fmp-key-012
EOF

SUMMARY=()
# step LABEL DATA_DIR PROVIDER TICKERS: one `qtp ingest --json` under GNU time; prints its line.
step() {
  local label=$1 data=$2 provider=$3 list=$4 status=0 t0 t1
  local out="$DIR/$label.out" log="$DIR/$label.time"
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$log" "$QTP" --quiet --data-dir "$data" ingest --provider "$provider" --tickers "$list" \
    --start "$START" --end "$END" --json >"$out" 2>"$DIR/$label.err" || status=$?
  t1=$(date +%s%N)
  if [ "$status" -ne 0 ]; then
    echo "ingest bench: $label failed (exit $status)" >&2
    tail -20 "$DIR/$label.err" "$out" >&2
    exit "$status"
  fi
  local rss_kb
  rss_kb=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$log")
  local line
  line=$(python3 - "$out" "$label" "$provider" "$(((t1 - t0) / 1000000))" "$rss_kb" <<'PY'
import json, sys
path, label, provider, wall_ms, rss_kb = sys.argv[1:6]
text = open(path).read()
report, _ = json.JSONDecoder().raw_decode(text[text.index("{"):])  # --json, then the run-record line
p = report["providers"].get(provider, {})
ingest = report["ingest"]
wall = int(wall_ms) / 1000.0
stored = ingest["rows_added"]
served = p.get("bars", 0) + report["bars_outside_session"]
print(f"{label:<22} {provider:<13} wall {wall:8.2f} s | {stored / wall:10.0f} bars stored/s ({stored} stored, "
      f"{served / wall:.0f} served bars/s) | {p.get('requests', 0)} requests, {p.get('cache_hits', 0)} cache hits, "
      f"{p.get('retries', 0)} retries | {report['days_already_stored']} days already stored | "
      f"peak RSS {int(rss_kb) / 1024:.0f} MB"
      + (f" | FAILURES: {len(report['failures'])}" if report["failures"] else ""))
PY
)
  echo "$line"
  SUMMARY+=("$line")
}

# json_field LABEL EXPR: a value of a step's report (EXPR indexes `r`), for the consistency checks.
json_field() {
  python3 - "$DIR/$1.out" "$2" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
r, _ = json.JSONDecoder().raw_decode(text[text.index("{"):])
print(eval(sys.argv[2], {"r": r}))
PY
}

MAIN=$(tickers T "$N")
echo "ingest bench: fake providers at $URL; project $DIR ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "ingest bench: [1/5] cold pull: alpaca, $N tickers, $START..$END"
step cold_pull "$DIR/data" alpaca "$MAIN"
echo "ingest bench:   cache $(du -sh "$DIR/data/staging/cache" | cut -f1), store $(du -sh --exclude=staging "$DIR/data" | cut -f1)"
echo "ingest bench: [2/5] the same pull again (everything stored: the resume check only)"
step resume_check "$DIR/data" alpaca "$MAIN"
echo "ingest bench: [3/5] the store removed, data/staging kept: every page from the raw-response cache"
mv "$DIR/data/staging" "$DIR/staging.keep"
rm -rf "$DIR/data"
mkdir -p "$DIR/data"
mv "$DIR/staging.keep" "$DIR/data/staging"
step from_cache "$DIR/data" alpaca "$MAIN"
echo "ingest bench: [4/5] cold pull: alpha_vantage, $N_OTHER tickers (month-per-request JSON)"
step cold_alpha_vantage "$DIR/data_av" alpha_vantage "$(tickers A "$N_OTHER")"
echo "ingest bench: [5/5] cold pull: fmp, $N_OTHER tickers (month-per-request JSON)"
step cold_fmp "$DIR/data_fmp" fmp "$(tickers F "$N_OTHER")"

# What must hold for the numbers to mean what they say.
WARN=()
cold_requests=$(json_field cold_pull 'r["providers"]["alpaca"]["requests"]')
cold_rows=$(json_field cold_pull 'r["ingest"]["rows_added"]')
[ "$(json_field resume_check 'r["providers"].get("alpaca", {}).get("requests", 0)')" = 0 ] ||
  WARN+=("the resume check sent requests")
[ "$(json_field from_cache 'r["providers"]["alpaca"]["requests"]')" = 0 ] ||
  WARN+=("the pull from the cache sent requests")
[ "$(json_field from_cache 'r["providers"]["alpaca"]["cache_hits"]')" = "$cold_requests" ] ||
  WARN+=("the pull from the cache did not take every page from it")
[ "$(json_field from_cache 'r["ingest"]["rows_added"]')" = "$cold_rows" ] ||
  WARN+=("the pull from the cache stored a different number of bars than the cold pull")

{
  echo "== ingest benchmark: $N tickers (alpaca), $N_OTHER (alpha_vantage, fmp), $START..$END, $(nproc) cores =="
  printf '%s\n' "${SUMMARY[@]}"
  for w in "${WARN[@]+"${WARN[@]}"}"; do echo "WARNING: $w"; done
} | tee "$RESULTS"
echo "ingest bench: results also in $RESULTS"
