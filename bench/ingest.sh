#!/usr/bin/env bash
# Runs ingest.mjs against the packaged jar (Java 25 when present) on a fresh database, RUNS times.
#   Usage: bench/ingest.sh [runs, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
java_home=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$java_home/bin/java" ] || java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
jar=$(ls target/sync-bridge-*.jar 2>/dev/null | head -1 || true)
[ -n "$jar" ] || { ./mvnw -B -q package -DskipTests; jar=$(ls target/sync-bridge-*.jar | head -1); }
for run in $(seq "${1:-3}"); do
  work=$(mktemp -d)
  port=18125
  APP_AUTH_TOKEN=bench DB_PATH="$work/db" PORT=$port "$java_home/bin/java" -jar "$jar" >"$work/log" 2>&1 &
  app=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/healthz"; do sleep 0.2; done
  echo "== run $run"
  BASE_URL="http://127.0.0.1:$port" APP_AUTH_TOKEN=bench node bench/ingest.mjs || true
  kill $app; wait $app 2>/dev/null || true
  rm -rf "$work"
done
