package io.syncbridge.graphql;

import graphql.GraphQLError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;

/**
 * The legacy Apollo {@code graphql-ws} subprotocol ({@code subscriptions-transport-ws}), which
 * Spring for GraphQL does not speak: {@code connection_init} → {@code connection_ack} (then {@code
 * ka} keep-alives), {@code start} → {@code data}… {@code complete}, {@code stop}, {@code
 * connection_terminate}. A wrong or missing token gets a {@code connection_error}, then the socket
 * closes with 4403.
 */
final class LegacyGraphQlWsHandler extends GraphQlWsProtocol {

  private static final Map<String, Object> KEEP_ALIVE = Map.of("type", "ka");

  LegacyGraphQlWsHandler(
      WebGraphQlHandler graphQlHandler,
      ConnectionAuth auth,
      SharedSubscriptions subscriptions,
      Settings settings) {
    super(graphQlHandler, auth, subscriptions, settings);
  }

  @Override
  void handle(GraphQlConnection connection, JsonNode message) {
    String type = message == null ? "" : message.path("type").asString("");
    switch (type) {
      case "connection_init" -> init(connection, message.get("payload"));
      case "start" -> start(connection, message);
      case "stop" -> stop(connection, message.path("id").asString(""));
      case "connection_terminate" -> connection.close(CloseStatus.NORMAL);
      default -> connection.close(GraphQlCloseStatus.INVALID_MESSAGE);
    }
  }

  private void init(GraphQlConnection connection, JsonNode payload) {
    if (!initialise(connection, payload)) {
      if (connection.denied) {
        connection.send(
            Map.of("type", "connection_error", "payload", Map.of("message", "Forbidden")));
        connection.execute(() -> connection.close(GraphQlCloseStatus.FORBIDDEN));
      }
      return;
    }
    connection.send(Map.of("type", "connection_ack"));
    connection.send(KEEP_ALIVE);
    connection.keepAlive(keepAlive, KEEP_ALIVE);
  }

  private void start(GraphQlConnection connection, JsonNode message) {
    if (!connection.acknowledged) {
      connection.close(GraphQlCloseStatus.UNAUTHORIZED);
      return;
    }
    String id = message.path("id").asString("");
    JsonNode payload = message.get("payload");
    if (id.isEmpty() || !OperationPayload.isValid(payload)) {
      connection.close(GraphQlCloseStatus.INVALID_MESSAGE);
      return;
    }
    run(connection, id, payload);
  }

  /** The legacy protocol's error payload is one error. */
  @Override
  Map<String, Object> error(String id, List<GraphQLError> errors) {
    return message("error", id, errors.get(0).toSpecification());
  }

  @Override
  Map<String, Object> complete(String id) {
    return message("complete", id, null);
  }

  @Override
  String result(String quotedId, String renderedResult) {
    return "{\"type\":\"data\",\"id\":" + quotedId + ",\"payload\":" + renderedResult + "}";
  }

  private static Map<String, Object> message(String type, String id, Object payload) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", type);
    message.put("id", id);
    if (payload != null) {
      message.put("payload", payload);
    }
    return message;
  }
}
