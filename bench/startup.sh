#!/usr/bin/env bash
# Start-up time (launch → first healthz 200) and RSS after start, median of N runs.
#   Usage: bench/startup.sh [JAVA_HOME] [runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${1:-}" ] && export JAVA_HOME_BENCH=$1
source bench/common.sh
runs=${2:-5}
times=(); rss=()
for _ in $(seq "$runs"); do
  started=$(date +%s%N)
  start_app 18123
  times+=($(( ($(date +%s%N) - started) / 1000000 )))
  rss+=($(( $(awk '/VmRSS/ {print $2}' /proc/$app_pid/status) / 1024 )))
  stop_app
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "java: $("$java_home/bin/java" -version 2>&1 | head -1)"
echo "ready ms: ${times[*]} -> median $(median "${times[@]}")"
echo "RSS MB:   ${rss[*]} -> median $(median "${rss[@]}")"
