// The GraphQL subscriptions open on the server, from its graphql_subscriptions gauge. A
// subscription is registered after the client has sent it (after the connection's ack, too), and an
// event published before that is not delivered to it: tests wait for the count, not for a time.

/** Resolves once `accept(count)` holds for the field's open subscriptions; polls every 20 ms. */
export async function awaitOpenSubscriptions(baseUrl, token, field, accept) {
  const series = `graphql_subscriptions{subscription="${field}"} `;
  for (;;) {
    const response = await fetch(`${baseUrl}/actuator/prometheus`, { headers: { 'x-auth-token': token } });
    const line = (await response.text()).split('\n').find((l) => l.startsWith(series));
    if (line && accept(Number(line.slice(series.length)))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
