// What idle GraphQL subscriptions and connections cost the server, and what one connection that
// asks for very many subscriptions does to it. Runs next to the server (it reads the server's
// /proc/PID/status and calls jcmd); bench/idle-subscriptions.sh starts a fresh server per phase.
//
// Phases (PHASE=…):
//   transport   one graphql-transport-ws connection opens SUBSCRIPTIONS employeeCreated subscriptions
//   legacy      the same over the legacy graphql-ws subprotocol
//   connections CONNECTIONS idle graphql-transport-ws connections (acknowledged, nothing subscribed),
//               then as many legacy ones
//   flood       one graphql-transport-ws connection sends FLOOD subscribe messages (the issue's
//               scenario); then one employee is created and every accepted subscription must get it
//
// For each step: growth of the server's RSS and of its live heap (a full GC first, through
// jcmd GC.class_histogram), per unit, and the classes whose live bytes grew most.
//   BASE_URL=http://127.0.0.1:18125 APP_AUTH_TOKEN=bench SERVER_PID=… JCMD=…/bin/jcmd \
//     PHASE=transport SUBSCRIPTIONS=1000 node bench/idle-subscriptions.mjs
// REFERENCE=1 measures the graphql-ws reference server (bench/reference) the same way, RSS only:
// it has no JVM heap to inspect, and it counts its subscriptions in /healthz.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { openSubscriptions } from '../e2e/open-subscriptions.mjs';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8000';
const TOKEN = process.env.APP_AUTH_TOKEN ?? 'bench';
const PID = process.env.SERVER_PID;
const JCMD = process.env.JCMD ?? 'jcmd';
const PHASE = process.env.PHASE ?? 'transport';
const SUBSCRIPTIONS = Number(process.env.SUBSCRIPTIONS ?? 1000);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 200);
const FLOOD = Number(process.env.FLOOD ?? 20000);
const TOP_CLASSES = Number(process.env.TOP_CLASSES ?? 12);
const REFERENCE = process.env.REFERENCE === '1';
const WS_URL = BASE_URL.replace(/^http/, 'ws') + '/graphql';
const QUERY = 'subscription { employeeCreated { id email fullName } }';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssKb() {
  const line = readFileSync(`/proc/${PID}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]);
}

function threads() {
  const line = readFileSync(`/proc/${PID}/status`, 'utf8').split('\n').find((l) => l.startsWith('Threads:'));
  return Number(line.split(/\s+/)[1]);
}

/** Live heap by class after a full GC (GC.class_histogram collects first). */
function histogram() {
  if (REFERENCE) return { total: 0, classes: new Map() };
  const out = execFileSync(JCMD, [PID, 'GC.class_histogram'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const classes = new Map();
  let total = 0;
  for (const line of out.split('\n')) {
    const row = line.trim().match(/^\d+:\s+(\d+)\s+(\d+)\s+(\S+)/);
    if (row) classes.set(row[3], { instances: Number(row[1]), bytes: Number(row[2]) });
    const sum = line.trim().match(/^Total\s+(\d+)\s+(\d+)/);
    if (sum) total = Number(sum[2]);
  }
  return { total, classes };
}

async function snapshot() {
  await sleep(1000);
  const heap = histogram();
  return { rss: rssKb(), threads: threads(), heap };
}

function report(label, before, after, units, unitName) {
  const rss = after.rss - before.rss;
  const heap = (after.heap.total - before.heap.total) / 1024;
  const per = (kb) => (units > 0 ? `${(kb / units).toFixed(1)} KB per ${unitName}` : '');
  console.log(`${label}: ${units} ${unitName}s`);
  console.log(`  RSS       ${(before.rss / 1024).toFixed(0)} -> ${(after.rss / 1024).toFixed(0)} MB (+${(rss / 1024).toFixed(1)} MB, ${per(rss)})`);
  if (!REFERENCE) console.log(`  live heap ${(before.heap.total / 1048576).toFixed(1)} -> ${(after.heap.total / 1048576).toFixed(1)} MB (+${(heap / 1024).toFixed(1)} MB, ${per(heap)})`);
  console.log(`  threads   ${before.threads} -> ${after.threads}`);
  const grown = [];
  for (const [name, now] of after.heap.classes) {
    const was = before.heap.classes.get(name) ?? { instances: 0, bytes: 0 };
    grown.push({ name, bytes: now.bytes - was.bytes, instances: now.instances - was.instances });
  }
  grown.sort((a, b) => b.bytes - a.bytes);
  for (const g of grown.slice(0, TOP_CLASSES)) {
    const perUnit = units > 0 ? ` (${(g.bytes / units).toFixed(0)} B, ${(g.instances / units).toFixed(1)} per ${unitName})` : '';
    console.log(`    +${(g.bytes / 1024).toFixed(0).padStart(8)} KB ${String(g.instances).padStart(8)}x ${g.name}${perUnit}`);
  }
}

/** An acknowledged connection; `messages` collects what the server sends after the ack. */
function connect(protocol) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(WS_URL, protocol);
    const connection = { ws, data: 0, errors: [], closed: null };
    ws.on('error', reject);
    ws.on('close', (code, reason) => {
      connection.closed = { code, reason: reason.toString() };
      reject(new Error(`closed ${code} ${reason}`));
    });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { 'x-auth-token': TOKEN } })));
    ws.on('message', (raw) => {
      const message = JSON.parse(raw);
      if (message.type === 'connection_ack') resolve(connection);
      else if (message.type === 'data' || message.type === 'next') connection.data++;
      else if (message.type === 'error') connection.errors.push(message);
    });
  });
}

function subscribe(connection, protocol, id) {
  const type = protocol === 'graphql-ws' ? 'start' : 'subscribe';
  connection.ws.send(JSON.stringify({ id, type, payload: { query: QUERY } }));
}

async function open() {
  if (REFERENCE) return (await (await fetch(BASE_URL + '/healthz')).json()).subscriptions;
  return openSubscriptions(BASE_URL, TOKEN, 'employeeCreated');
}

/** Waits until the open subscriptions stop changing (and, when given, reach `target`). */
async function settle(target, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const now = await open();
    if (target !== undefined && now >= target) return now;
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 3000 || Date.now() > deadline) {
      return now;
    }
    await sleep(200);
  }
}

async function createEmployee(tag) {
  const employeeId = `${tag}-${process.pid}-${Date.now()}`;
  const response = await fetch(BASE_URL + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
    body: JSON.stringify({
      query: 'mutation($d: CreateEmployeeInput!) { createEmployee(data: $d) { id } }',
      variables: { d: { employeeId, firstName: 'F', lastName: 'L', email: `${employeeId}@bench.example` } },
    }),
  });
  if (response.status !== 200) throw new Error(`createEmployee: ${response.status}`);
}

/** Warms the paths a phase uses, so that class loading and JIT are not counted as its growth. */
async function warmUp() {
  for (const protocol of ['graphql-transport-ws', 'graphql-ws']) {
    const c = await connect(protocol);
    for (let i = 0; i < 20; i++) subscribe(c, protocol, `warm-${i}`);
    await settle(20, 10000);
    await createEmployee('warm');
    await sleep(500);
    c.ws.removeAllListeners('close');
    c.ws.close();
    await settle(0, 10000);
  }
}

async function subscriptionsPhase(protocol) {
  const before = await snapshot();
  const c = await connect(protocol);
  for (let i = 0; i < SUBSCRIPTIONS; i++) subscribe(c, protocol, `s${i}`);
  const accepted = await settle(SUBSCRIPTIONS);
  const after = await snapshot();
  report(`${protocol}: idle subscriptions on one connection`, before, after, accepted, 'subscription');
  if (c.errors.length > 0) console.log(`  ${c.errors.length} refused, first: ${JSON.stringify(c.errors[0])}`);
}

async function connectionsPhase() {
  for (const protocol of ['graphql-transport-ws', 'graphql-ws']) {
    const before = await snapshot();
    const connections = [];
    for (let i = 0; i < CONNECTIONS; i += 50) {
      const batch = Array.from({ length: Math.min(50, CONNECTIONS - i) }, () => connect(protocol));
      connections.push(...(await Promise.all(batch)));
    }
    const after = await snapshot();
    report(`${protocol}: idle connections`, before, after, connections.length, 'connection');
    for (const c of connections) {
      c.ws.removeAllListeners('close');
      c.ws.close();
    }
    await sleep(2000);
  }
}

async function floodPhase() {
  const protocol = 'graphql-transport-ws';
  const before = await snapshot();
  const c = await connect(protocol);
  const started = performance.now();
  for (let i = 0; i < FLOOD; i++) subscribe(c, protocol, `f${i}`);
  // Every subscribe is answered by an error or shows in the gauge; wait for the two to add up.
  const deadline = Date.now() + 300000;
  let accepted = await open();
  while (accepted + c.errors.length < FLOOD && Date.now() < deadline && !c.closed) {
    await sleep(500);
    const now = await open();
    if (now === accepted && c.errors.length === 0 && performance.now() - started > 60000) break;
    accepted = now;
  }
  accepted = await settle();
  const seconds = (performance.now() - started) / 1000;
  const after = await snapshot();
  report(`flood: ${FLOOD} subscribe messages on one connection`, before, after, accepted, 'subscription');
  console.log(`  handled in ${seconds.toFixed(1)} s: ${accepted} open, ${c.errors.length} refused, connection ${c.closed ? `closed ${c.closed.code}` : 'open'}`);
  if (c.errors.length > 0) console.log(`  first refusal: ${JSON.stringify(c.errors[0])}`);
  const dataBefore = c.data;
  await createEmployee('flood');
  const until = Date.now() + 60000;
  while (c.data - dataBefore < accepted && Date.now() < until) await sleep(100);
  console.log(`  one employee created: ${c.data - dataBefore} of ${accepted} open subscriptions got the event`);
}

process.on('unhandledRejection', (e) => {
  console.error(e);
  process.exit(1);
});

await warmUp();
if (PHASE === 'transport') await subscriptionsPhase('graphql-transport-ws');
else if (PHASE === 'legacy') await subscriptionsPhase('graphql-ws');
else if (PHASE === 'connections') await connectionsPhase();
else if (PHASE === 'flood') await floodPhase();
else throw new Error(`unknown PHASE ${PHASE}`);
process.exit(0);
