// Subscription fan-out: SUBSCRIBERS subscribers of employeeCreated, one WebSocket each, spread
// over CLIENTS Node.js processes; then createEmployee mutations one after another, and how long
// each event takes from the mutation's send to its receipt by every subscriber. WARMUP mutations
// go first, unmeasured, so that neither server is measured while its JIT warms up. The same
// clients run against any server of the protocol (Sync Bridge, the graphql-ws reference server).
// With STALLED=1 (Sync Bridge only: it needs /api/v1/sync) one more connection stops reading, and a
// burst of events fills its buffers first, to show that it slows neither the others nor the
// mutation.
//   BASE_URL=http://127.0.0.1:8000 APP_AUTH_TOKEN=… SUBSCRIBERS=1000 EVENTS=20 CLIENTS=2 \
//   PROTOCOL=graphql-transport-ws|graphql-ws node fanout.mjs
// Prints one line for people and one `RESULT {json}` line for bench/fanout.sh.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8000';
const TOKEN = process.env.APP_AUTH_TOKEN ?? 'bench';
const PROTOCOL = process.env.PROTOCOL ?? 'graphql-transport-ws';
const WS_URL = BASE_URL.replace(/^http/, 'ws') + '/graphql';
const QUERY = 'subscription { employeeCreated { employeeId } }';
const now = () => performance.timeOrigin + performance.now(); // one clock for every process
const SERVER_PID = process.env.SERVER_PID; // when set, the server's CPU time is reported too

