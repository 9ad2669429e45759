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
 * Stands before Spring for GraphQL's {@code graphql-transport-ws} handler: checks the token at the
 * first {@code connection_init} and closes with 4403 Forbidden when it is wrong or missing, as the
 * {@code graphql-ws} library's servers do (Spring's handler would close with 4401), and closes with
 * 4400 on a message that is not a JSON object with a type (Spring's would close with 1011).
 * Everything else is Spring's handler's.
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
    if (message instanceof TextMessage text) {
      JsonNode json = parse(text.getPayload());
      if (json == null || !json.isObject() || !json.path("type").isString()) {
        // Spring's handler would fail to decode it and close with 1011 rather than 4400.
        close(session, GraphQlCloseStatus.INVALID_MESSAGE);
        return;
      }
      if ("connection_init".equals(json.get("type").stringValue())
          && session.getAttributes().putIfAbsent(INIT_SEEN, Boolean.TRUE) == null
          && !auth.allows(session, json.get("payload"))) {
        close(session, GraphQlCloseStatus.FORBIDDEN);
        return;
      }
    }
    super.handleMessage(session, message);
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JacksonException e) {
      return null;
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
