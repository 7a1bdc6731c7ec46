#!/usr/bin/env bash
# Installs everything qtp needs on a fresh Debian 12 machine: the Debian packages of the build and
# tests, and the pinned DuckDB C library. Idempotent: a second run checks and returns in well under a
# second. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# --- Debian packages -----------------------------------------------------------------------------
# NOTE: `xgboost` (the CLI) is required because libxgboost-dev's CMake config references /usr/bin/xgboost.
DEB_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl tzdata
  libeigen3-dev libfftw3-dev libyaml-cpp-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libcli11-dev libcpp-httplib-dev libpqxx-dev libcurl4-openssl-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libhowardhinnant-date-dev
  libxgboost-dev xgboost nodejs npm
  gnuplot-nox  # qtp eda draws its PNG plots with it
  time         # /usr/bin/time: bench/run_models.sh reads each run's peak RSS from it
  clang-14 libclang-rt-14-dev llvm-14  # libFuzzer targets of the provider reply parsers (fuzz/, scripts/fuzz.sh)
  postgresql-15  # qtp publish's integration tests start a throwaway server on loopback
  chromium       # the dashboard's browser tests (playwright-core drives Debian's Chromium, never a download)
  wrk            # bench/run_api.sh: load test of qtp serve
  # tests/integration/prometheus/ runs it against qtp serve's /metrics (deploy/prometheus.yml). Its postinst
  # starts no daemon in a container without systemd (invoke-rc.d finds no runlevel, or policy-rc.d says no).
  prometheus
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from elsewhere on a developer machine; only require the commands.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- DuckDB C library (pinned npm tarballs, integrity-checked) --------------------------------------
# libduckdb.so ships in @duckdb/node-bindings-linux-x64, duckdb.h in duckdb (same DuckDB version).
# NOTE: never `npm install duckdb`: its install script downloads from an unreachable host, then compiles.
DUCKDB_VERSION=1.4.4
BINDINGS_PKG="@duckdb/node-bindings-linux-x64@1.4.4-r.4"
BINDINGS_SHA512="jBTL/WvfwxLToFa/pVHfT6elMtltJGnc3wSuxZD9OfMltit9YUdVFS37vBFQzXMT1Z8OWjtSjMh+zPKxOwHLHA=="
HEADER_PKG="duckdb@1.4.4"
HEADER_SHA512="hEJJ5hyVF0VLj3dmOLpsWrQR0b3d4Ykqtygm6iUXjHJDDnSqg/USKxcb5qvNrOhFYPgktayU6dXCtgPqcmmpog=="
DEST="$ROOT/third_party/duckdb"
STAMP="$DEST/.installed-$DUCKDB_VERSION"

fetch_verified() {  # $1 package spec, $2 expected sha512 (base64) → prints tarball path
  local spec=$1 want=$2 work=$3 file got
  file=$(cd "$work" && npm pack --silent "$spec" 2>/dev/null | tail -n1)
  got=$(openssl dgst -sha512 -binary "$work/$file" | base64 -w0)
  if [ "$got" != "$want" ]; then
    echo "setup: integrity mismatch for $spec (got sha512-$got)" >&2
    exit 1
  fi
  echo "$work/$file"
}

if [ ! -f "$STAMP" ]; then
  echo "setup: fetching DuckDB $DUCKDB_VERSION C library from npm (pinned, integrity-checked)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  lib_tgz=$(fetch_verified "$BINDINGS_PKG" "$BINDINGS_SHA512" "$work")
  hdr_tgz=$(fetch_verified "$HEADER_PKG" "$HEADER_SHA512" "$work")
  mkdir -p "$work/lib" "$work/hdr"
  tar xzf "$lib_tgz" -C "$work/lib" package/libduckdb.so
  tar xzf "$hdr_tgz" -C "$work/hdr" package/src/duckdb/src/include/duckdb.h
  rm -rf "$DEST.tmp"; mkdir -p "$DEST.tmp/lib" "$DEST.tmp/include"
  cp "$work/lib/package/libduckdb.so" "$DEST.tmp/lib/"
  cp "$work/hdr/package/src/duckdb/src/include/duckdb.h" "$DEST.tmp/include/"
  touch "$DEST.tmp/.installed-$DUCKDB_VERSION"
  rm -rf "$DEST"; mv "$DEST.tmp" "$DEST"   # atomic from the build's point of view
fi

echo "setup: ok"
