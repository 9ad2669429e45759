#!/usr/bin/env bash
# A sync job survives a crash: the packaged service takes a CSV job of RECORDS customers (no match
# key: a record applied twice would break the unique email and be reported as failed), is killed
# with SIGKILL while the job is in progress, and started again on the same database. The job must
# complete with every record stored exactly once: the job's counts, the customers' count and a
# checksum of their rows against the file's, each line once in the successful records, and the
# history's chunks adding up to the records.
#   Usage: e2e/jobs-crash.sh [RECORDS]   (default 200000; needs target/sync-bridge-*.jar, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-200000}
jar=$(ls target/sync-bridge-*.jar | head -1)
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token="crash-$RANDOM$RANDOM"
app=
trap '[ -n "$app" ] && kill -9 $app 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"

start() {
  APP_AUTH_TOKEN=$token DB_PATH="$work/db" PORT=$port LOG_FORMAT= java -jar "$jar" \
    --sync-bridge.jobs.lease=3s --sync-bridge.jobs.poll-interval=200ms --sync-bridge.jobs.chunk-size=2000 \
    >>"$work/app.log" 2>&1 &
  app=$!
  for _ in $(seq 240); do
    curl -sf -o /dev/null "$base/api/v1/healthz" && return 0
    kill -0 $app 2>/dev/null || break
    sleep 0.25
  done
  tail -40 "$work/app.log"
  echo "the service did not start" >&2
  exit 1
}
call() { curl -sS -H "x-auth-token: $token" "$@"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['data']['$1'])"; }

python3 - "$work/data.csv" "$records" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("first_name,last_name,email\n")
    for i in range(1, int(sys.argv[2]) + 1):
        f.write(f"First{i},\"Last, {i}\",c{i}@example.com\n")
PY

start
id=$(call -H 'content-type: application/json' -d '{"model":"customers","atomic":false}' "$base/api/v1/sync-jobs" | field id)
call -X PUT -H 'content-type: text/csv' --data-binary @"$work/data.csv" "$base/api/v1/sync-jobs/$id/data" >/dev/null
call -X PATCH -H 'content-type: application/json' -d '{"state":"upload_complete"}' "$base/api/v1/sync-jobs/$id" >/dev/null

# Kill it once a few chunks have committed, well before the end.
for _ in $(seq 600); do
  read=$(call "$base/api/v1/sync-jobs/$id" | field records_read)
  [ "$read" -ge $((records / 20)) ] && break
  sleep 0.05
done
kill -9 $app
wait $app 2>/dev/null || true
echo "killed with SIGKILL after $read of $records records had been committed"
[ "$read" -lt "$records" ] || { echo "the job ended before the kill; use more records" >&2; exit 1; }

start
for _ in $(seq 1200); do
  state=$(call "$base/api/v1/sync-jobs/$id" | field state)
  [ "$state" = completed ] || [ "$state" = failed ] && break
  sleep 0.25
done
job=$(call "$base/api/v1/sync-jobs/$id")
echo "after the restart: $job"
call "$base/api/v1/sync-jobs/$id/successful-records" >"$work/successful.csv"
call "$base/api/v1/sync-jobs/$id/failed-records" >"$work/failed.csv"
kill $app
wait $app 2>/dev/null || true
app=

python3 - "$work" "$records" "$id" "$job" <<'PY'
import csv, hashlib, json, sqlite3, sys
work, records, job_id, job = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])["data"]
problems = []
def check(ok, what):
    if not ok:
        problems.append(what)
check(job["state"] == "completed", f"state {job['state']}")
check(job["records_read"] == records, f"records_read {job['records_read']}")
check(job["records_stored"] == records, f"records_stored {job['records_stored']}")
check(job["records_failed"] == 0, f"records_failed {job['records_failed']}")
def digest(rows):
    h = hashlib.sha256()
    for row in sorted(rows):
        h.update("|".join(row).encode() + b"\n")
    return h.hexdigest()
with open(f"{work}/data.csv", newline="") as f:
    expected = [tuple(r) for r in list(csv.reader(f))[1:]]
db = sqlite3.connect(f"{work}/db")
stored = db.execute("SELECT first_name, last_name, email FROM customers").fetchall()
check(len(stored) == records, f"{len(stored)} customers stored")
check(digest(stored) == digest(expected), "the stored rows' checksum differs from the file's")
history = db.execute("SELECT COALESCE(SUM(records), 0), COUNT(*) FROM sync_history WHERE request_id = ?", (f"job-{job_id}",)).fetchone()
check(history[0] == records, f"the history's chunks hold {history[0]} records")
with open(f"{work}/successful.csv", newline="") as f:
    lines = [int(r[0]) for r in list(csv.reader(f))[1:]]
check(sorted(lines) == list(range(1, records + 1)), f"successful records: {len(lines)} lines, {len(set(lines))} distinct")
with open(f"{work}/failed.csv", newline="") as f:
    check(len(list(csv.reader(f))) == 1, "failed records reported")
if problems:
    print("FAILED: " + "; ".join(problems))
    sys.exit(1)
print(f"every one of {records} records stored exactly once ({history[1]} chunks in the history; checksum {digest(stored)[:16]})")
PY
