#!/usr/bin/env bash
# Subscription fan-out benchmark: starts the packaged jar on a fresh database, then runs
# fanout.mjs for 100 and 1,000 subscribers, each without and with one stalled subscriber (one
# connection holding 200 subscriptions that stops reading).
#   Usage: bench/fanout.sh [events per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
port=18124
# A small subscriber buffer, so that the stalled subscriber is cut off within the run; limits above
# the defaults, which 1,000 subscribers plus the stalled one (200 subscriptions) would pass.
start_app $port --sync-bridge.subscriber-buffer=1000 --sync-bridge.graphql.max-connections=1100 \
  --sync-bridge.graphql.max-subscriptions-per-connection=200
trap stop_app EXIT
for n in 100 1000; do
  for stalled in 0 1; do
    echo "== $n subscribers, stalled=$stalled"
    # The burst is sized so that the reading subscribers' client keeps up (one Node.js process).
    BASE_URL="http://127.0.0.1:$port" APP_AUTH_TOKEN=bench SUBSCRIBERS=$n EVENTS=${1:-20} \
      STALLED=$stalled BURST=$((100000 / n)) node bench/fanout.mjs
  done
done
