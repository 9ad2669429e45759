// Subscription fan-out: N graphql-ws subscribers of employeeCreated, then single createEmployee
// mutations one after another; reports how long each event takes to reach every subscriber, and
// the mutations' own latency. With STALLED=1 one more subscriber stops reading its socket, and a
// burst of events (one REST sync) is sent first to fill its buffers, to show that it slows
// neither the others nor the mutation.
//   BASE_URL=http://127.0.0.1:8000 APP_AUTH_TOKEN=… SUBSCRIBERS=1000 EVENTS=20 STALLED=1 node fanout.mjs
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8000';
const TOKEN = process.env.APP_AUTH_TOKEN ?? 'bench';
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 100);
const EVENTS = Number(process.env.EVENTS ?? 20);
const STALLED = process.env.STALLED === '1';
const BURST = Number(process.env.BURST ?? 1000);
const STALLED_SUBSCRIPTIONS = Number(process.env.STALLED_SUBSCRIPTIONS ?? 200);
const WS_URL = BASE_URL.replace(/^http/, 'ws') + '/graphql';
const run = `${process.pid}-${Date.now()}`;

const sentAt = new Map(); // employeeId -> ms when the mutation was sent
const deliveries = []; // ms from send to receipt, one per subscriber per event
let received = 0;
let burstReceived = 0;

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values) {
  if (values.length === 0) return 'none';
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (n=${sorted.length})`;
}

async function post(path, body) {
  const response = await fetch(BASE_URL + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function subscribe() {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: WS_URL,
      webSocketImpl: WebSocket,
      connectionParams: { 'x-auth-token': TOKEN },
      lazy: false,
      retryAttempts: 0,
      on: { connected: () => resolve(client), error: reject },
    });
    client.subscribe(
      { query: 'subscription { employeeCreated { employeeId } }' },
      {
        next: ({ data }) => {
          const employeeId = data.employeeCreated.employeeId;
          if (employeeId.startsWith('burst-')) burstReceived++;
          const sent = sentAt.get(employeeId);
          if (sent !== undefined) {
            deliveries.push(performance.now() - sent);
            received++;
          }
        },
        error: (e) => console.error('subscriber error', e),
        complete: () => {},
      },
    );
  });
}

/**
 * A raw graphql-transport-ws connection that stops reading once subscribed. It holds
 * STALLED_SUBSCRIPTIONS subscriptions, so that each event sends it that many messages and its
 * socket buffers really fill up and the server's sends to it block.
 */
function stalledSubscriber() {
  return new Promise((resolve) => {
    const ws = new WebSocket(WS_URL, 'graphql-transport-ws');
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { 'x-auth-token': TOKEN } })));
    ws.on('message', (raw) => {
      if (JSON.parse(raw).type === 'connection_ack') {
        for (let i = 0; i < STALLED_SUBSCRIPTIONS; i++) {
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

async function mutations(label) {
  const mutationTimes = [];
  const before = deliveries.length;
  received = 0;
  for (let i = 0; i < EVENTS; i++) {
    const employeeId = `${label}-${run}-${i}`;
    const t0 = performance.now();
    sentAt.set(employeeId, t0);
    await post('/graphql', {
      query: 'mutation($d: CreateEmployeeInput!) { createEmployee(data: $d) { id } }',
      variables: { d: { employeeId, firstName: 'F', lastName: 'L', email: `${employeeId}@bench.example` } },
    });
    mutationTimes.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  const expected = EVENTS * SUBSCRIBERS;
  const deadline = performance.now() + 30000;
  while (received < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  console.log(`${label}: ${received}/${expected} deliveries; delivery ${summary(deliveries.slice(before))}; mutation ${summary(mutationTimes)}`);
}

const started = performance.now();
const clients = [];
for (let i = 0; i < SUBSCRIBERS; i += 50) {
  const batch = Array.from({ length: Math.min(50, SUBSCRIBERS - i) }, subscribe);
  clients.push(...(await Promise.all(batch)));
}
console.log(`${SUBSCRIBERS} subscribers connected in ${((performance.now() - started) / 1000).toFixed(1)} s`);
await new Promise((r) => setTimeout(r, 1000)); // let every subscribe message reach the server

await mutations('baseline');
if (STALLED) {
  const stalled = await stalledSubscriber();
  // A burst that a reading subscriber absorbs at once but that backs up in the stalled one.
  const burst = Array.from({ length: BURST }, (_, i) => ({
    employeeId: `burst-${run}-${i}`, firstName: 'B', lastName: 'U', email: `burst-${run}-${i}@bench.example`,
  }));
  const t0 = performance.now();
  await post('/api/v1/sync', { model: 'employees', data: burst });
  console.log(`burst of ${BURST} events sent in ${(performance.now() - t0).toFixed(0)} ms with one stalled subscriber`);
  // Measure only once the reading subscribers have the whole burst: the client (one Node.js
  // process for all of them) is then idle again, and only the stalled one is behind.
  const expectedBurst = BURST * SUBSCRIBERS;
  const until = performance.now() + 120000;
  while (burstReceived < expectedBurst && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  console.log(`reading subscribers had the burst (${burstReceived}/${expectedBurst}) ${(performance.now() - t0).toFixed(0)} ms after it was sent`);
  await mutations('with-stalled');
  stalled.terminate();
}
await Promise.all(clients.map((c) => c.dispose()));
process.exit(0);
