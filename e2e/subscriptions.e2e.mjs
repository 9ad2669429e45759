// End-to-end check of Sync Bridge's GraphQL subscriptions with the real npm clients of both
// WebSocket subprotocols: graphql-ws (graphql-transport-ws) and subscriptions-transport-ws (the
// legacy Apollo graphql-ws). Run against a started server:
//   BASE_URL=http://127.0.0.1:8000 APP_AUTH_TOKEN=… node subscriptions.e2e.mjs
import { createClient } from 'graphql-ws';
import pkg from 'subscriptions-transport-ws';
import WebSocket from 'ws';
import { awaitOpenConnections as awaitConnections, awaitOpenSubscriptions } from './open-subscriptions.mjs';

const { SubscriptionClient } = pkg;
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8000';
const TOKEN = process.env.APP_AUTH_TOKEN ?? 'e2e-token';
const WS_URL = BASE_URL.replace(/^http/, 'ws') + '/graphql';
const FIELDS = 'id employeeId email fullName';
// The server's limits (sync-bridge.graphql.*), defaults unless the server was started otherwise.
const MAX_SUBSCRIPTIONS = Number(process.env.MAX_SUBSCRIPTIONS_PER_CONNECTION ?? 100);
const MAX_CONNECTIONS = Number(process.env.MAX_CONNECTIONS ?? 1000);
const EVERY_FIELD =
  'id employeeId firstName middleName lastName gender email phoneNumber dateOfBirth nationality ' +
  'jobLevel department location bankAccountNumber company jobTitle costCenter startDate ' +
  'employeeStatus managerId managerEmail lastModifiedOn lastModified fullName';
// Five of the largest page with every field: 5 x 2,401, over the default cost of 10,000.
const TOO_COMPLEX = `{ ${[1, 2, 3, 4, 5].map((i) => `p${i}: employees(limit: 100) { ${EVERY_FIELD} }`).join(' ')} }`;
const run = `${Date.now()}`;
let passed = 0;
let failed = 0;

async function test(name, body, ms = 15000) {
  try {
    await withTimeout(body(), ms, name);
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}

function withTimeout(promise, ms, what) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)),
  ]);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function graphql(query, variables = {}) {
  const response = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  assert(!body.errors, `GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function restSync(employee) {
  const response = await fetch(`${BASE_URL}/api/v1/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
    body: JSON.stringify({ model: 'employees', data: [employee] }),
  });
  assert(response.status === 200, `sync answered ${response.status}: ${await response.text()}`);
}

/** Waits until exactly `count` subscriptions to `field` are open (the test's timeout bounds it). */
function openSubscriptions(field, count) {
  return awaitOpenSubscriptions(BASE_URL, TOKEN, field, (open) => open === count);
}

function createEmployee(tag) {
  return graphql(
    `mutation($data: CreateEmployeeInput!) { createEmployee(data: $data) { ${FIELDS} } }`,
    { data: { employeeId: `E-${tag}`, firstName: 'Ada', lastName: tag, email: `${tag}@e2e.example` } },
  ).then((d) => d.createEmployee);
}

/** Waits until `accept(count)` holds for the GraphQL WebSocket connections open on the server. */
function awaitOpenConnections(accept) {
  return awaitConnections(BASE_URL, TOKEN, accept);
}

/** Collects events of one subscription until `count` have arrived. */
function collector(count) {
  const events = [];
  let done;
  const all = new Promise((resolve) => (done = resolve));
  return {
    events,
    all,
    push(event) {
      events.push(event);
      if (events.length === count) done(events);
    },
  };
}

function graphqlWsClient(token) {
  return createClient({
    url: WS_URL,
    webSocketImpl: WebSocket,
    connectionParams: { 'x-auth-token': token },
    retryAttempts: 0,
    lazy: false,
  });
}

function legacyClient(token, onError) {
  return new SubscriptionClient(
    WS_URL,
    { connectionParams: { 'x-auth-token': token }, reconnect: false, connectionCallback: onError },
    WebSocket,
  );
}

