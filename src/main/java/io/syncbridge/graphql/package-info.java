/**
 * GraphQL plumbing shared by the features that expose GraphQL: scalars, error codes, GET and
 * GraphiQL, and WebSocket subscriptions over both subprotocols the earlier service served.
 */
package io.syncbridge.graphql;