/** CPU time (user + system) the server process has used, in ms; NaN without SERVER_PID. */
function serverCpuMs() {
  if (!SERVER_PID) return NaN;
  const fields = readFileSync(`/proc/${SERVER_PID}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

if (process.env.FANOUT_WORKER) {
  worker();
} else {
  await coordinator();
}

// ---- a client process: its share of the subscribers ------------------------------------------

function worker() {
  const receipts = new Map(); // employeeId -> receipt times
  let received = 0;
  let cpuAtMark = process.cpuUsage();
  const sockets = [];

  function subscriber() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(WS_URL, PROTOCOL, { perMessageDeflate: false });
      sockets.push(ws);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { 'x-auth-token': TOKEN } })));
      ws.on('error', reject);
      ws.on('message', (raw) => {
        const message = JSON.parse(raw);
        switch (message.type) {
          case 'connection_ack':
            ws.send(JSON.stringify({ id: '1', type: PROTOCOL === 'graphql-ws' ? 'start' : 'subscribe', payload: { query: QUERY } }));
            resolve();
            break;
          case 'next':
          case 'data': {
            const employeeId = message.payload.data.employeeCreated.employeeId;
            const at = now();
            const times = receipts.get(employeeId);
            if (times) times.push(at); else receipts.set(employeeId, [at]);
            received++;
            break;
          }
          case 'ping':
            ws.send('{"type":"pong"}');
            break;
          case 'error':
          case 'connection_error':
            console.error('subscriber error', JSON.stringify(message));
            break;
          default: // ka, pong, complete
        }
      });
    });
  }

  process.on('message', async (command) => {
    if (command.type === 'open') {
      for (let i = 0; i < command.count; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, command.count - i) }, subscriber));
      }
      process.send({ type: 'open' });
    } else if (command.type === 'mark') {
      receipts.clear();
      received = 0;
      cpuAtMark = process.cpuUsage();
      process.send({ type: 'mark' });
    } else if (command.type === 'count') {
      process.send({ type: 'count', received });
    } else if (command.type === 'report') {
      const cpu = process.cpuUsage(cpuAtMark);
      process.send({ type: 'report', receipts: [...receipts], cpuMs: (cpu.user + cpu.system) / 1000 });
    } else if (command.type === 'close') {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
}

// ---- the coordinator: spreads the subscribers, sends the mutations, collects ------------------

async function coordinator() {
  const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 100);
  const EVENTS = Number(process.env.EVENTS ?? 20);
  const WARMUP = Number(process.env.WARMUP ?? 10);
  const CLIENTS = Math.max(1, Math.min(Number(process.env.CLIENTS ?? 1), SUBSCRIBERS));
  const STALLED = process.env.STALLED === '1';
  const BURST = Number(process.env.BURST ?? 1000);
  const run = `${process.pid}-${Date.now()}`;

  const workers = Array.from({ length: CLIENTS }, () =>
    fork(new URL(import.meta.url).pathname, [], { env: { ...process.env, FANOUT_WORKER: '1' } }));
  for (const w of workers) {
    w.on('exit', (code) => {
      if (code) {
        console.error(`a client process failed (exit ${code})`);
        process.exit(1);
      }
    });
  }
  const ask = (command, answer = command.type) =>
    Promise.all(workers.map((w) => new Promise((resolve) => {
      const listener = (m) => { if (m.type === answer) { w.off('message', listener); resolve(m); } };
      w.on('message', listener);
      w.send(command);
    })));

  const started = performance.now();
  await ask({ type: 'open', count: 0 }); // the processes are up
  await Promise.all(workers.map((w, i) => new Promise((resolve) => {
    const share = Math.floor(SUBSCRIBERS / CLIENTS) + (i < SUBSCRIBERS % CLIENTS ? 1 : 0);
    const listener = (m) => { if (m.type === 'open') { w.off('message', listener); resolve(); } };
    w.on('message', listener);
    w.send({ type: 'open', count: share });
  })));
  const connectSeconds = (performance.now() - started) / 1000;
  await sleep(1000); // every subscribe message has reached the server

  async function post(path, body) {
    const response = await fetch(BASE_URL + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${path}: ${response.status} ${text.slice(0, 300)}`);
  }

  async function received() {
    return (await ask({ type: 'count' })).reduce((sum, m) => sum + m.received, 0);
  }

  /** Sends `count` mutations 20 ms apart; returns when every subscriber has every event (or 30 s). */
  async function mutations(label, count) {
    await ask({ type: 'mark' });
    const serverCpuAtMark = serverCpuMs();
    const sentAt = new Map();
    const mutationMs = [];
    for (let i = 0; i < count; i++) {
      const employeeId = `${label}-${run}-${i}`;
      const t0 = now();
      sentAt.set(employeeId, t0);
      await post('/graphql', {
        query: 'mutation($d: CreateEmployeeInput!) { createEmployee(data: $d) { id } }',
        variables: { d: { employeeId, firstName: 'F', lastName: 'L', email: `${employeeId}@bench.example` } },
      });
      mutationMs.push(now() - t0);
      await sleep(20);
    }
    const expected = count * SUBSCRIBERS;
    const deadline = performance.now() + 30000;
    while ((await received()) < expected && performance.now() < deadline) await sleep(20);
    const serverCpu = serverCpuMs() - serverCpuAtMark;
    const reports = await ask({ type: 'report' });
    const deliveries = [];
    for (const report of reports) {
      for (const [employeeId, times] of report.receipts) {
        const sent = sentAt.get(employeeId);
        if (sent !== undefined) for (const t of times) deliveries.push(t - sent);
      }
    }
    const clientCpuMs = reports.reduce((sum, r) => sum + r.cpuMs, 0);
    return { label, expected, delivered: deliveries.length, delivery: stats(deliveries), mutation: stats(mutationMs), clientCpuMs, serverCpuMs: serverCpu };
  }

  if (WARMUP > 0) await mutations('warmup', WARMUP);
  const results = [await mutations('baseline', EVENTS)];
  let stalled;
  if (STALLED) {
    stalled = await stalledSubscriber();
    // A burst that a reading subscriber absorbs at once but that backs up in the stalled one.
    await ask({ type: 'mark' });
    const burst = Array.from({ length: BURST }, (_, i) => ({
      employeeId: `burst-${run}-${i}`, firstName: 'B', lastName: 'U', email: `burst-${run}-${i}@bench.example`,
    }));
    const t0 = performance.now();
    await post('/api/v1/sync', { model: 'employees', data: burst });
    const until = performance.now() + 120000;
    while ((await received()) < BURST * SUBSCRIBERS && performance.now() < until) await sleep(50);
    console.log(`burst of ${BURST} events with one stalled subscriber: the reading ones had it ${(performance.now() - t0).toFixed(0)} ms after it was sent`);
    results.push(await mutations('with-stalled', EVENTS));
    stalled.terminate();
  }
  for (const r of results) {
    console.log(`${PROTOCOL} ${SUBSCRIBERS} subscribers (${CLIENTS} client processes, connected in ${connectSeconds.toFixed(1)} s), ${r.label}: ` +
      `${r.delivered}/${r.expected} deliveries; delivery ${format(r.delivery)}; mutation ${format(r.mutation)}; client CPU ${r.clientCpuMs.toFixed(0)} ms` +
      (SERVER_PID ? `, server CPU ${r.serverCpuMs.toFixed(0)} ms (${(r.serverCpuMs * 1000 / r.expected).toFixed(1)} µs per delivery)` : ''));
    console.log('RESULT ' + JSON.stringify({ protocol: PROTOCOL, subscribers: SUBSCRIBERS, clients: CLIENTS, ...r }));
  }
  workers.forEach((w) => w.send({ type: 'close' }));
  process.exit(0);
}

/**
 * A raw graphql-transport-ws connection that stops reading once subscribed. It holds 200
 * subscriptions, so that each event sends it that many messages and its socket buffers really fill
 * up and the server's sends to it block.
 */
function stalledSubscriber() {
  return new Promise((resolve) => {
    const ws = new WebSocket(WS_URL, 'graphql-transport-ws', { perMessageDeflate: false });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { 'x-auth-token': TOKEN } })));
    ws.on('message', (raw) => {
      if (JSON.parse(raw).type === 'connection_ack') {
        for (let i = 0; i < 200; i++) {
          ws.send(JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: { query: 'subscription { employeeCreated { employeeId email fullName } }' } }));
        }
        setTimeout(() => {
          ws._socket.pause(); // stop reading: the server's sends back up
          resolve(ws);
        }, 200);
      }
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

function format(s) {
  return s.n === 0 ? 'none' : `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (n=${s.n})`;
}
