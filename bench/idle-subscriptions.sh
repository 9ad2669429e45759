#!/usr/bin/env bash
# What idle GraphQL subscriptions and connections cost, and the issue's flood (one connection
# asking for 20,000 subscriptions): each phase of bench/idle-subscriptions.mjs on a fresh server
# started from the packaged jar (BENCH_JAR=… for another build).
#   Usage: bench/idle-subscriptions.sh [phase…]   (default: transport legacy connections flood)
#   SUBSCRIPTIONS=1000 CONNECTIONS=200 FLOOD=20000 set the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
port=18125
trap stop_app EXIT
for phase in "${@:-transport legacy connections flood}"; do
  for p in $phase; do
    args=()
    # The subscription phases measure one connection with more subscriptions than the default
    # limit allows; the flood runs with the defaults, as a client would meet them.
    case $p in
      transport | legacy)
        args+=(--sync-bridge.graphql.max-subscriptions-per-connection=${SUBSCRIPTIONS:-1000}) ;;
    esac
    start_app $port "${args[@]}"
    echo "== $p ($(basename "$jar"))"
    BASE_URL="http://127.0.0.1:$port" APP_AUTH_TOKEN=bench SERVER_PID=$app_pid \
      JCMD="$java_home/bin/jcmd" PHASE=$p node bench/idle-subscriptions.mjs
    stop_app
  done
done
