package io.syncbridge.support;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bare WebSocket client for protocol tests: sends raw text frames and records every message and
 * the close status, so tests can speak either GraphQL subprotocol message by message.
 */
public final class WebSocketProbe implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
  private final WebSocketSession session;

  private WebSocketProbe(URI uri, List<String> subprotocols, Map<String, String> handshakeHeaders)
      throws Exception {
    WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
    headers.setSecWebSocketProtocol(subprotocols);
    handshakeHeaders.forEach(headers::add);
    TextWebSocketHandler handler =
        new TextWebSocketHandler() {
          @Override
          protected void handleTextMessage(WebSocketSession session, TextMessage message) {
            messages.add(message.getPayload());
          }

          @Override
          public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
            closed.complete(status);
          }
        };
    this.session =
        new StandardWebSocketClient().execute(handler, headers, uri).get(10, TimeUnit.SECONDS);
  }

  /** Connects to ws://127.0.0.1:port/graphql asking for the given subprotocols, in order. */
  public static WebSocketProbe connect(int port, List<String> subprotocols) throws Exception {
    return connect(port, subprotocols, Map.of());
  }

  /** The same, with the token in the handshake's x-auth-token header. */
  public static WebSocketProbe connectWithHeader(int port, List<String> subprotocols, String token)
      throws Exception {
    return connect(port, subprotocols, Map.of("x-auth-token", token));
  }

  /** The same, with these headers on the handshake (an {@code Origin}, say). */
  public static WebSocketProbe connect(
      int port, List<String> subprotocols, Map<String, String> handshakeHeaders) throws Exception {
    return connect(
        URI.create("ws://127.0.0.1:" + port + "/graphql"), subprotocols, handshakeHeaders);
  }

  /** Connects to any URI (one with a query string, say). */
  public static WebSocketProbe connect(
      URI uri, List<String> subprotocols, Map<String, String> handshakeHeaders) throws Exception {
    return new WebSocketProbe(uri, subprotocols, handshakeHeaders);
  }

  public String acceptedProtocol() {
    return session.getAcceptedProtocol();
  }

  /**
   * Sends a frame; one the server closed the socket before is dropped, as a real client's would be
   * (tests of close codes send frames that may race with the close).
   */
  public void send(String text) throws Exception {
    try {
      session.sendMessage(new TextMessage(text));
    } catch (IllegalStateException | java.io.IOException e) {
      if (session.isOpen()) {
        throw e;
      }
    }
  }

  public void sendBinary(byte[] bytes) throws Exception {
    session.sendMessage(new org.springframework.web.socket.BinaryMessage(bytes));
  }

  /** The next message, parsed, within the timeout; fails when none came. */
  public JsonNode next(long seconds) throws InterruptedException {
    String message = messages.poll(seconds, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + seconds + " s");
    }
    return JSON.readTree(message);
  }

  /** The next message of the given type, skipping keep-alives and others. */
  public JsonNode next(String type, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (message != null) {
        JsonNode json = JSON.readTree(message);
        if (type.equals(json.path("type").asString(""))) {
          return json;
        }
      }
    }
    throw new AssertionError("no '" + type + "' message within " + seconds + " s");
  }

  /** Every message received so far and not yet taken. */
  public List<String> pendingMessages() {
    return List.copyOf(messages);
  }

  /** Takes every message received so far, in arrival order. */
  public List<String> takeAll() {
    List<String> taken = new java.util.ArrayList<>();
    messages.drainTo(taken);
    return taken;
  }

  /** Messages received so far that are not keep-alives. */
  public List<String> pendingPayloadMessages() {
    return messages.stream().filter(m -> !m.contains("\"ka\"") && !m.contains("\"ping\"")).toList();
  }

  public CloseStatus closeStatus(long seconds) throws Exception {
    return closed.get(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (session.isOpen()) {
      session.close();
    }
  }
}
