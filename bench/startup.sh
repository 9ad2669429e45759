#!/usr/bin/env bash
# Start-up time (launch → first healthz 200) and RSS after start, median of N runs.
# Usage: bench/startup.sh [JAVA_HOME] [runs]   (builds the jar first if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
java_home=${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
runs=${2:-5}
jar=$(ls target/sync-bridge-*.jar 2>/dev/null | head -1 || true)
[ -n "$jar" ] || { ./mvnw -B -q package -DskipTests; jar=$(ls target/sync-bridge-*.jar | head -1); }
port=18123
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
times=(); rss=()
for i in $(seq "$runs"); do
  rm -f "$work"/db*
  start=$(date +%s%N)
  APP_AUTH_TOKEN=bench DB_PATH="$work/db" PORT=$port "$java_home/bin/java" -jar "$jar" >"$work/log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/healthz"; do
    kill -0 $pid 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
  rss+=($(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )))
  kill $pid; wait $pid 2>/dev/null || true
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "java: $("$java_home/bin/java" -version 2>&1 | head -1)"
echo "ready ms: ${times[*]} -> median $(median "${times[@]}")"
echo "RSS MB:   ${rss[*]} -> median $(median "${rss[@]}")"
