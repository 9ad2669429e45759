// Per-request cost of the sync options on 1,000-record requests: each mode sends REQUESTS
// requests of 1,000 customers (new ones, except "unchanged", which repeats the previous mode's)
// from CLIENTS concurrent clients, and reports records per second and ms per request.
//   BASE_URL=http://127.0.0.1:8000 APP_AUTH_TOKEN=… REQUESTS=20 CLIENTS=2 node ingest.mjs
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8000';
const TOKEN = process.env.APP_AUTH_TOKEN ?? 'bench';
const REQUESTS = Number(process.env.REQUESTS ?? 20);
const CLIENTS = Number(process.env.CLIENTS ?? 2);
const SIZE = 1000;
const run = `${process.pid}${Date.now()}`;

function customers(tag, request) {
  return Array.from({ length: SIZE }, (_, i) => ({
    email: `${tag}-${run}-${request}-${i}@bench.example`,
    first_name: 'First',
    last_name: 'Last',
  }));
}

async function post(body, headers = {}) {
  const response = await fetch(`${BASE_URL}/api/v1/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${response.status}: ${text.slice(0, 300)}`);
}

async function mode(name, bodyFor, headersFor = () => ({})) {
  const times = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < REQUESTS) {
        const request = next++;
        const t0 = performance.now();
        await post(bodyFor(request), headersFor(request));
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const rate = Math.round((REQUESTS * SIZE) / seconds);
  console.log(
    `${name.padEnd(22)} ${String(rate).padStart(7)} records/s   p50 ${times[Math.floor(times.length / 2)].toFixed(0)} ms per request`,
  );
  return rate;
}

await mode('warm-up', (r) => ({ model: 'customers', data: customers('warm', r) }));
const base = await mode('plain create', (r) => ({ model: 'customers', data: customers('plain', r) }));
await mode('match_on create', (r) => ({ model: 'customers', match_on: 'email', data: customers('match', r) }));
await mode('match_on unchanged', (r) => ({ model: 'customers', match_on: 'email', data: customers('match', r) }));
await mode('atomic:false create', (r) => ({ model: 'customers', atomic: false, data: customers('loose', r) }));
await mode('Idempotency-Key', (r) => ({ model: 'customers', data: customers('idem', r) }), (r) => ({ 'Idempotency-Key': `k-${run}-${r}` }));
await mode('Idempotency replay', (r) => ({ model: 'customers', data: customers('idem', r) }), (r) => ({ 'Idempotency-Key': `k-${run}-${r}` }));
console.log(`(plain create: ${base} records/s is the baseline of this run)`);
