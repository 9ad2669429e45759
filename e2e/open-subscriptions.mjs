// The GraphQL subscriptions open on the server, from its graphql_subscriptions gauge. A
// subscription is registered after the client has sent it (after the connection's ack, too), and an
// event published before that is not delivered to it: tests wait for the count, not for a time.

/** The value of one Prometheus series (`name{labels} `), 0 when absent. */
async function gauge(baseUrl, token, series) {
  const response = await fetch(`${baseUrl}/actuator/prometheus`, { headers: { 'x-auth-token': token } });
  const line = (await response.text()).split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.slice(series.length)) : 0;
}

/** The field's open subscriptions. */
export async function openSubscriptions(baseUrl, token, field) {
  return gauge(baseUrl, token, `graphql_subscriptions{subscription="${field}"} `);
}

/** GraphQL WebSocket connections open on the server (both subprotocols; refused ones not counted). */
export async function openConnections(baseUrl, token) {
  return gauge(baseUrl, token, 'graphql_websocket_connections ');
}

/** Resolves once `accept(count)` holds for the open connections; throws after 10 s. */
export async function awaitOpenConnections(baseUrl, token, accept) {
  const deadline = Date.now() + 10000;
  let open;
  while (!accept((open = await openConnections(baseUrl, token)))) {
    if (Date.now() > deadline) throw new Error(`${open} connections open after 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves once `accept(count)` holds for the field's open subscriptions; throws after 10 s. */
export async function awaitOpenSubscriptions(baseUrl, token, field, accept) {
  const deadline = Date.now() + 10000;
  let open;
  while (!accept((open = await openSubscriptions(baseUrl, token, field)))) {
    if (Date.now() > deadline) throw new Error(`${open} ${field} subscriptions open after 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
