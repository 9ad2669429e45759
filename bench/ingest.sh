#!/usr/bin/env bash
# Runs ingest.mjs against the packaged jar on a fresh database, RUNS times.
#   Usage: bench/ingest.sh [runs, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
for run in $(seq "${1:-3}"); do
  start_app 18125
  echo "== run $run"
  BASE_URL="http://127.0.0.1:18125" APP_AUTH_TOKEN=bench node bench/ingest.mjs || true
  stop_app
done
