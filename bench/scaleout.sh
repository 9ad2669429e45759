#!/usr/bin/env bash
# Bulk ingest on SQLite, on PostgreSQL, and on two instances sharing one PostgreSQL, against raw
# JDBC baselines measured in the same run (see ScaleOutBench.java); exits non-zero on any failure.
#   Usage: bench/scaleout.sh [--smoke] [--runs N] [--pin]
#     --pin  each instance on a core of its own (taskset): one instance gets one core, two get two
#   BENCH_POSTGRES_URL: the PostgreSQL to use (a schema per run is created and dropped there);
#   default this machine's, jdbc:postgresql://127.0.0.1:5432/test?user=postgres
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh # java_home; jar, built when target/ has none
lib=$(mktemp -d)
trap 'rm -rf "$lib"' EXIT
bundled_libs "$jar" "$lib" sqlite-jdbc postgresql
"$java_home/bin/java" --enable-native-access=ALL-UNNAMED -Dstdout.encoding=UTF-8 \
  -cp "$lib/*" bench/ScaleOutBench.java "$jar" \
  "${BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}" "$@"
