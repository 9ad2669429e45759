package io.syncbridge.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.RawHttp;
import io.syncbridge.support.WebSocketProbe;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

/**
 * The WebSocket Origin policy as wired: the same for both subprotocols, refusals before the upgrade
 * (403, in the envelope), an operator's list of further origins, and the limits a connection meets
 * before it has shown the token.
 */
@TestPropertySource(
    properties =
        "sync-bridge.websocket.allowed-origins=https://console.example.com,https://*.ops.example.com")
class WebSocketSurfaceIntegrationTests extends IntegrationTest {

  private static final String INIT =
      "{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"" + TOKEN + "\"}}";

  @ParameterizedTest
  @ValueSource(strings = {"graphql-transport-ws", "graphql-ws"})
  void pagesOfTheServiceAndOfListedOriginsAndNonBrowsersConnect(String subprotocol)
      throws Exception {
    for (String origin :
        new String[] {
          null,
          "http://127.0.0.1:" + port(),
          "https://console.example.com",
          "https://a.ops.example.com"
        }) {
      Map<String, String> headers = origin == null ? Map.of() : Map.of("Origin", origin);
      try (var ws = WebSocketProbe.connect(port(), List.of(subprotocol), headers)) {
        assertThat(ws.acceptedProtocol()).as(origin).isEqualTo(subprotocol);
        ws.send(INIT);
        assertThat(ws.next("connection_ack", 5)).as(origin).isNotNull();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"graphql-transport-ws", "graphql-ws"})
  void pagesOfOtherOriginsAreRefusedBeforeTheUpgrade(String subprotocol) {
    for (String origin :
        List.of(
            "https://evil.example",
            "null",
            // The service's own host on https: a TLS proxy in front, unless it is listed.
            "https://127.0.0.1:" + port(),
            "http://localhost:" + port())) {
      assertThatThrownBy(
              () -> WebSocketProbe.connect(port(), List.of(subprotocol), Map.of("Origin", origin)))
          .as(origin)
          .hasStackTraceContaining("403");

      String response = handshake(subprotocol, origin);
      assertThat(response).as(origin).startsWith("HTTP/1.1 403 ");
      assertThat(response).endsWith("{\"status\":403,\"message\":\"Forbidden\"}");
    }
  }

  @Test
  void theTokenIsNotTakenFromTheAddress() throws Exception {
    URI withToken = URI.create("ws://127.0.0.1:" + port() + "/graphql?x-auth-token=" + TOKEN);
    try (var ws = WebSocketProbe.connect(withToken, List.of("graphql-transport-ws"), Map.of())) {
      ws.send("{\"type\":\"connection_init\"}");

      assertThat(ws.closeStatus(5).getCode()).isEqualTo(4403);
    }
  }

  @Test
  void aConnectionThatNeverShowsTheTokenIsClosedAfter10Seconds() throws Exception {
    long started = System.nanoTime();
    try (var transportWs = WebSocketProbe.connect(port(), List.of("graphql-transport-ws"));
        var legacyWs = WebSocketProbe.connect(port(), List.of("graphql-ws"))) {

      assertThat(transportWs.closeStatus(15).getCode()).isEqualTo(4408);
      assertThat(legacyWs.closeStatus(5).getCode()).isEqualTo(4408);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(13));
    }
  }

  @Test
  void aMessageOfMoreThan8KiBClosesTheConnection() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), List.of("graphql-transport-ws"))) {
      ws.send("{\"type\":\"connection_init\",\"payload\":{\"pad\":\"" + "x".repeat(9000) + "\"}}");

      // 1009: message too big, before anything is parsed.
      assertThat(ws.closeStatus(5).getCode()).isEqualTo(1009);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"graphql-transport-ws", "graphql-ws"})
  void messagesGoUncompressedEvenToAClientThatOffersDeflate(String subprotocol) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port())) {
      String head =
          GraphQlWebSocketTesting.upgrade(
              socket,
              port(),
              subprotocol,
              "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
      assertThat(head)
          .startsWith("HTTP/1.1 101")
          .containsIgnoringCase("Sec-WebSocket-Protocol: " + subprotocol)
          .doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
    }
  }

  private String handshake(String subprotocol, String origin) {
    return RawHttp.exchange(
        port(),
        "GET /graphql HTTP/1.1\r\nHost: 127.0.0.1:"
            + port()
            + "\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: "
            + subprotocol
            + "\r\nOrigin: "
            + origin
            + "\r\n\r\n");
  }
}
