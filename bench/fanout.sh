#!/usr/bin/env bash
# Subscription fan-out benchmark: starts the packaged jar (Java 25 when present) on a fresh
# database, then runs fanout.mjs for 100 and 1,000 subscribers, each without and with one
# stalled subscriber (one connection holding 200 subscriptions that stops reading).
#   Usage: bench/fanout.sh [events per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
java_home=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$java_home/bin/java" ] || java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
jar=$(ls target/sync-bridge-*.jar 2>/dev/null | head -1 || true)
[ -n "$jar" ] || { ./mvnw -B -q package -DskipTests; jar=$(ls target/sync-bridge-*.jar | head -1); }
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
work=$(mktemp -d)
port=18124
# A small subscriber buffer, so that the stalled subscriber is cut off within the run.
APP_AUTH_TOKEN=bench DB_PATH="$work/db" PORT=$port "$java_home/bin/java" -jar "$jar" \
  --sync-bridge.subscriber-buffer=1000 >"$work/log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/healthz"; do sleep 0.2; done
for n in 100 1000; do
  for stalled in 0 1; do
    echo "== $n subscribers, stalled=$stalled"
    # The burst is sized so that the reading subscribers' client keeps up (one Node.js process).
    BASE_URL="http://127.0.0.1:$port" APP_AUTH_TOKEN=bench SUBSCRIBERS=$n EVENTS=${1:-20} STALLED=$stalled \
      BURST=$((100000 / n)) \
      node bench/fanout.mjs
  done
done
