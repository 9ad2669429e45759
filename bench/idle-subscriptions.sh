#!/usr/bin/env bash
# What idle GraphQL subscriptions and connections cost, and the issue's flood (one connection
# asking for 20,000 subscriptions): each phase of bench/idle-subscriptions.mjs on a fresh server
# started from the packaged jar (BENCH_JAR=… for another build).
#   Usage: bench/idle-subscriptions.sh [phase…]   (default: transport legacy connections flood
#          reference; reference = the transport phase on the graphql-ws reference server,
#          bench/reference, measured the same way, RSS only)
#   SUBSCRIPTIONS=1000 CONNECTIONS=200 FLOOD=20000 set the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
(cd bench/reference && npm ci --no-audit --no-fund --loglevel=error)
port=18125
trap stop_app EXIT
for phase in "${@:-transport legacy connections flood reference}"; do
  for p in $phase; do
    if [ "$p" = reference ]; then
      PORT=$port TOKEN=bench PEER_LEGACY=1 node bench/reference/server.mjs >/dev/null &
      peer=$!
      until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.1; done
      echo "== transport on the graphql-ws reference server"
      BASE_URL="http://127.0.0.1:$port" APP_AUTH_TOKEN=bench SERVER_PID=$peer REFERENCE=1 \
        PHASE=transport node bench/idle-subscriptions.mjs
      kill $peer
      wait $peer 2>/dev/null || true
      continue
    fi
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
