#!/usr/bin/env bash
# Subscription fan-out, Sync Bridge beside the protocol's reference server (graphql-ws `useServer`
# on `ws`, bench/reference/server.mjs, in-memory: its mutations commit nothing), driven by the
# same clients (fanout.mjs) in the same run, in both subprotocols. Per size and subprotocol each
# run measures both servers, the first of the two alternating from run to run; the table gives the
# medians of the runs and the service's delivery p99 as a ratio to the reference's, and each
# server's CPU time during the measured mutations per delivery (events × subscribers). Then one run
# of the service with a stalled subscriber (a connection that stops reading).
# With --floors two more servers run beside them: the floors of a fan-out on Node.js's `ws` and on
# the service's own Tomcat WebSocket (bench/reference/floor.mjs, TomcatFloor.java), which store
# nothing, run no GraphQL and write one prebuilt frame per subscriber; no server on either stack
# delivers sooner.
#   Usage: bench/fanout.sh [--runs N] [--sizes "100 1000"] [--clients K] [--events E] [--no-stalled] [--floors]
#     --sizes    subscriber counts (default "100 1000"; "5000 10000" for the large ones)
#     --clients  Node.js client processes the subscribers are spread over (default 2)
#   BENCH_JAR=… measures another build than target/sync-bridge-*.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3 sizes="100 1000" clients=2 events=20 stalled=1 floors=0
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    --no-stalled) stalled=0; shift ;;
    --floors) floors=1; shift ;;
    *) sed -n '2,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
  esac
done
source bench/common.sh
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
(cd bench/reference && npm ci --no-audit --no-fund --loglevel=error)
largest=$(tr ' ' '\n' <<<"$sizes" | sort -n | tail -1)
port=18124 peer_port=18510 node_floor_port=18520 tomcat_floor_port=18530
results=$(mktemp)
floor_libs=$(mktemp -d)
peer_pid= node_floor_pid= tomcat_floor_pid=
trap 'stop_app; for p in $peer_pid $node_floor_pid $tomcat_floor_pid; do kill $p 2>/dev/null; done; rm -rf "$results" "$floor_libs"' EXIT
# A small subscriber buffer, so that the stalled subscriber is cut off within its run; room for
# every subscriber plus the stalled one (200 subscriptions on one connection), in both the GraphQL
# limit and Tomcat's connection limit (which WebSockets count against).
start_app $port --sync-bridge.subscriber-buffer=1000 \
  --sync-bridge.graphql.max-connections=$((largest + 100)) --server.tomcat.max-connections=$((largest + 300)) \
  --sync-bridge.graphql.max-subscriptions-per-connection=200
PORT=$peer_port TOKEN=bench PEER_LEGACY=1 node bench/reference/server.mjs >/dev/null &
peer_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$peer_port/healthz"; do sleep 0.1; done
servers="reference service"
if [ "$floors" = 1 ]; then
  PORT=$node_floor_port node bench/reference/floor.mjs >/dev/null &
  node_floor_pid=$!
  bundled_libs "$jar" "$floor_libs" tomcat-embed-core tomcat-embed-websocket tomcat-embed-el jakarta.annotation-api
  "$java_home/bin/java" -Xmx256m -cp "$floor_libs/*" bench/reference/TomcatFloor.java $tomcat_floor_port >/dev/null 2>&1 &
  tomcat_floor_pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$node_floor_port/healthz" && curl -s -o /dev/null "http://127.0.0.1:$tomcat_floor_port/"; do
    kill -0 $node_floor_pid $tomcat_floor_pid || { echo "a floor server did not start" >&2; exit 1; }
    sleep 0.2
  done
  servers="reference service node-floor tomcat-floor"
fi
echo "service pid $app_pid ($(basename "$jar")), reference server pid $peer_pid; load average $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # measure SERVER PORT SIZE PROTOCOL [STALLED]
  local pid
  case $1 in
    service) pid=$app_pid ;;
    reference) pid=$peer_pid ;;
    node-floor) pid=$node_floor_pid ;;
    tomcat-floor) pid=$tomcat_floor_pid ;;
  esac
  SERVER_PID=$pid BASE_URL="http://127.0.0.1:$2" APP_AUTH_TOKEN=bench SUBSCRIBERS=$3 PROTOCOL=$4 EVENTS=$events \
    CLIENTS=$clients STALLED=${5:-0} BURST=$((100000 / $3)) timeout 600 node bench/fanout.mjs |
    while IFS= read -r line; do
      case $line in
        RESULT\ *) echo "${line#RESULT } $1" >>"$results" ;;
        *) echo "  $1: $line" ;;
      esac
    done
}

