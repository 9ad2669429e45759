#!/usr/bin/env bash
# What the Docker image does, without Docker (there is no engine on the build machines): the
# Dockerfile's build-stage steps on the packaged jar (extract, AOT training run), then its runtime
# ENV and ENTRYPOINT in an empty working directory, then its HEALTHCHECK command. Needs Java 25
# (the image's JRE); skips with a message on an older JDK.
#   Usage: deploy/image-smoke.sh [JAR]     (default target/sync-bridge-*.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
java=${JAVA_HOME_IMAGE:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[ -x "$java" ] || java=java
if ! "$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCache '; then
  echo "image smoke skipped: $("$java" -version 2>&1 | head -1) has no AOT cache (the image runs Java 25)"
  exit 0
fi
jar=${1:-$(ls target/sync-bridge-*.jar | head -1)}
work=$(mktemp -d)
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
app=

# The image's ENV.
export JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" LOG_FORMAT=logstash
# A port nothing listens on (no node or python needed): the health check must reach this JVM.
port=18799
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

# Build stage: extract the layers. Runtime stage: each layer copied into /app, in the
# Dockerfile's order, then the training run.
"$java" -Djarmode=tools -jar "$jar" extract --layers --application-filename sync-bridge.jar \
  --destination "$work/extracted" >/dev/null
mkdir "$work/app"
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
  cp -R "$work/extracted/$layer/." "$work/app/"
done
[ -f "$work/app/sync-bridge.jar" ] && [ -d "$work/app/lib" ] \
  || { echo "the layers do not add up to sync-bridge.jar and lib/"; ls -R "$work/app" | head; exit 1; }
(cd "$work/app" && APP_AUTH_TOKEN=training DB_PATH="$work/training.db" \
  "$java" -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar sync-bridge.jar \
  >"$work/training.log" 2>&1) || { tail -30 "$work/training.log"; exit 1; }
[ -s "$work/app/app.aot" ] || { echo "no AOT cache was written"; exit 1; }

# The ENTRYPOINT, from WORKDIR /app, the database on the /data volume; -Xlog:aot tells whether
# the cache was taken.
mkdir "$work/data"
started=$(date +%s%N)
(cd "$work/app" && APP_AUTH_TOKEN=image-smoke DB_PATH="$work/data/sync-bridge.db" PORT=$port \
  exec "$java" -Xlog:aot=warning -XX:AOTCache=app.aot -jar sync-bridge.jar) >"$work/app.log" 2>&1 &
app=$!
# The HEALTHCHECK command, until it passes (start period 30 s).
for _ in $(seq 300); do
  if curl -fsS -o /dev/null "http://127.0.0.1:${port}/api/v1/healthz" 2>/dev/null; then
    echo "image smoke: healthy after $(( ($(date +%s%N) - started) / 1000000 )) ms from the AOT cache;" \
      "database on the volume: $(ls "$work/data" | tr "\n" " ")"
    # Tomcat answers a moment before the application logs that it started.
    for _ in $(seq 50); do
      grep -q '"message":"Started SyncBridgeApplication' "$work/app.log" && break
      sleep 0.1
    done
    grep -q '"message":"Started SyncBridgeApplication' "$work/app.log" \
      || { echo "the log is not JSON lines"; tail -5 "$work/app.log"; exit 1; }
    if grep -i 'aot' "$work/app.log" | grep -qiE 'mismatch|disabled|unable|error'; then
      echo "the AOT cache was not used:"; grep -i aot "$work/app.log" | head -5; exit 1
    fi
    exit 0
  fi
  kill -0 $app 2>/dev/null || { tail -30 "$work/app.log"; exit 1; }
  sleep 0.1
done
echo "not healthy within 30 s"; tail -30 "$work/app.log"; exit 1
