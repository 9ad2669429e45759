#!/usr/bin/env bash
# Start-up time (launch → first healthz 200) and RSS right after, median of N runs, two ways:
# the fat jar as built, and (on Java 25+) the extracted jar with a JDK AOT cache from a training
# run, which is how the Docker image and the README's fast start run it.
#   Usage: bench/startup.sh [JAVA_HOME] [runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${1:-}" ] && export JAVA_HOME_BENCH=$1
source bench/common.sh
runs=${2:-5}
java="$java_home/bin/java"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure LABEL DIR COMMAND…: starts COMMAND in DIR on a fresh database RUNS times.
measure() {
  local label=$1 dir=$2
  shift 2
  local times=() rss=()
  for run in $(seq "$runs"); do
    local db="$work/db-$run"
    local started
    started=$(date +%s%N)
    (cd "$dir" && APP_AUTH_TOKEN=bench DB_PATH="$db" PORT=18123 exec "$@") >"$work/log" 2>&1 &
    local pid=$!
    until curl -sf -o /dev/null http://127.0.0.1:18123/api/v1/healthz; do
      kill -0 $pid 2>/dev/null || { cat "$work/log"; exit 1; }
      sleep 0.05
    done
    times+=($(( ($(date +%s%N) - started) / 1000000 )))
    rss+=($(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )))
    kill $pid
    wait $pid 2>/dev/null || true
    rm -f "$db" "$db"-*
  done
  printf '%-28s ready ms %-32s median %5s | RSS MB %-22s median %s\n' "$label" \
    "${times[*]}" "$(median "${times[@]}")" "${rss[*]}" "$(median "${rss[@]}")"
}

echo "java: $("$java" -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "fat jar" . "$java" -jar "$(readlink -f "$jar")"
if aot_supported; then
  aot_cache "$jar" "$work/app"
  measure "extracted jar + AOT cache" "$work/app" "$java" -XX:AOTCache=app.aot -jar "$(basename "$jar")"
else
  echo "(this JVM has no AOT cache: Java 25 or later needed for the second measurement)"
fi