for run in $(seq 1 "$runs"); do
  for size in $sizes; do
    for protocol in graphql-transport-ws graphql-ws; do
      if [ $((run % 2)) = 1 ]; then order=$servers; else order=$(tr ' ' '\n' <<<"$servers" | tac | xargs); fi
      for server in $order; do
        case $server in
          service) measure service $port "$size" $protocol ;;
          reference) measure reference $peer_port "$size" $protocol ;;
          node-floor) measure node-floor $node_floor_port "$size" $protocol ;;
          tomcat-floor) measure tomcat-floor $tomcat_floor_port "$size" $protocol ;;
        esac
      done
    done
  done
done

node - "$results" <<'JS'
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => {
  const server = l.slice(l.lastIndexOf(' ') + 1);
  return { ...JSON.parse(l.slice(0, l.lastIndexOf(' '))), server };
});
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (x) => x.toFixed(1);
console.log('\n| subscribers | subprotocol | reference p50 / p99 | service p50 / p99 | service p99 ÷ reference p99 | missed (reference, service) | server CPU per delivery, µs (reference, service) | client CPU per run, ms (reference, service) |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
const keys = [...new Set(rows.filter((r) => r.label === 'baseline').map((r) => `${r.subscribers} ${r.protocol}`))];
for (const key of keys) {
  const [n, protocol] = key.split(' ');
  const of = (server) => rows.filter((r) => r.label === 'baseline' && r.server === server && `${r.subscribers} ${r.protocol}` === key);
  const ref = of('reference'), svc = of('service');
  const p = (rs, k) => median(rs.map((r) => r.delivery[k]));
  const missed = (rs) => rs.reduce((s, r) => s + r.expected - r.delivered, 0);
  const cpu = (rs) => median(rs.map((r) => r.clientCpuMs)).toFixed(0);
  const serverCpu = (rs) => median(rs.map((r) => (r.serverCpuMs * 1000) / r.expected)).toFixed(1);
  console.log(`| ${Number(n).toLocaleString('en')} | ${protocol} | ${f(p(ref, 'p50'))} / ${f(p(ref, 'p99'))} ms | ${f(p(svc, 'p50'))} / ${f(p(svc, 'p99'))} ms | ${(p(svc, 'p99') / p(ref, 'p99')).toFixed(2)}× | ${missed(ref)}, ${missed(svc)} | ${serverCpu(ref)}, ${serverCpu(svc)} | ${cpu(ref)}, ${cpu(svc)} |`);
}
const floors = keys.filter((key) => rows.some((r) => r.server === 'node-floor' && `${r.subscribers} ${r.protocol}` === key));
if (floors.length) {
  console.log('\nThe floors (nothing stored, no GraphQL, one prebuilt frame per subscriber), same runs:');
  console.log('\n| subscribers | subprotocol | Node.js `ws` floor p50 / p99 | its p99 ÷ reference p99 | Tomcat WebSocket floor p50 / p99 | its p99 ÷ reference p99 | server CPU per delivery, µs (Node.js floor, Tomcat floor) |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  for (const key of floors) {
    const [n, protocol] = key.split(' ');
    const of = (server) => rows.filter((r) => r.label === 'baseline' && r.server === server && `${r.subscribers} ${r.protocol}` === key);
    const p = (rs, k) => median(rs.map((r) => r.delivery[k]));
    const serverCpu = (rs) => median(rs.map((r) => (r.serverCpuMs * 1000) / r.expected)).toFixed(1);
    const ref = of('reference'), node = of('node-floor'), tomcat = of('tomcat-floor');
    console.log(`| ${Number(n).toLocaleString('en')} | ${protocol} | ${f(p(node, 'p50'))} / ${f(p(node, 'p99'))} ms | ${(p(node, 'p99') / p(ref, 'p99')).toFixed(2)}× | ${f(p(tomcat, 'p50'))} / ${f(p(tomcat, 'p99'))} ms | ${(p(tomcat, 'p99') / p(ref, 'p99')).toFixed(2)}× | ${serverCpu(node)}, ${serverCpu(tomcat)} |`);
  }
}
console.log(`(medians of ${Math.max(...keys.map((k) => rows.filter((r) => r.label === 'baseline' && r.server === 'service' && `${r.subscribers} ${r.protocol}` === k).length))} runs)`);
JS

if [ "$stalled" = 1 ]; then
  echo
  echo "== the service, $largest subscribers, with one stalled subscriber"
  measure service $port "$largest" graphql-transport-ws 1
  grep -q '"label":"with-stalled".* service$' "$results" || { echo "no stalled run result" >&2; exit 1; }
fi
