"""Runs a document's transcripts against the service and compares the answers.

Usage: python3 e2e/transcript.py DOC PORT

Every sh block of DOC that starts with "$ " is a transcript: each "$ command" (going on past a
trailing backslash or pipe, or an open single-quoted string) runs in order against
localhost:PORT and must print the answer shown under it, where "…" stands for any text (times,
request ids). A command that only reads (no method, body or upload option) is asked again for up to 10 s until it
answers so, since work such as a sync job goes on after the request that started it.
"""
import re
import subprocess
import sys
import time

text = open(sys.argv[1], encoding="utf-8").read()
port = sys.argv[2]
lines = [line for block in re.findall(r"```sh\n(.*?)```", text, re.S) if block.startswith("$ ")
         for line in block.split("\n") + [""]]
steps, i = [], 0
while i < len(lines):
    if not lines[i].startswith("$ "):
        i += 1
        continue
    command = [lines[i][2:]]
    while command[-1].endswith(("\\", "|")) or "\n".join(command).count("'") % 2:
        i += 1
        command.append(lines[i])
    i += 1
    answer = []
    while i < len(lines) and lines[i] and not lines[i].startswith("$ "):
        answer.append(lines[i])
        i += 1
    steps.append(("\n".join(command), "\n".join(answer)))
if not steps:
    sys.exit(f"no transcript in {sys.argv[1]}")
if any("…" in command for command, _ in steps):
    sys.exit(f"a command in {sys.argv[1]} contains …")


def answer(command):
    try:
        run = subprocess.run(
            ["bash", "-c", command.replace("localhost:8000", f"localhost:{port}")],
            capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "(no answer within 60 s)"
    return "\n".join(l.rstrip() for l in run.stdout.replace("\r", "").rstrip("\n").split("\n"))


failures = 0
for command, expected in steps:
    pattern = re.compile(".*?".join(re.escape(part) for part in expected.split("…")), re.S)
    reads = not re.search(r"\s(-X|--request|-d|--data\S*|--json|-F|--form|-T|--upload-file)\b",
                          command)
    deadline = time.monotonic() + (10 if reads else 0)
    got = answer(command)
    while not pattern.fullmatch(got) and time.monotonic() < deadline:
        time.sleep(0.5)
        got = answer(command)
    if not pattern.fullmatch(got):
        failures += 1
        print(f"  MISMATCH: {command}\n  expected: {expected}\n  got:      {got}")
print(f"  {len(steps)} commands, {failures} answered otherwise")
sys.exit(1 if failures else 0)
