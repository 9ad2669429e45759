package io.syncbridge.graphql;

import static io.syncbridge.graphql.GraphQlWebSocketTesting.CREATED;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.INIT;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.LEGACY_WS;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.TRANSPORT_WS;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.operation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.OpenSubscriptions;
import io.syncbridge.support.WebSocketProbe;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions per connection and connections per instance, over real WebSockets in both
 * subprotocols, with small limits: 3 subscriptions per connection, 3 connections, and a cost of 20
 * (a subscription selecting every employee field costs 25).
 */
@TestPropertySource(
    properties = {
      "sync-bridge.graphql.max-subscriptions-per-connection=3",
      "sync-bridge.graphql.max-connections=3",
      "sync-bridge.graphql.max-query-complexity=20"
    })
class GraphQlWebSocketLimitsIntegrationTests extends IntegrationTest {

  private static final String EVERY_FIELD_CREATED =
      "subscription { employeeCreated { id employeeId firstName middleName lastName gender email"
          + " phoneNumber dateOfBirth nationality jobLevel department location bankAccountNumber"
          + " company jobTitle costCenter startDate employeeStatus managerId managerEmail"
          + " lastModifiedOn lastModified fullName } }";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired private MeterRegistry metrics;

  @BeforeEach
  void connectionsOfEarlierTestsAreGone() {
    awaitOpenConnections(0);
    OpenSubscriptions.awaitCreated(metrics, 0);
  }

  // --- subscriptions per connection -------------------------------------------------------------

  @Test
  void transportWsRefusesTheSubscriptionPastTheLimitAndKeepsTheConnection() throws Exception {
    try (var ws = initialised(TRANSPORT_WS)) {
      for (String id : List.of("s1", "s2", "s3")) {
        ws.send(operation("subscribe", id, CREATED));
      }
      OpenSubscriptions.awaitCreated(metrics, 3);

      ws.send(operation("subscribe", "s4", CREATED));

      JsonNode error = ws.next("error", 5);
      assertThat(error.get("id").asString()).isEqualTo("s4");
      assertThat(error.get("payload").isArray()).isTrue();
      assertThat(error.get("payload").get(0).get("message").asString())
          .isEqualTo(
              "Too many subscriptions on this connection: at most 3 may be open at once;"
                  + " complete one before starting another");
      assertThat(error.get("payload").get(0).get("extensions").get("code").asString())
          .isEqualTo("BAD_USER_INPUT");
      assertThat(OpenSubscriptions.created(metrics)).isEqualTo(3);

      createByMutation("limit-1@example.com");
      assertThat(idsOfNext(ws, "next", 3)).containsExactlyInAnyOrder("s1", "s2", "s3");

      ws.send("{\"type\":\"complete\",\"id\":\"s1\"}");
      OpenSubscriptions.awaitCreated(metrics, 2);
      ws.send(operation("subscribe", "s5", CREATED));
      OpenSubscriptions.awaitCreated(metrics, 3);
      createByMutation("limit-2@example.com");
      assertThat(idsOfNext(ws, "next", 3)).containsExactlyInAnyOrder("s2", "s3", "s5");
      assertThat(ws.pendingPayloadMessages()).isEmpty();
    }
  }

  @Test
  void legacyWsRefusesTheSubscriptionPastTheLimitAndKeepsTheConnection() throws Exception {
    try (var ws = initialised(LEGACY_WS)) {
      for (String id : List.of("s1", "s2", "s3")) {
        ws.send(operation("start", id, CREATED));
      }
      OpenSubscriptions.awaitCreated(metrics, 3);

      ws.send(operation("start", "s4", CREATED));

      JsonNode error = ws.next("error", 5);
      assertThat(error.get("id").asString()).isEqualTo("s4");
      assertThat(error.get("payload").get("message").asString())
          .startsWith("Too many subscriptions on this connection: at most 3 may be open at once");
      assertThat(error.get("payload").get("extensions").get("code").asString())
          .isEqualTo("BAD_USER_INPUT");

      createByMutation("legacy-limit-1@example.com");
      assertThat(idsOfNext(ws, "data", 3)).containsExactlyInAnyOrder("s1", "s2", "s3");

      ws.send("{\"type\":\"stop\",\"id\":\"s2\"}");
      OpenSubscriptions.awaitCreated(metrics, 2);
      // The refused id is free again too.
      ws.send(operation("start", "s4", CREATED));
      OpenSubscriptions.awaitCreated(metrics, 3);
      createByMutation("legacy-limit-2@example.com");
      assertThat(idsOfNext(ws, "data", 3)).containsExactlyInAnyOrder("s1", "s3", "s4");
      assertThat(ws.pendingPayloadMessages()).isEmpty();
    }
  }

  @Test
  void eachConnectionHasItsOwnSubscriptionsAndQueriesAreNotCounted() throws Exception {
    try (var first = initialised(TRANSPORT_WS);
        var second = initialised(LEGACY_WS)) {
      for (String id : List.of("s1", "s2", "s3")) {
        first.send(operation("subscribe", id, CREATED));
        second.send(operation("start", id, CREATED));
      }
      OpenSubscriptions.awaitCreated(metrics, 6);

      first.send(operation("subscribe", "q", "{ employees { id } }"));
      second.send(operation("start", "q", "{ employees { id } }"));

      assertThat(first.next("next", 5).get("payload").has("errors")).isFalse();
      assertThat(first.next("complete", 5).get("id").asString()).isEqualTo("q");
      assertThat(second.next("data", 5).get("payload").has("errors")).isFalse();
      assertThat(second.next("complete", 5).get("id").asString()).isEqualTo("q");
    }
  }

