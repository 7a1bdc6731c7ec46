#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang-14, ASan+UBSan) into build-fuzz/ and runs each one
# briefly on a fresh corpus: the hand-written seeds of fuzz/seeds/<target>/ plus, when the shared
# data is there, the matching recorded provider replies. Exits non-zero on any crash, leak, UB,
# timeout or OOM, leaving the reproducer under build-fuzz/crashes/.
#
#   scripts/fuzz.sh [seconds_per_target]      (default 20)
#   FUZZ_JOBS=N   targets run side by side (default: nproc; each fuzzer is single-threaded)
#   FUZZ_BUILD=D  build folder (default build-fuzz, git-ignored; corpora and logs stay inside it)
#
# Reproduce a finding: build-fuzz/<target> build-fuzz/crashes/<target>-crash-<sha1>
# Minimize it:         build-fuzz/<target> -minimize_crash=1 -max_total_time=60 build-fuzz/crashes/<file>
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_PER_TARGET=${1:-20}
BUILD=${FUZZ_BUILD:-build-fuzz}
JOBS=${FUZZ_JOBS:-$(nproc)}
FIXTURES="$ROOT/../shared/data/api_fixtures"
START=$(date +%s)

log() { printf 'fuzz: %s\n' "$*"; }

case $SECONDS_PER_TARGET in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [seconds_per_target]" >&2; exit 2 ;;
esac
for tool in clang++-14 clang-14 cmake ninja; do
  command -v "$tool" >/dev/null || { echo "fuzz: $tool not found (see fuzz/README.md for the packages)" >&2; exit 1; }
done

# --- build (Ninja is incremental: a warm tree only re-checks) -------------------------------------
if [ ! -f "$BUILD/build.ninja" ]; then
  log "configuring $BUILD (clang-14, -O1 -g, ASan+UBSan+libFuzzer)"
  CC=clang-14 CXX=clang++-14 cmake -S fuzz -B "$BUILD" -G Ninja >/dev/null
fi
log "building"
cmake --build "$BUILD" -j "$JOBS" | { grep -v '^\[' || true; }
log "built in $(($(date +%s) - START)) s"

# Symbolized stacks in the reports.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && command -v llvm-symbolizer-14 >/dev/null; then
  export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-14)
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# --- seeds -----------------------------------------------------------------------------------------
# Recorded replies of each target's provider (../shared/data/api_fixtures/<folder>/<glob>).
fixtures_of() {
  case $1 in
    alpaca_fuzz) echo "alpaca_v2/*.json" ;;
    yahoo_fuzz) echo "yahoo_v8_chart/*.json" ;;
    av_fuzz) echo "alphavantage/*.json alphavantage/*.csv" ;;
    fmp_fuzz) echo "fmp_v3/*.json" ;;
    *) echo "" ;;  # ibkr: no recorded replies in shared/
  esac
}

# Recorded replies run to 100-600 KB, and libFuzzer mutates (and re-parses) whole inputs: trimmed to
# their first few elements they keep every shape and formatting quirk at a fraction of the cost (about
# ten times the runs per second, and more coverage in a short run). The trim works on the text, so
# number spellings such as FMP's 6.3890796E7 survive. With python3 absent the files go in whole.
TRIM_PY='
import sys
KEEP = 12
def trim_json(text):
    cuts, stack, i, n = [], [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "\"":
            i += 1
            while i < n and text[i] != "\"":
                i += 2 if text[i] == "\\" else 1
        elif c in "[{":
            stack.append([0, None])
        elif c in "]}":
            count, cut = stack.pop() if stack else (0, None)
            if cut is not None:
                cuts.append((cut, i))
        elif c == "," and stack:
            stack[-1][0] += 1
            if stack[-1][0] == KEEP and stack[-1][1] is None:
                stack[-1][1] = i
        i += 1
    out, pos = [], 0
    for start, end in sorted(cuts):
        if start < pos:
            continue  # inside a region already cut
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)
src, dst, kind = sys.argv[1:4]
text = open(src, encoding="utf-8", errors="surrogateescape").read()
if kind == "yahoo":  # the recorder wraps Yahoo'"'"'s body as response.bodyJson
    import json
    text = json.dumps(json.loads(text)["response"]["bodyJson"])
