package io.syncbridge.graphql;

import java.util.concurrent.Executor;

/**
 * The way out of one WebSocket connection, in either subprotocol: tasks run one at a time, in the
 * order they were given, on the thread that writes to the connection. A source of subscription
 * events hands each event of a connection's subscriptions over as one task, so that the connection
 * gets its events in the order they happened, whichever of its subscriptions they belong to, and a
 * connection that is slow to read holds up only its own tasks.
 *
 * <p>Found in the GraphQL context of every request that came over a WebSocket, under {@link
 * #CONTEXT_KEY}; absent for requests over HTTP.
 */
public interface SubscriptionChannel extends Executor {

  String CONTEXT_KEY = "io.syncbridge.subscriptionChannel";
}
