package io.syncbridge.graphql;

import java.io.IOException;
import java.util.Set;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import tools.jackson.databind.JsonNode;

/**
 * Stands before Spring for GraphQL's {@code graphql-transport-ws} handler:
 *
 * <ul>
 *   <li>checks the token at the first {@code connection_init} and closes with 4403 Forbidden when
 *       it is wrong or missing, as the {@code graphql-ws} library's servers do (Spring's handler
 *       would close with 4401), ignoring anything the client sends after that;
 *   <li>closes with 4400 on a message Spring's handler could not decode (not a JSON object, an
 *       unknown type, a malformed {@code subscribe}, a binary frame), which it would close with
 *       1011.
 * </ul>
 *
 * Everything else is Spring's handler's.
 */
final class TransportWsGuard extends WebSocketHandlerDecorator {

  private static final String INIT_SEEN = TransportWsGuard.class.getName() + ".initSeen";
  private static final String DENIED = TransportWsGuard.class.getName() + ".denied";
  private static final Set<String> TYPES =
      Set.of("connection_init", "ping", "pong", "subscribe", "complete");

  private final ConnectionAuth auth;

  TransportWsGuard(WebSocketHandler delegate, ConnectionAuth auth) {
    super(delegate);
    this.auth = auth;
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message)
      throws Exception {
    if (session.getAttributes().containsKey(DENIED)) {
      return;
    }
    JsonNode json =
        message instanceof TextMessage text
            ? WebSocketMessages.parseObject(text.getPayload())
            : null;
    String type =
        json != null && json.path("type").isString() ? json.get("type").stringValue() : null;
    if (type == null || !TYPES.contains(type)) {
      close(session, GraphQlCloseStatus.INVALID_MESSAGE);
      return;
    }
    boolean initialised = session.getAttributes().containsKey(INIT_SEEN);
    if (type.equals("subscribe")
        && initialised
        && !(json.path("id").isString() && OperationPayload.isValid(json.get("payload")))) {
      close(session, GraphQlCloseStatus.INVALID_MESSAGE);
      return;
    }
    if (type.equals("subscribe") && !initialised) {
      close(session, GraphQlCloseStatus.UNAUTHORIZED);
      return;
    }
    if (type.equals("connection_init") && !initialised) {
      session.getAttributes().put(INIT_SEEN, Boolean.TRUE);
      if (!auth.allows(session, json.get("payload"))) {
        session.getAttributes().put(DENIED, Boolean.TRUE);
        close(session, GraphQlCloseStatus.FORBIDDEN);
        return;
      }
    }
    super.handleMessage(session, message);
  }

  static void close(WebSocketSession session, CloseStatus status) {
    try {
      session.close(status);
    } catch (IOException e) {
      // Already gone.
    }
  }
}