await test('graphql-ws client receives employees created by mutation and by REST sync', async () => {
  await openSubscriptions('employeeCreated', 0);
  const client = graphqlWsClient(TOKEN);
  const got = collector(2);
  const unsubscribe = client.subscribe(
    { query: `subscription { employeeCreated { ${FIELDS} } }` },
    { next: (m) => got.push(m.data.employeeCreated), error: (e) => got.push(e), complete: () => {} },
  );
  await openSubscriptions('employeeCreated', 1);
  const created = await createEmployee(`gws-${run}`);
  await restSync({ employeeId: `S-${run}`, firstName: 'Bo', lastName: 'Sync', email: `sync-gws-${run}@e2e.example` });
  const events = await got.all;
  assert(events[0].id === created.id && events[0].fullName === created.fullName, JSON.stringify(events));
  assert(events[1].email === `sync-gws-${run}@e2e.example`, JSON.stringify(events));
  unsubscribe();
  await client.dispose();
});

await test('graphql-ws client receives updates and deletions', async () => {
  const employee = await createEmployee(`upd-${run}`);
  await openSubscriptions('employeeUpdated', 0);
  await openSubscriptions('employeeDeleted', 0);
  const client = graphqlWsClient(TOKEN);
  const updated = collector(1);
  const deleted = collector(1);
  client.subscribe(
    { query: `subscription { employeeUpdated { ${FIELDS} } }` },
    { next: (m) => updated.push(m.data.employeeUpdated), error: (e) => updated.push(e), complete: () => {} },
  );
  client.subscribe(
    { query: 'subscription { employeeDeleted }' },
    { next: (m) => deleted.push(m.data.employeeDeleted), error: (e) => deleted.push(e), complete: () => {} },
  );
  await openSubscriptions('employeeUpdated', 1);
  await openSubscriptions('employeeDeleted', 1);
  await graphql(`mutation { updateEmployee(id: ${employee.id}, data: { middleName: "Q" }) { id } }`);
  await graphql(`mutation { deleteEmployee(id: ${employee.id}) }`);
  const [update] = await updated.all;
  const [deletedId] = await deleted.all;
  assert(update.fullName === `Ada Q upd-${run}`, JSON.stringify(update));
  assert(deletedId === employee.id, `deleted ${deletedId}, expected ${employee.id}`);
  await client.dispose();
});

await test('graphql-ws client with a wrong token is closed with 4403', async () => {
  const client = createClient({
    url: WS_URL,
    webSocketImpl: WebSocket,
    connectionParams: { 'x-auth-token': 'wrong' },
    retryAttempts: 0,
    lazy: false,
  });
  const closed = new Promise((resolve) => client.on('closed', (event) => resolve(event.code)));
  const code = await closed;
  assert(code === 4403, `closed with ${code}`);
  await client.dispose();
});

await test('subscriptions-transport-ws client receives employees created by mutation and by REST sync', async () => {
  await openSubscriptions('employeeCreated', 0);
  const client = legacyClient(TOKEN);
  const got = collector(2);
  client
    .request({ query: `subscription { employeeCreated { ${FIELDS} } }` })
    .subscribe({ next: (m) => got.push(m.data.employeeCreated), error: (e) => got.push(e) });
  await openSubscriptions('employeeCreated', 1);
  const created = await createEmployee(`legacy-${run}`);
  await restSync({ employee_id: `L-${run}`, first_name: 'Cy', last_name: 'Sync', email: `sync-legacy-${run}@e2e.example` });
  const events = await got.all;
  assert(events[0].id === created.id, JSON.stringify(events));
  assert(events[1].email === `sync-legacy-${run}@e2e.example`, JSON.stringify(events));
  client.close();
});

await test('subscriptions-transport-ws client with a wrong token gets connection_error', async () => {
  const error = await new Promise((resolve) => {
    const client = legacyClient('wrong', (e) => {
      resolve(e);
      client.close();
    });
    client.request({ query: 'subscription { employeeDeleted }' }).subscribe({ next() {}, error() {} });
  });
  assert(error && /Forbidden/.test(JSON.stringify(error)), `got ${JSON.stringify(error)}`);
});

// --- limits ---------------------------------------------------------------------------------------

