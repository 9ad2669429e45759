package io.syncbridge.graphql;

import static io.syncbridge.graphql.GraphQlWebSocketTesting.CREATED;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.INIT;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.LEGACY_WS;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.TRANSPORT_WS;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.OpenSubscriptions;
import io.syncbridge.support.RawHttp;
import io.syncbridge.support.WebSocketProbe;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Subscriptions over a real WebSocket, in both subprotocols, with SPEC §3's close codes. */
@TestPropertySource(
    properties = {
      "spring.graphql.websocket.keep-alive=1s",
      "spring.graphql.websocket.connection-init-timeout=2s"
    })
class GraphQlWebSocketIntegrationTests extends IntegrationTest {

  // --- graphql-transport-ws ---------------------------------------------------------------------

  @Autowired private MeterRegistry metrics;

  @Test
  void springsClientReceivesEmployeesCreatedByMutationAndByRestSync() {
    // Subscriptions of earlier tests are gone before this one's is counted.
    OpenSubscriptions.awaitCreated(metrics, 0);
    WebSocketGraphQlClient client =
        WebSocketGraphQlClient.builder(
                URI.create("ws://127.0.0.1:" + port() + "/graphql"), new StandardWebSocketClient())
            .interceptor(
                new WebSocketGraphQlClientInterceptor() {
                  @Override
                  public Mono<Object> connectionInitPayload() {
                    return Mono.just(Map.of("x-auth-token", TOKEN));
                  }
                })
            .build();

    StepVerifier.create(
            client
                .document(CREATED)
                .retrieveSubscription("employeeCreated")
                .toEntity(Map.class)
                .take(2))
        .then(() -> OpenSubscriptions.awaitCreated(metrics, 1))
        .then(() -> createByMutation("spring-1@example.com"))
        .then(() -> createBySync("spring-2@example.com"))
        .assertNext(e -> assertThat(e).containsEntry("email", "spring-1@example.com"))
        .assertNext(e -> assertThat(e).containsEntry("email", "spring-2@example.com"))
        .expectComplete()
        .verify(Duration.ofSeconds(15));
    client.stop().block(Duration.ofSeconds(5));
  }

  @Test
  void theHandshakeHeaderIsEnoughToAuthenticate() throws Exception {
    try (var ws = WebSocketProbe.connectWithHeader(port(), TRANSPORT_WS, TOKEN)) {
      ws.send("{\"type\":\"connection_init\"}");

      assertThat(ws.next("connection_ack", 5)).isNotNull();
    }
  }

