package io.syncbridge.graphql;

import graphql.GraphQLError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.graphql.server.WebGraphQlHandler;
import tools.jackson.databind.JsonNode;

/**
 * The {@code graphql-transport-ws} subprotocol (the {@code graphql-ws} library): {@code
 * connection_init} → {@code connection_ack} (then {@code ping} keep-alives), {@code subscribe} →
 * {@code next}… {@code complete} or {@code error}, {@code complete} from the client to stop, {@code
 * ping}/{@code pong} either way. A wrong or missing token closes with 4403, as the library's
 * servers do, and whatever the client sends after that is ignored; a message that is not one of
 * these, or a malformed {@code subscribe}, closes with 4400.
 *
 * <p>Spring for GraphQL has a handler of its own for this subprotocol; this one shares the
 * connection with the legacy subprotocol's (see {@link GraphQlConnection}), which sends every
 * connection's messages, subscription events of all its subscriptions included, in the order they
 * happened.
 */
final class TransportWsHandler extends GraphQlWsProtocol {

  private static final Set<String> TYPES =
      Set.of("connection_init", "ping", "pong", "subscribe", "complete");

  TransportWsHandler(
      WebGraphQlHandler graphQlHandler,
      ConnectionAuth auth,
      SharedSubscriptions subscriptions,
      Settings settings) {
    super(graphQlHandler, auth, subscriptions, settings);
  }

  @Override
  void handle(GraphQlConnection connection, JsonNode message) {
    String type =
        message != null && message.path("type").isString()
            ? message.get("type").stringValue()
            : null;
    if (type == null || !TYPES.contains(type)) {
      connection.close(GraphQlCloseStatus.INVALID_MESSAGE);
      return;
    }
    switch (type) {
      case "connection_init" -> init(connection, message.get("payload"));
      case "ping" -> connection.send(Map.of("type", "pong"));
      case "subscribe" -> subscribe(connection, message);
      case "complete" -> stop(connection, message.path("id").asString(""));
      default -> {
        // pong: an answer to a keep-alive, nothing to do
      }
    }
  }

  private void init(GraphQlConnection connection, JsonNode payload) {
    if (!initialise(connection, payload)) {
      if (connection.denied) {
        connection.close(GraphQlCloseStatus.FORBIDDEN);
      }
      return;
    }
    connection.send(Map.of("type", "connection_ack"));
    connection.keepAlive(keepAlive, Map.of("type", "ping"));
  }

  private void subscribe(GraphQlConnection connection, JsonNode message) {
    if (!connection.initialised.get()) {
      connection.close(GraphQlCloseStatus.UNAUTHORIZED);
      return;
    }
    if (!message.path("id").isString()
        || message.get("id").stringValue().isEmpty()
        || !OperationPayload.isValid(message.get("payload"))) {
      connection.close(GraphQlCloseStatus.INVALID_MESSAGE);
      return;
    }
    run(connection, message.get("id").stringValue(), message.get("payload"));
  }

  @Override
  Map<String, Object> error(String id, List<GraphQLError> errors) {
    return message("error", id, errors.stream().map(GraphQLError::toSpecification).toList());
  }

  @Override
  Map<String, Object> complete(String id) {
    return message("complete", id, null);
  }

  @Override
  String result(String quotedId, String renderedResult) {
    return "{\"id\":" + quotedId + ",\"type\":\"next\",\"payload\":" + renderedResult + "}";
  }

  private static Map<String, Object> message(String type, String id, Object payload) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("id", id);
    message.put("type", type);
    if (payload != null) {
      message.put("payload", payload);
    }
    return message;
  }
}