await test('graphql-ws client: the subscription past the limit gets an error, the others carry on', async () => {
  await openSubscriptions('employeeCreated', 0);
  const client = graphqlWsClient(TOKEN);
  const got = collector(MAX_SUBSCRIPTIONS);
  for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) {
    client.subscribe(
      { query: `subscription { employeeCreated { ${FIELDS} } }` },
      { next: (m) => got.push(m.data.employeeCreated), error: (e) => got.push(e), complete: () => {} },
    );
  }
  await openSubscriptions('employeeCreated', MAX_SUBSCRIPTIONS);
  const refused = await new Promise((resolve) =>
    client.subscribe(
      { query: `subscription { employeeCreated { ${FIELDS} } }` },
      { next: () => resolve('an event'), error: resolve, complete: () => resolve('completed') },
    ),
  );
  assert(Array.isArray(refused) && refused[0].extensions.code === 'BAD_USER_INPUT', JSON.stringify(refused));
  assert(refused[0].message.includes(`at most ${MAX_SUBSCRIPTIONS} may be open`), refused[0].message);
  const created = await createEmployee(`limit-gws-${run}`);
  const events = await got.all;
  assert(events.every((e) => e.id === created.id), JSON.stringify(events.slice(0, 3)));
  await client.dispose();
});

await test('subscriptions-transport-ws client: the subscription past the limit gets an error', async () => {
  await openSubscriptions('employeeCreated', 0);
  const client = legacyClient(TOKEN);
  const got = collector(MAX_SUBSCRIPTIONS);
  for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) {
    client
      .request({ query: `subscription { employeeCreated { ${FIELDS} } }` })
      .subscribe({ next: (m) => got.push(m.data.employeeCreated), error: (e) => got.push(e) });
  }
  await openSubscriptions('employeeCreated', MAX_SUBSCRIPTIONS);
  const refused = await new Promise((resolve) =>
    client
      .request({ query: `subscription { employeeCreated { ${FIELDS} } }` })
      .subscribe({ next: () => resolve('an event'), error: resolve, complete: () => resolve('completed') }),
  );
  assert(refused?.extensions?.code === 'BAD_USER_INPUT', JSON.stringify(refused));
  assert(refused.message.includes(`at most ${MAX_SUBSCRIPTIONS} may be open`), refused.message);
  const created = await createEmployee(`limit-legacy-${run}`);
  const events = await got.all;
  assert(events.every((e) => e.id === created.id), JSON.stringify(events.slice(0, 3)));
  client.close();
});

await test('both clients get a too complex query refused with BAD_USER_INPUT', async () => {
  const client = graphqlWsClient(TOKEN);
  const result = await new Promise((resolve, reject) =>
    client.subscribe({ query: TOO_COMPLEX }, { next: resolve, error: reject, complete: () => {} }),
  );
  assert(result.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT', JSON.stringify(result));
  assert(/^Query too complex: it costs 12005/.test(result.errors[0].message), result.errors[0].message);
  await client.dispose();

  const legacy = legacyClient(TOKEN);
  const legacyResult = await new Promise((resolve, reject) =>
    legacy.request({ query: TOO_COMPLEX }).subscribe({ next: resolve, error: reject }),
  );
  assert(legacyResult.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT', JSON.stringify(legacyResult));
  legacy.close();
});

// A minute, not 15 s: opening a thousand WebSockets takes seconds on a loaded two-core machine.
await test('past the connection limit both clients are told to try again later', async () => {
  // Connections that never initialise hold their slots (until the init timeout).
  const held = [];
  try {
    while (held.length < MAX_CONNECTIONS) {
      const batch = Array.from({ length: Math.min(100, MAX_CONNECTIONS - held.length) }, () =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(WS_URL, 'graphql-transport-ws');
          ws.on('open', () => resolve(ws));
          ws.on('error', reject);
        }),
      );
      held.push(...(await Promise.all(batch)));
    }
    const client = createClient({
      url: WS_URL,
      webSocketImpl: WebSocket,
      connectionParams: { 'x-auth-token': TOKEN },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
    });
    const closed = await new Promise((resolve) => client.on('closed', resolve));
    assert(closed.code === 1013, `closed with ${closed.code}`);
    assert(/^Too many connections: at most \d+ are served; try again later$/.test(closed.reason), closed.reason);
    await client.dispose();

    const error = await new Promise((resolve) => {
      const legacy = legacyClient(TOKEN, (e) => {
        resolve(e);
        legacy.close();
      });
    });
    assert(/^Too many connections/.test(error?.message), JSON.stringify(error));

    held.pop().close();
    await awaitOpenConnections((open) => open < MAX_CONNECTIONS);
    const connected = graphqlWsClient(TOKEN);
    await new Promise((resolve) => connected.on('connected', resolve));
    await connected.dispose();
  } finally {
    held.forEach((ws) => ws.terminate());
  }
}, 60000);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