  @Test
  void aWrongTokenClosesWith4403WithoutAnAck() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), TRANSPORT_WS)) {
      ws.send("{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"wrong\"}}");

      assertThat(ws.closeStatus(5).getCode()).isEqualTo(4403);
      assertThat(ws.pendingMessages()).isEmpty();
    }
  }

  @Test
  void aMissingTokenClosesWith4403() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), TRANSPORT_WS)) {
      ws.send("{\"type\":\"connection_init\"}");

      assertThat(ws.closeStatus(5).getCode()).isEqualTo(4403);
    }
  }

  @Test
  void transportWsClosesOnProtocolErrorsWithTheEarlierServersCodes() throws Exception {
    assertThat(closeCodeAfter(TRANSPORT_WS, "not json")).isEqualTo(4400);
    assertThat(
            closeCodeAfter(
                TRANSPORT_WS,
                "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"{employees{id}}\"}}"))
        .isEqualTo(4401);
    assertThat(closeCodeAfter(TRANSPORT_WS, INIT, INIT)).isEqualTo(4429);
    String subscribe =
        "{\"type\":\"subscribe\",\"id\":\"dup\",\"payload\":{\"query\":\"" + CREATED + "\"}}";
    assertThat(closeCodeAfter(TRANSPORT_WS, INIT, subscribe, subscribe)).isEqualTo(4409);
    assertThat(closeCodeAfter(TRANSPORT_WS)).isEqualTo(4408);
  }

  @Test
  void transportWsClosesWith4400OnMessagesItCannotDecode() throws Exception {
    assertThat(closeCodeAfter(TRANSPORT_WS, "{\"type\":\"bogus\"}")).isEqualTo(4400);
    assertThat(closeCodeAfter(TRANSPORT_WS, INIT, "{\"type\":\"subscribe\",\"id\":\"1\"}"))
        .isEqualTo(4400);
    assertThat(
            closeCodeAfter(
                TRANSPORT_WS,
                INIT,
                "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":5}}"))
        .isEqualTo(4400);
    assertThat(
            closeCodeAfter(
                TRANSPORT_WS,
                INIT,
                "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"{employees{id}}\","
                    + "\"variables\":\"x\"}}"))
        .isEqualTo(4400);
    try (var ws = WebSocketProbe.connect(port(), TRANSPORT_WS)) {
      ws.sendBinary(new byte[] {1, 2, 3});
      assertThat(ws.closeStatus(5).getCode()).isEqualTo(4400);
    }
  }

  @Test
  void aRejectedConnectionIgnoresWhateverFollows() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), TRANSPORT_WS)) {
      ws.send("{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"wrong\"}}");
      ws.send(INIT);

      assertThat(ws.closeStatus(5).getCode()).isEqualTo(4403);
      assertThat(ws.pendingPayloadMessages()).isEmpty();
    }
  }

  @Test
  void transportWsSendsPings() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), TRANSPORT_WS)) {
      ws.send(INIT);
      ws.next("connection_ack", 5);

      assertThat(ws.next("ping", 5)).isNotNull();
    }
  }

  @Test
  void subscribersOfTheSameAndOfOtherDocumentsEachGetTheirOwnShapeUnderTheirOwnIds()
      throws Exception {
    String emailOnly = "subscription { employeeCreated { email } }";
    OpenSubscriptions.awaitCreated(metrics, 0);
    try (var one = WebSocketProbe.connect(port(), TRANSPORT_WS);
        var other = WebSocketProbe.connect(port(), TRANSPORT_WS);
        var legacy = WebSocketProbe.connect(port(), LEGACY_WS)) {
      for (var ws : List.of(one, other, legacy)) {
        ws.send(INIT);
        ws.next("connection_ack", 5);
      }
      one.send(GraphQlWebSocketTesting.operation("subscribe", "a", CREATED));
      other.send(GraphQlWebSocketTesting.operation("subscribe", "b", CREATED));
      other.send(GraphQlWebSocketTesting.operation("subscribe", "c", emailOnly));
      legacy.send(GraphQlWebSocketTesting.operation("start", "d", CREATED));
      OpenSubscriptions.awaitCreated(metrics, 4);

      createByMutation("shared-1@example.com");

      JsonNode a = one.next("next", 10);
      assertThat(a.get("id").asString()).isEqualTo("a");
      assertThat(a.get("payload").get("data").get("employeeCreated").propertyNames())
          .containsExactly("id", "email", "fullName");
      assertThat(email(a)).isEqualTo("shared-1@example.com");
      JsonNode first = other.next("next", 10);
      JsonNode second = other.next("next", 10);
      Map<String, JsonNode> byId =
          Map.of(first.get("id").asString(), first, second.get("id").asString(), second);
      assertThat(byId.keySet()).containsExactlyInAnyOrder("b", "c");
      assertThat(byId.get("b").get("payload")).isEqualTo(a.get("payload"));
      assertThat(byId.get("c").get("payload").get("data").get("employeeCreated").propertyNames())
          .containsExactly("email");
      JsonNode d = legacy.next("data", 10);
      assertThat(d.get("id").asString()).isEqualTo("d");
      assertThat(d.get("payload")).isEqualTo(a.get("payload"));

      one.send("{\"type\":\"complete\",\"id\":\"a\"}");
      OpenSubscriptions.awaitCreated(metrics, 3);
      createByMutation("shared-2@example.com");
      assertThat(email(legacy.next("data", 10))).isEqualTo("shared-2@example.com");
      pause(300);
      assertThat(one.pendingPayloadMessages()).isEmpty();
    }
  }

  @Test
  void aConnectionGetsTheEventsOfAllItsSubscriptionsInTheOrderTheyHappened() throws Exception {
    OpenSubscriptions.awaitCreated(metrics, 0);
    try (var ws = WebSocketProbe.connect(port(), TRANSPORT_WS)) {
      ws.send(INIT);
      ws.next("connection_ack", 5);
      ws.send(
          GraphQlWebSocketTesting.operation(
              "subscribe", "c", "subscription { employeeCreated { email } }"));
      ws.send(
          GraphQlWebSocketTesting.operation("subscribe", "d", "subscription { employeeDeleted }"));
      OpenSubscriptions.awaitCreated(metrics, 1);
      pause(200); // the deletion subscription is not counted by the gauge above

      String first = createdId("order-1@example.com");
      var deleted =
          api.postJson(
              "/graphql", "{\"query\":\"mutation { deleteEmployee(id: " + first + ") }\"}");
      assertThat(deleted.body()).contains("true");
      createdId("order-2@example.com");

      List<String> received = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonNode next = ws.next("next", 10);
        JsonNode data = next.get("payload").get("data");
        received.add(
            next.get("id").asString()
                + " "
                + (data.has("employeeCreated")
                    ? data.get("employeeCreated").get("email").asString()
                    : data.get("employeeDeleted").asString()));
      }
      assertThat(received)
          .containsExactly("c order-1@example.com", "d " + first, "c order-2@example.com");
    }
  }

  private String createdId(String email) {
    var response =
        api.postJson(
            "/graphql",
            "{\"query\":\"mutation { createEmployee(data: {employeeId: \\\"O\\\", firstName:"
                + " \\\"A\\\", lastName: \\\"B\\\", email: \\\""
                + email
                + "\\\"}) { id } }\"}");
    assertThat(response.body()).as(response.body()).doesNotContain("errors");
    return response.body().replaceAll(".*\"id\":\"?(\\d+)\"?.*", "$1");
  }

  // --- legacy graphql-ws (subscriptions-transport-ws) ---------------------------------------

  @Test
  void legacyClientReceivesEmployeesCreatedByMutationAndByRestSync() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), LEGACY_WS)) {
      assertThat(ws.acceptedProtocol()).isEqualTo("graphql-ws");
      ws.send(INIT);
      assertThat(ws.next("connection_ack", 5)).isNotNull();
      assertThat(ws.next("ka", 5)).isNotNull();
      OpenSubscriptions.awaitCreated(metrics, 0);
      ws.send("{\"type\":\"start\",\"id\":\"s1\",\"payload\":{\"query\":\"" + CREATED + "\"}}");
      OpenSubscriptions.awaitCreated(metrics, 1);

      createByMutation("legacy-1@example.com");
      createBySync("legacy-2@example.com");

      JsonNode first = ws.next("data", 10);
      JsonNode second = ws.next("data", 10);
      assertThat(first.get("id").asString()).isEqualTo("s1");
      assertThat(email(first)).isEqualTo("legacy-1@example.com");
      assertThat(email(second)).isEqualTo("legacy-2@example.com");

      ws.send("{\"type\":\"stop\",\"id\":\"s1\"}");
      OpenSubscriptions.awaitCreated(metrics, 0);
      createByMutation("legacy-3@example.com");
      pause(500);
      assertThat(ws.pendingPayloadMessages()).isEmpty();
    }
  }

  @Test
  void legacyClientCanRunAQueryToCompletion() throws Exception {
    createByMutation("query@example.com");
    try (var ws = WebSocketProbe.connect(port(), LEGACY_WS)) {
      ws.send(INIT);
      ws.next("connection_ack", 5);
      ws.send(
          "{\"type\":\"start\",\"id\":\"q\",\"payload\":{\"query\":\"{ employees { email } }\"}}");

      JsonNode data = ws.next("data", 5);
      assertThat(data.get("payload").get("data").get("employees").get(0).get("email").asString())
          .isEqualTo("query@example.com");
      assertThat(ws.next("complete", 5).get("id").asString()).isEqualTo("q");
    }
  }

  @Test
  void legacyClientWithAWrongTokenGetsConnectionErrorThen4403() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), LEGACY_WS)) {
      ws.send("{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"wrong\"}}");

      JsonNode error = ws.next(5);
      assertThat(error.get("type").asString()).isEqualTo("connection_error");
      assertThat(ws.closeStatus(5).getCode()).isEqualTo(4403);
    }
  }

  @Test
  void legacyProtocolClosesOnProtocolErrorsWithTheEarlierServersCodes() throws Exception {
    assertThat(closeCodeAfter(LEGACY_WS, "{\"type\":\"bogus\"}")).isEqualTo(4400);
    assertThat(
            closeCodeAfter(
                LEGACY_WS,
                "{\"type\":\"start\",\"id\":\"1\",\"payload\":{\"query\":\"{employees{id}}\"}}"))
        .isEqualTo(4401);
    assertThat(closeCodeAfter(LEGACY_WS, INIT, INIT)).isEqualTo(4429);
    String start =
        "{\"type\":\"start\",\"id\":\"dup\",\"payload\":{\"query\":\"" + CREATED + "\"}}";
    assertThat(closeCodeAfter(LEGACY_WS, INIT, start, start)).isEqualTo(4409);
    assertThat(closeCodeAfter(LEGACY_WS)).isEqualTo(4408);
  }

  @Test
  void legacyProtocolClosesWith4400OnMessagesItCannotDecode() throws Exception {
    assertThat(closeCodeAfter(LEGACY_WS, INIT, "{\"type\":\"start\",\"id\":\"1\",\"payload\":{}}"))
        .isEqualTo(4400);
    assertThat(
            closeCodeAfter(
                LEGACY_WS,
                INIT,
                "{\"type\":\"start\",\"id\":\"1\",\"payload\":{\"query\":\"{employees{id}}\","
                    + "\"variables\":\"x\"}}"))
        .isEqualTo(4400);
    try (var ws = WebSocketProbe.connect(port(), LEGACY_WS)) {
      ws.sendBinary(new byte[] {1, 2, 3});
      assertThat(ws.closeStatus(5).getCode()).isEqualTo(4400);
    }
  }

  @Test
  void legacyKeepAliveStartsOnlyAfterTheAck() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), LEGACY_WS)) {
      pause(1500);
      assertThat(ws.pendingPayloadMessages()).isEmpty();
      assertThat(ws.pendingMessages()).as("no ka before connection_ack").isEmpty();
    }
  }

  @Test
  void aSubscriptionSentOverHttpIsBadUserInput() {
    var response = api.postJson("/graphql", "{\"query\":\"subscription { employeeDeleted }\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("errors").get(0).get("extensions").get("code").asString())
        .isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void anUpgradeRequestWithAQueryButNoTokenRunsNothing() {
    createByMutation("secret@example.com");

    String response =
        RawHttp.exchange(
            port(),
            "GET /graphql?query=%7Bemployees%7Bemail%7D%7D HTTP/1.1\r\nHost: localhost\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nConnection: close\r\n\r\n");

    assertThat(response).doesNotStartWith("HTTP/1.1 200").doesNotContain("secret@example.com");
  }

  @Test
  void legacyKeepAliveRepeats() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), LEGACY_WS)) {
      ws.send(INIT);
      ws.next("connection_ack", 5);
      ws.next("ka", 5);

      assertThat(ws.next("ka", 5)).isNotNull();
    }
  }

  @Test
  void theFirstSubprotocolInTheClientsListWins() throws Exception {
    try (var ws = WebSocketProbe.connect(port(), List.of("graphql-ws", "graphql-transport-ws"))) {
      assertThat(ws.acceptedProtocol()).isEqualTo("graphql-ws");
    }
    try (var ws = WebSocketProbe.connect(port(), List.of("graphql-transport-ws", "graphql-ws"))) {
      assertThat(ws.acceptedProtocol()).isEqualTo("graphql-transport-ws");
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  private int closeCodeAfter(List<String> protocol, String... messages) throws Exception {
    try (var ws = WebSocketProbe.connect(port(), protocol)) {
      for (String message : messages) {
        ws.send(message);
        pause(100);
      }
      return ws.closeStatus(5).getCode();
    }
  }

  private void createByMutation(String email) {
    GraphQlWebSocketTesting.createByMutation(api, email);
  }

  private void createBySync(String email) {
    var response =
        sync(
            "employees",
            "[{\"employeeId\":\"S\",\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\""
                + email
                + "\"}]");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  private static String email(JsonNode dataMessage) {
    return dataMessage.get("payload").get("data").get("employeeCreated").get("email").asString();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
