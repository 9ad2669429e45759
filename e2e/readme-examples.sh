#!/usr/bin/env bash
# The README's examples marked <!-- ci: run --> (the sh block after the marker), run as pasted
# against the packaged service started as the README says (APP_AUTH_TOKEN=secret), on a fresh
# database: each command must succeed and every JSON answer must have a status below 400.
#   Usage: e2e/readme-examples.sh [JAR]     (default target/sync-bridge-*.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:-$(ls target/sync-bridge-*.jar | head -1)}
work=$(mktemp -d)
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
app=
# The examples say localhost:8000; a free port stands in for it.
port=18800
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
(cd "$work" && APP_AUTH_TOKEN=secret DB_PATH="$work/readme.db" PORT=$port \
  exec java -jar "$OLDPWD/$jar") >"$work/app.log" 2>&1 &
app=$!
for _ in $(seq 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/healthz" && break
  kill -0 $app 2>/dev/null || { tail -30 "$work/app.log"; exit 1; }
  sleep 0.5
done

python3 - README.md "$work" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"<!-- ci: run -->\s*```sh\n(.*?)```", text, re.S)
if not blocks:
    sys.exit("no <!-- ci: run --> block in the README")
for n, block in enumerate(blocks, 1):
    if "…" in block:
        sys.exit(f"README block {n} cannot run as pasted: it contains …")
    open(f"{sys.argv[2]}/block-{n}.sh", "w", encoding="utf-8").write(block)
print(len(blocks))
PY
failed=0
for script in "$work"/block-*.sh; do
  sed -i "s/localhost:8000/localhost:$port/g" "$script"
  if ! out=$(bash -euo pipefail "$script" 2>&1); then
    echo "README example failed: $script"; cat "$script"; echo "$out"; failed=1; continue
  fi
  # Each answer is one envelope per line (curl prints no newline: split them apart).
  if ! printf '%s' "$out" | python3 -c '
import json, re, sys
text = sys.stdin.read().replace("}{", "}\n{")
answers = [json.loads(line) for line in text.splitlines() if line.strip()]
# A REST envelope has a status; a GraphQL answer has data and no errors.
bad = [a for a in answers
       if ("status" in a and a["status"] >= 400)
       or ("status" not in a and ("errors" in a or a.get("data") is None))]
assert answers, "no answers"
assert not bad, bad
print(f"{len(answers)} answers, all below 400")
'; then
    echo "README example answered an error: $script"; cat "$script"; echo "$out"; failed=1
  fi
done
exit $failed
