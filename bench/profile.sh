#!/usr/bin/env bash
# A JFR profile of the bulk ingest path: starts the jar, warms it up with 1,000-customer requests
# (match_on=email), records 2 concurrent clients posting 200 more (100 creates, then updates of
# the same customers), and prints where the server's time went: Java frames (inclusive share of
# the samples) and native SQLite calls by the code that made them.
#   Usage: bench/profile.sh [output.jfr, default target/ingest.jfr]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
out=${1:-target/ingest.jfr}
work=$(mktemp -d)
trap 'kill $app_pid 2>/dev/null || true; rm -rf "$work"' EXIT

bodies() { # bodies TAG FIRST_NAME COUNT: writes $work/TAG-N.json
  python3 - "$work" "$1" "$2" "$3" <<'PY'
import json, sys
work, tag, first, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for n in range(count):
    data = [{"email": f"{tag}-{n}-{i}@bench.example", "first_name": first, "last_name": "Last"}
            for i in range(1000)]
    with open(f"{work}/{tag}-{n}.json", "w") as f:
        json.dump({"model": "customers", "match_on": "email", "data": data}, f)
PY
}
post() { # post TAG FROM TO
  for n in $(seq "$2" "$3"); do
    curl -sf -o /dev/null -H 'x-auth-token: bench' -H 'content-type: application/json' \
      --data-binary @"$work/$1-$n.json" http://127.0.0.1:18124/api/v1/sync
  done
}
bodies warm First 100; bodies run First 100; bodies run2 Second 100
for n in $(seq 0 99); do cp "$work/run2-$n.json" "$work/upd-$n.json"; sed -i "s/run2-/run-/g" "$work/upd-$n.json"; done

APP_JVM_OPTS=-XX:FlightRecorderOptions=stackdepth=1024 start_app 18124
post warm 0 99
"$java_home/bin/jcmd" "$app_pid" JFR.start name=ingest settings=profile \
  jdk.ExecutionSample#period=1ms jdk.NativeMethodSample#period=1ms filename="$PWD/$out" >/dev/null
post run 0 49 & first=$!; post run 50 99; wait $first
post upd 0 49 & first=$!; post upd 50 99; wait $first
"$java_home/bin/jcmd" "$app_pid" JFR.stop name=ingest >/dev/null
stop_app
echo "profile: $out (open in JDK Mission Control, or: jfr print --events jdk.ExecutionSample $out)"
"$java_home/bin/jfr" print --stack-depth 300 --events jdk.ExecutionSample,jdk.NativeMethodSample "$out" \
  | python3 -c '
import collections, re, sys
java, native = collections.Counter(), collections.Counter()
n_java = n_native = 0
for event in re.split(r"\njdk\.", sys.stdin.read())[1:]:
    frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
    # Idle threads waiting for work or connections are not the ingest path.
    if not frames or frames[0].rsplit(".", 1)[-1] in ("accept", "wait", "epollWait", "park", "parkNanos", "poll"):
        continue
    if event.startswith("NativeMethodSample"):
        n_native += 1
        caller = next((f for f in frames if "syncbridge" in f), "(framework)")
        native[frames[0].rsplit(".", 1)[-1] + " <- " + caller.replace("io.syncbridge.", "")] += 1
    else:
        n_java += 1
        for frame in set(frames):
            java[frame] += 1
print(f"busy threads: {n_java} Java samples, {n_native} native samples")
print("Java, inclusive (io.syncbridge and the big framework steps):")
for frame, count in java.most_common():
    if "syncbridge" in frame or frame.endswith(("writeInternal", "readValueAsTree", "getHandler")):
        if count * 100 >= 2 * n_java:
            print(f"  {count * 100 / n_java:5.1f}%  {frame}")
print("native (SQLite and sockets), by caller:")
for frame, count in native.most_common(8):
    print(f"  {count * 100 / n_native:5.1f}%  {frame}")
'
