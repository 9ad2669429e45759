package io.syncbridge.graphql;

import java.util.List;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Serves both GraphQL WebSocket subprotocols at one path. The handshake accepts the first
 * subprotocol in the client's list that is offered here; the session then goes to the handler of
 * that protocol ({@code graphql-transport-ws} also when the client named none).
 */
final class GraphQlWebSocketRouter implements WebSocketHandler, SubProtocolCapable {

  static final String TRANSPORT_WS = "graphql-transport-ws";
  static final String LEGACY_WS = "graphql-ws";

  private final WebSocketHandler transportWs;
  private final WebSocketHandler legacyWs;

  GraphQlWebSocketRouter(WebSocketHandler transportWs, WebSocketHandler legacyWs) {
    this.transportWs = transportWs;
    this.legacyWs = legacyWs;
  }

  @Override
  public List<String> getSubProtocols() {
    return List.of(TRANSPORT_WS, LEGACY_WS);
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    handlerOf(session).afterConnectionEstablished(session);
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message)
      throws Exception {
    handlerOf(session).handleMessage(session, message);
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
    handlerOf(session).handleTransportError(session, exception);
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus)
      throws Exception {
    handlerOf(session).afterConnectionClosed(session, closeStatus);
  }

  @Override
  public boolean supportsPartialMessages() {
    return false;
  }

  private WebSocketHandler handlerOf(WebSocketSession session) {
    return LEGACY_WS.equalsIgnoreCase(session.getAcceptedProtocol()) ? legacyWs : transportWs;
  }
}