if src.endswith(".csv"):
    text = "".join(text.splitlines(keepends=True)[:KEEP + 1])
else:
    text = trim_json(text)
open(dst, "w", encoding="utf-8", errors="surrogateescape").write(text)
'

seed_corpus() {  # $1 target, $2 corpus dir
  local target=$1 dir=$2 pattern f dst
  if [ -d "fuzz/seeds/$target" ]; then
    cp fuzz/seeds/"$target"/* "$dir"/
  fi
  [ -d "$FIXTURES" ] || return 0
  for pattern in $(fixtures_of "$target"); do
    for f in "$FIXTURES"/$pattern; do
      [ -f "$f" ] || continue
      dst="$dir/fixture-$(basename "$f")"
      if command -v python3 >/dev/null && python3 -c "$TRIM_PY" "$f" "$dst" "${target%_fuzz}" 2>/dev/null; then
        continue
      fi
      cp "$f" "$dst"
    done
  done
}

# --- run -------------------------------------------------------------------------------------------
mkdir -p "$BUILD/crashes"
TARGETS=()
for src in fuzz/*_fuzz.cpp; do
  TARGETS+=("$(basename "$src" .cpp)")
done

run_target() {  # $1 target: fuzzes it, then prints its summary line (and report); never fails itself
  local target=$1 work="$BUILD/run/$1" rc=0
  rm -rf "$work"
  mkdir -p "$work/corpus"
  seed_corpus "$target" "$work/corpus"
  log "$target: started on $(find "$work/corpus" -type f | wc -l) seeds"
  # In a subshell of its own, so the shell's "Aborted" notice of a crash goes to the log too.
  ("$BUILD/$target" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$BUILD/crashes/$target-" "$work/corpus"; exit $?) >"$work/log" 2>&1 || rc=$?
  echo "$rc" >"$work/rc"
  summarize "$target" >"$work/summary"
  cat "$work/summary"  # one write, so parallel targets do not interleave their lines
}

summarize() {  # $1 target → its summary line, plus the fuzzer's report on a finding
  local target=$1 work="$BUILD/run/$1" rc runs speed corpus
  rc=$(cat "$work/rc")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -n1)
  corpus=$(find "$work/corpus" -type f | wc -l)
  if [ "$rc" = 0 ]; then
    printf 'fuzz: %-12s %10s runs %7s exec/s  corpus %5s  no crash\n' "$target" "${runs:-?}" "${speed:-?}" "$corpus"
    return
  fi
  printf 'fuzz: %-12s %10s runs %7s exec/s  corpus %5s  FAILED (exit %s)\n' "$target" "${runs:-?}" "${speed:-?}" \
    "$corpus" "$rc"
  echo "----- $target: the fuzzer's report (full log: $work/log) -----"
  # From the first sanitizer/libFuzzer alarm on, without the long mutation-progress preamble.
  local first='^fuzz invariant violated\|^==[0-9]*== *ERROR\|^==[0-9]*==WARNING\|runtime error:\|ALARM: working on'
  first+='\|out-of-memory\|Assertion .* failed'
  sed -n "/$first/,\$p" "$work/log" | sed '/^Shadow bytes around/,/^==[0-9]*==ABORTING/d' | head -n 80
  echo "reproducer: $(sed -n 's/.*Test unit written to //p' "$work/log" | tr '\n' ' ')"
  echo "----- end of $target -----"
}

log "${#TARGETS[@]} targets (${TARGETS[*]}), $SECONDS_PER_TARGET s each, $JOBS at a time"
running=0
for target in "${TARGETS[@]}"; do
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "$target" &
  running=$((running + 1))
done
wait

failed=()
for target in "${TARGETS[@]}"; do
  [ "$(cat "$BUILD/run/$target/rc" 2>/dev/null)" = 0 ] || failed+=("$target")
done
if [ ${#failed[@]} -gt 0 ]; then
  log "FAILED after $(($(date +%s) - START)) s: findings in ${failed[*]} (reproducers in $BUILD/crashes/)"
  exit 1
fi
log "ok in $(($(date +%s) - START)) s: ${#TARGETS[@]} targets, no crash"
