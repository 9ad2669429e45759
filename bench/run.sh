#!/usr/bin/env bash
# The Sync Bridge benchmark (see SyncBench.java): raw SQLite baselines, then the packaged service
# over HTTP scenario by scenario, then a correctness check; exits non-zero on any failure. The full
# mode first measures start-up (bench/startup.sh).
#   Usage: bench/run.sh [--smoke] [--runs N]
#     --smoke   everything tiny (a few requests per scenario, 10k history rows): for CI
#     --runs N  repeat the whole sequence N times on a fresh database each (default 3, smoke 1)
#               and print the medians
#   APP_JVM_OPTS="…" adds options to the service's JVM, e.g. -Dspring.threads.virtual.enabled=true
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh # java_home; jar, built when target/ has none
lib=$(mktemp -d)
trap 'rm -rf "$lib"' EXIT
bundled_libs "$jar" "$lib" sqlite-jdbc
case " $* " in
  *" --smoke "*) ;;
  *) bench/startup.sh "" 5 ;;
esac
"$java_home/bin/java" --enable-native-access=ALL-UNNAMED -Dstdout.encoding=UTF-8 \
  -cp "$lib/*" bench/SyncBench.java "$jar" "$@"
