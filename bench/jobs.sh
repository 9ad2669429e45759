#!/usr/bin/env bash
# A large load as a sync job against SQLite's own insert rate in the same run (see JobBench.java).
#   Usage: bench/jobs.sh [--records N] [--runs R] [--warm-up N] [--smoke]
#     default: 1,000,000 customers after an untimed 200,000, 3 runs; --smoke: 20,000 after 20,000, 1 run (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh # java_home; jar, built when target/ has none
lib=$(mktemp -d)
trap 'rm -rf "$lib"' EXIT
bundled_libs "$jar" "$lib" sqlite-jdbc
"$java_home/bin/java" --enable-native-access=ALL-UNNAMED -Dstdout.encoding=UTF-8 \
  -cp "$lib/*:bench" bench/JobBench.java "$jar" "$@"
