package io.syncbridge.graphql;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Serves both GraphQL WebSocket subprotocols at one path. The handshake accepts the first
 * subprotocol in the client's list that is offered here; the session then goes to the handler of
 * that protocol ({@code graphql-transport-ws} also when the client named none).
 *
 * <p>It holds at most {@code maxConnections} sessions. One more is accepted and closed at once with
 * 1013 (try again later) and a reason, which both npm clients report (graphql-ws retries with
 * backoff and then fails with that close event); legacy clients first get a {@code
 * connection_error} naming the limit, the only thing subscriptions-transport-ws passes on. A
 * refused handshake would be cheaper by a few bytes, but browsers and both clients would only see a
 * failed connection (1006) without a reason. Every closed session frees its slot, however it ended.
 *
 * <p>At shutdown it closes every open session with 1001 (going away), before the web server stops,
 * so that subscribers see a proper close they can reconnect on rather than a dropped connection.
 */
final class GraphQlWebSocketRouter implements WebSocketHandler, SubProtocolCapable, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GraphQlWebSocketRouter.class);
  static final CloseStatus SHUTTING_DOWN =
      CloseStatus.GOING_AWAY.withReason("Server shutting down");

  static final String TRANSPORT_WS = "graphql-transport-ws";
  static final String LEGACY_WS = "graphql-ws";

  private static final String REFUSED = GraphQlWebSocketRouter.class.getName() + ".refused";

  private final WebSocketHandler transportWs;
  private final WebSocketHandler legacyWs;
  private final int maxConnections;
  private final Semaphore slots;
  private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();
  private volatile boolean running;

  GraphQlWebSocketRouter(
      WebSocketHandler transportWs, WebSocketHandler legacyWs, int maxConnections) {
    this.transportWs = transportWs;
    this.legacyWs = legacyWs;
    this.maxConnections = maxConnections;
    this.slots = new Semaphore(maxConnections);
  }

  /** Sessions open now, refused ones not included. */
  int openConnections() {
    return open.size();
  }

  @Override
  public List<String> getSubProtocols() {
    return List.of(TRANSPORT_WS, LEGACY_WS);
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    if (!slots.tryAcquire()) {
      session.getAttributes().put(REFUSED, Boolean.TRUE);
      refuse(session);
      return;
    }
    open.add(session);
    handlerOf(session).afterConnectionEstablished(session);
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message)
      throws Exception {
    if (!refused(session)) {
      handlerOf(session).handleMessage(session, message);
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
    if (!refused(session)) {
      handlerOf(session).handleTransportError(session, exception);
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus)
      throws Exception {
    if (refused(session)) {
      return;
    }
    if (open.remove(session)) {
      slots.release();
    }
    handlerOf(session).afterConnectionClosed(session, closeStatus);
  }

  private void refuse(WebSocketSession session) {
    String reason =
        "Too many connections: at most " + maxConnections + " are served; try again later";
    try {
      if (LEGACY_WS.equalsIgnoreCase(session.getAcceptedProtocol())) {
        session.sendMessage(
            new TextMessage(
                "{\"type\":\"connection_error\",\"payload\":{\"message\":\"" + reason + "\"}}"));
      }
      session.close(GraphQlCloseStatus.TRY_AGAIN_LATER.withReason(reason));
    } catch (IOException | RuntimeException e) {
      // Gone already.
    }
  }

  private static boolean refused(WebSocketSession session) {
    return session.getAttributes().containsKey(REFUSED);
  }

  @Override
  public boolean supportsPartialMessages() {
    return false;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    if (!open.isEmpty()) {
      log.info("Closing {} WebSocket connection(s) for shutdown", open.size());
    }
    for (WebSocketSession session : open) {
      try {
        session.close(SHUTTING_DOWN);
      } catch (IOException | RuntimeException e) {
        // Gone already: nothing left to tell it.
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private WebSocketHandler handlerOf(WebSocketSession session) {
    return LEGACY_WS.equalsIgnoreCase(session.getAcceptedProtocol()) ? legacyWs : transportWs;
  }
}
