package io.syncbridge.graphql;

import java.io.IOException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the token of a {@code graphql-transport-ws} connection at its first {@code
 * connection_init}, before Spring for GraphQL's handler sees it, and closes with 4403 Forbidden
 * when it is wrong or missing, as the {@code graphql-ws} library's servers do. (Spring's handler
 * would close a rejected init with 4401.) Everything else is Spring's handler's.
 */
final class TransportWsAuthentication extends WebSocketHandlerDecorator {

  private static final String INIT_SEEN = TransportWsAuthentication.class.getName() + ".initSeen";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ConnectionAuth auth;

  TransportWsAuthentication(WebSocketHandler delegate, ConnectionAuth auth) {
    super(delegate);
    this.auth = auth;
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message)
      throws Exception {
    if (message instanceof TextMessage text && !session.getAttributes().containsKey(INIT_SEEN)) {
      JsonNode json = parse(text.getPayload());
      if (json != null && "connection_init".equals(json.path("type").asString(""))) {
        session.getAttributes().put(INIT_SEEN, Boolean.TRUE);
        if (!auth.allows(session, json.get("payload"))) {
          close(session, GraphQlCloseStatus.FORBIDDEN);
          return;
        }
      }
    }
    super.handleMessage(session, message);
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JacksonException e) {
      return null; // Spring's handler closes with 4400
    }
  }

  static void close(WebSocketSession session, CloseStatus status) {
    try {
      session.close(status);
    } catch (IOException e) {
      // Already gone.
    }
  }
}
