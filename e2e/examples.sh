#!/usr/bin/env bash
# The examples a user pastes, run against the packaged service as the README starts it
# (APP_AUTH_TOKEN=secret), each set on a fresh database: the README's sh blocks marked
# <!-- ci: run --> (every command must succeed, every JSON answer have a status below 400 or be
# GraphQL data without errors), then requests.http from top to bottom (every answer below 400),
# then the transcripts of docs/api.md and docs/jobs.md, each on a fresh database
# (e2e/transcript.py).
#   Usage: e2e/examples.sh [JAR]     (default target/sync-bridge-*.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(realpath "${1:-$(ls target/sync-bridge-*.jar | head -1)}")
work=$(mktemp -d)
app=
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT

# start NAME: the service on a fresh database and a free port ($port); the examples say 8000.
start() {
  kill $app 2>/dev/null || true; wait $app 2>/dev/null || true
  port=18800
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  mkdir -p "$work/$1"
  (cd "$work/$1" && APP_AUTH_TOKEN=secret DB_PATH="$work/$1/examples.db" PORT=$port \
    exec java -jar "$jar") >"$work/$1/app.log" 2>&1 &
  app=$!
  for _ in $(seq 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/healthz" && return 0
    kill -0 $app 2>/dev/null || { tail -30 "$work/$1/app.log"; exit 1; }
    sleep 0.5
  done
  echo "the service did not become healthy"; exit 1
}

echo "README:"
start readme
python3 - README.md "$work/readme" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"<!-- ci: run -->\s*```sh\n(.*?)```", text, re.S)
if not blocks:
    sys.exit("no <!-- ci: run --> block in the README")
for n, block in enumerate(blocks, 1):
    if "…" in block:
        sys.exit(f"README block {n} cannot run as pasted: it contains …")
    open(f"{sys.argv[2]}/block-{n}.sh", "w", encoding="utf-8").write(block)
PY
failed=0
for script in "$work"/readme/block-*.sh; do
  sed -i "s/localhost:8000/localhost:$port/g" "$script"
  if ! out=$(bash -euo pipefail "$script" 2>&1); then
    echo "README example failed: $script"; cat "$script"; echo "$out"; failed=1; continue
  fi
  # curl prints no line break after an answer: split the envelopes apart.
  if ! printf '%s' "$out" | python3 -c '
import json, sys
answers = [json.loads(l) for l in sys.stdin.read().replace("}{", "}\n{").splitlines() if l.strip()]
# A REST envelope has a status; a GraphQL answer has data and no errors.
bad = [a for a in answers
       if ("status" in a and a["status"] >= 400)
       or ("status" not in a and ("errors" in a or a.get("data") is None))]
assert answers, "no answers"
assert not bad, bad
print(f"  {len(answers)} answers, none an error")
'; then
    echo "README example answered an error: $script"; cat "$script"; echo "$out"; failed=1
  fi
done

echo "requests.http:"
start requests
python3 - requests.http "$port" <<'PY' || failed=1
import json, re, sys, urllib.request, urllib.error
text = open(sys.argv[1], encoding="utf-8").read()
variables = {"baseUrl": f"http://127.0.0.1:{sys.argv[2]}", "token": "secret"}
failures = 0
count = 0
for chunk in text.split("\n###")[1:]:
    title, _, rest = chunk.partition("\n")
    lines = [l for l in rest.split("\n") if not l.startswith("#")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        continue
    fill = lambda s: re.sub(r"\{\{(\w+)\}\}", lambda m: variables[m.group(1)], s)
    method, url = fill(lines[0]).split(" ", 1)
    headers, i = {}, 1
    while i < len(lines) and lines[i].strip():
        name, _, value = lines[i].partition(":")
        headers[name.strip()] = fill(value.strip())
        i += 1
    body = fill("\n".join(lines[i + 1:]).strip()).encode() or None
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, answer = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, answer = e.code, e.read()
    count += 1
    if status >= 400 or b'"errors"' in answer and "/graphql" in url:
        failures += 1
        print(f"  FAILED {status} {title.strip()}: {answer[:300]!r}")
print(f"  {count} requests, {failures} failed")
sys.exit(1 if failures else 0)
PY
for doc in docs/api.md docs/jobs.md; do
  echo "$doc:"
  start "$(basename "$doc" .md)"
  python3 e2e/transcript.py "$doc" "$port" || failed=1
done
exit $failed
