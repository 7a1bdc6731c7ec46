#!/usr/bin/env bash
# `make dashboard`: builds the dashboard's static export (scripts/web.sh) and serves it with the API from one
# process, `qtp serve --web web/out`, over a project folder's store (default ./demo, made by `make demo`).
# Runs in the foreground until Ctrl-C.
#
#   scripts/dashboard.sh QTP_BINARY [PROJECT_DIR] [PORT] [HOST]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 QTP_BINARY [PROJECT_DIR] [PORT] [HOST]" >&2; exit 2; }
QTP=$(realpath "$1")
PROJECT=${2:-demo}
PORT=${3:-8700}
HOST=${4:-127.0.0.1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

bash "$ROOT/scripts/web.sh"
if [ ! -d "$PROJECT/data" ]; then
  echo "dashboard: no store at $PROJECT/data: run \`make demo\` first (or DEMO_DIR=<project folder>)" >&2
  exit 1
fi
cd "$PROJECT"
echo "dashboard: http://$HOST:$PORT/  (API: http://$HOST:$PORT/api/, store: $(pwd)/data; Ctrl-C stops)"
exec "$QTP" --data-dir data serve --host "$HOST" --port "$PORT" --web "$ROOT/web/out"
