#!/usr/bin/env bash
# Two builds of the service side by side, measured in the same runs on the same machine (see
# SyncBench.Compare): each run measures both, the first of the two alternating from run to run
# (before, after | after, before | …). Per build and run: start-up to the first healthz 200 of the
# extracted jar with a JDK AOT cache (trained once per jar) and of the fat jar, RSS after start-up
# and after the load, bulk customer ingest as a ratio to raw SQLite inserts measured just before,
# Idempotency-Key requests, the history page (payload=false), stats, the GraphQL employees query
# and createEmployee. Prints one table of medians and after/before ratios, and the gates.
#   Usage: bench/compare.sh BEFORE_JAR AFTER_JAR [--runs N] [--smoke]
#     --runs N  runs (default 4: an even number puts each build first in as many runs; the one
#               measured first came out ahead more often than not in A/A runs)
#     --smoke   everything tiny: checks that the comparison works, measures nothing
#   Exit status: 0 every gate passed, 3 a gate failed, 1 the benchmark failed (an error answer or
#   a wrong count), 2 usage.
#   A build of an earlier commit: git worktree add /tmp/before COMMIT && (cd /tmp/before &&
#   ./mvnw -B -q -DskipTests package), then its target/sync-bridge-*.jar.
set -euo pipefail
if [ $# -lt 2 ] || [ ! -f "$1" ] || [ ! -f "$2" ]; then
  sed -n '2,/^set /p' "$0" | sed '$d' >&2
  exit 2
fi
before=$(readlink -f "$1")
after=$(readlink -f "$2")
shift 2
cd "$(dirname "$0")/.."
BENCH_JAR=$before source bench/common.sh # java_home (Java 25 when present)
started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "java: $("$java_home/bin/java" -version 2>&1 | head -1); load average before the AOT training: $(cut -d' ' -f1-3 /proc/loadavg)"

bundled_libs "$before" "$work/lib" sqlite-jdbc
aot=()
if aot_supported; then
  echo "training an AOT cache for each jar"
  # Both at once: nothing is measured yet, and the two cores halve the wait.
  aot_cache "$before" "$work/aot-before" &
  training=$!
  aot_cache "$after" "$work/aot-after"
  wait $training
  aot=(--aot "$work/aot-before" "$work/aot-after")
else
  echo "(this JVM has no AOT cache: Java 25 or later needed for the AOT start-up)"
fi

status=0
"$java_home/bin/java" --enable-native-access=ALL-UNNAMED -Dstdout.encoding=UTF-8 \
  -cp "$work/lib/*" bench/SyncBench.java --compare "$before" "$after" "${aot[@]}" "$@" || status=$?
echo "bench/compare.sh took $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
exit $status
