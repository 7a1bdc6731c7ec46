#!/usr/bin/env bash
# Builds the dashboard (web/, Next.js) into its static export web/out, which `qtp serve --web web/out`
# serves. Does only what changed: `npm ci` when web/node_modules is missing or package-lock.json changed,
# `next build` when a source file, the config or the lockfile changed (each tracked by a hash stamp). After
# the first install it needs no network. Prints where web/out is.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WEB=$ROOT/web
export NEXT_TELEMETRY_DISABLED=1

die() { echo "web.sh: $*" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed (scripts/setup.sh installs them)"
# Next.js 16 needs Node >= 20.9.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 9) ? 0 : 1)' ||
  die "Node $(node --version) is too old for Next.js 16 (needs >= 20.9)"

# One build at a time (make dashboard and the browser test may start together): a lock on a file that
# always exists, so no lock file is left behind.
exec 9<"$WEB/package.json"
flock 9

STAMPS=$WEB/node_modules/.qtp-stamps
lock_hash=$(sha256sum "$WEB/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$WEB/node_modules" ] || [ "$(cat "$STAMPS/install" 2>/dev/null)" != "$lock_hash" ]; then
  echo "web: npm ci (package-lock.json changed or web/node_modules missing)"
  (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)
  mkdir -p "$STAMPS"
  echo "$lock_hash" >"$STAMPS/install"
fi

# Everything that goes into the export; a new or removed file changes the hash too.
inputs=(app components lib next.config.mjs jsconfig.json package.json package-lock.json)
[ -d "$WEB/public" ] && inputs+=(public)
source_hash=$(cd "$WEB" && find "${inputs[@]}" -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f "$WEB/out/index.html" ] || [ "$(cat "$STAMPS/build" 2>/dev/null)" != "$source_hash" ]; then
  echo "web: next build (static export)"
  started=$(date +%s)
  (cd "$WEB" && ./node_modules/.bin/next build >"$STAMPS/build.log" 2>&1) || {
    cat "$STAMPS/build.log" >&2
    die "next build failed"
  }
  grep -i 'warn' "$STAMPS/build.log" >&2 || true
  echo "$source_hash" >"$STAMPS/build"
  echo "web: built in $(($(date +%s) - started)) s"
fi
echo "dashboard static export: $WEB/out"
