#!/usr/bin/env bash
# Bulk ingest against SQLite's own speed, in one run of one JVM (see IngestBench.java), RUNS times.
#   Usage: bench/ingest-jvm.sh [runs, default 3] [requests per run, default 100] [clients, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
lib=$(mktemp -d)
trap 'rm -rf "$lib"' EXIT
sqlite=$(unzip -Z1 "$jar" | grep 'BOOT-INF/lib/sqlite-jdbc-.*\.jar')
unzip -q -j "$jar" "$sqlite" -d "$lib"
for run in $(seq "${1:-3}"); do
  echo "== run $run ($("$java_home/bin/java" -version 2>&1 | head -1))"
  "$java_home/bin/java" --enable-native-access=ALL-UNNAMED -cp "$lib/*" bench/IngestBench.java "$jar" "${2:-100}" "${3:-2}"
done