  @Test
  void aSubscriptionOverTheCostLimitIsRefusedInBothSubprotocolsAndTakesNoSlot() throws Exception {
    try (var transport = initialised(TRANSPORT_WS);
        var legacy = initialised(LEGACY_WS)) {
      transport.send(operation("subscribe", "big", EVERY_FIELD_CREATED));
      legacy.send(operation("start", "big", EVERY_FIELD_CREATED));

      JsonNode next = transport.next("next", 5);
      JsonNode data = legacy.next("data", 5);
      for (JsonNode result : List.of(next.get("payload"), data.get("payload"))) {
        assertThat(result.get("errors").get(0).get("message").asString())
            .startsWith("Query too complex: it selects more than 20 fields");
        assertThat(result.get("errors").get(0).get("extensions").get("code").asString())
            .isEqualTo("BAD_USER_INPUT");
      }
      assertThat(transport.next("complete", 5).get("id").asString()).isEqualTo("big");
      assertThat(legacy.next("complete", 5).get("id").asString()).isEqualTo("big");

      for (String id : List.of("s1", "s2", "s3")) {
        transport.send(operation("subscribe", id, CREATED));
      }
      OpenSubscriptions.awaitCreated(metrics, 3);
      assertThat(transport.pendingPayloadMessages()).isEmpty();
    }
  }

  // --- connections per instance ---------------------------------------------------------------

  @Test
  void aConnectionPastTheLimitIsClosedWith1013AndAReasonInBothSubprotocols() throws Exception {
    List<WebSocketProbe> held = new ArrayList<>();
    try {
      held.add(WebSocketProbe.connect(port(), TRANSPORT_WS));
      held.add(WebSocketProbe.connect(port(), LEGACY_WS));
      held.add(initialised(TRANSPORT_WS));
      awaitOpenConnections(3);

      // Read off the wire: Tomcat's own WebSocket client reports 1013 as a protocol error (1002);
      // browsers and the ws library (under both npm clients) pass it on.
      try (var refused = new Socket("127.0.0.1", port())) {
        upgrade(refused, "graphql-transport-ws");
        assertThat(closeFrame(refused))
            .isEqualTo("1013 Too many connections: at most 3 are served; try again later");
      }
      try (var refused = new Socket("127.0.0.1", port())) {
        upgrade(refused, "graphql-ws");
        assertThat(JSON.readTree(textFrame(refused)).get("payload").get("message").asString())
            .isEqualTo("Too many connections: at most 3 are served; try again later");
        assertThat(closeFrame(refused)).startsWith("1013 ");
      }
      assertThat(openConnections()).isEqualTo(3);

      held.get(2).send(operation("subscribe", "s1", CREATED));
      OpenSubscriptions.awaitCreated(metrics, 1);
      createByMutation("still-served@example.com");
      assertThat(held.get(2).next("next", 5).get("id").asString()).isEqualTo("s1");
    } finally {
      for (WebSocketProbe probe : held) {
        probe.close();
      }
    }
  }

  @Test
  void closedConnectionsFreeTheirSlotsAbnormalClosesToo() throws Exception {
    try (var first = initialised(TRANSPORT_WS);
        var second = initialised(LEGACY_WS);
        var dropped = new Socket("127.0.0.1", port())) {
      upgrade(dropped, "graphql-transport-ws");
      awaitOpenConnections(3);

      // Gone without a close frame: the TCP connection is reset.
      dropped.setSoLinger(true, 0);
      dropped.close();
      awaitOpenConnections(2);
      try (var third = initialised(LEGACY_WS)) {
        awaitOpenConnections(3);
        first.close();
        awaitOpenConnections(2);
        try (var fourth = initialised(TRANSPORT_WS)) {
          assertThat(openConnections()).isEqualTo(3);
        }
      }
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  /** A connection past connection_ack: only an accepted connection gets one. */
  private WebSocketProbe initialised(List<String> protocol) throws Exception {
    WebSocketProbe ws = WebSocketProbe.connect(port(), protocol);
    ws.send(INIT);
    ws.next("connection_ack", 5);
    return ws;
  }

  private void upgrade(Socket socket, String subprotocol) throws Exception {
    assertThat(GraphQlWebSocketTesting.upgrade(socket, port(), subprotocol))
        .startsWith("HTTP/1.1 101");
  }

  /** The payload of the next frame from the server, which must be of the given opcode. */
  private static byte[] frame(Socket socket, int opcode) throws Exception {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int first = in.readUnsignedByte();
    assertThat(first & 0x0F).as("opcode").isEqualTo(opcode);
    int length = in.readUnsignedByte() & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    return payload;
  }

  private static String textFrame(Socket socket) throws Exception {
    return new String(frame(socket, 0x1), StandardCharsets.UTF_8);
  }

  /** "code reason" of the close frame that comes next. */
  private static String closeFrame(Socket socket) throws Exception {
    byte[] payload = frame(socket, 0x8);
    int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    return code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
  }

  private int openConnections() {
    return (int) metrics.find(GraphQlWebSocketConfiguration.CONNECTIONS_METRIC).gauge().value();
  }

  private void awaitOpenConnections(int expected) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .untilAsserted(() -> assertThat(openConnections()).isEqualTo(expected));
  }

  /** The ids of the next {@code count} messages of the type. */
  private static Set<String> idsOfNext(WebSocketProbe ws, String type, int count)
      throws InterruptedException {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      ids.add(ws.next(type, 5).get("id").asString());
    }
    return ids;
  }

  private void createByMutation(String email) {
    GraphQlWebSocketTesting.createByMutation(api, email);
  }
}
