package io.syncbridge.graphql;

import static io.syncbridge.graphql.GraphQlWebSocketTesting.INIT;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.LEGACY_WS;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.TRANSPORT_WS;
import static io.syncbridge.graphql.GraphQlWebSocketTesting.operation;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import io.syncbridge.support.WebSocketProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Depth and cost limits with their defaults (15 and 10,000) in every transport: POST and GET {@code
 * /graphql} and both WebSocket subprotocols. Whether a data fetcher ran is read from the {@code
 * graphql.datafetcher} timer of {@code employees}: a refused operation leaves it unchanged, so it
 * issued no SQL either.
 */
class GraphQlQueryLimitsIntegrationTests extends IntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String EVERY_FIELD =
      " id employeeId firstName middleName lastName gender email phoneNumber dateOfBirth"
          + " nationality jobLevel department location bankAccountNumber company jobTitle"
          + " costCenter startDate employeeStatus managerId managerEmail lastModifiedOn"
          + " lastModified fullName ";

  @Autowired private MeterRegistry metrics;

  @Test
  void theLargestPageWithEveryFieldStillRuns() {
    givenEmployees(100);
    long fetchesBefore = employeesFetches();

    TestResponse response = postQuery(largestPage());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().has("errors")).as(response.body()).isFalse();
    assertThat(response.json().get("data").get("employees")).hasSize(100);
    assertThat(employeesFetches()).isEqualTo(fetchesBefore + 1);
  }

  @Test
  void fiveHundredAliasesOfTheLargestPageAreRefusedBeforeAnythingRuns() {
    givenEmployees(3);
    long fetchesBefore = employeesFetches();

    TestResponse response = postQuery(aliases(500, "employees(limit: 100) { id email }"));

    assertThat(response.status()).isEqualTo(200);
    JsonNode error = onlyError(response.json());
    assertThat(error.get("message").asString())
        .startsWith("Query too complex: it costs 100500, at most 10000 is allowed");
    assertThat(error.get("extensions").get("code").asString()).isEqualTo("BAD_USER_INPUT");
    assertThat(error.get("extensions").get("maxComplexity").asInt()).isEqualTo(10_000);
    assertThat(
            response.json().path("data").isNull() || response.json().path("data").isMissingNode())
        .as(response.body())
        .isTrue();
    assertThat(employeesFetches()).isEqualTo(fetchesBefore);
  }

  @Test
  void getWithAQueryOverALimitIsRefusedToo() {
    long fetchesBefore = employeesFetches();

    TestResponse tooComplex = get(aliases(5, "employees(limit: 100) {" + EVERY_FIELD + "}"));
    TestResponse tooDeep = get(deepIntrospection());

    assertThat(tooComplex.status()).isEqualTo(200);
    assertThat(onlyError(tooComplex.json()).get("message").asString())
        .startsWith("Query too complex: it costs 12005, at most 10000 is allowed");
    assertThat(onlyError(tooComplex.json()).get("extensions").get("code").asString())
        .isEqualTo("BAD_USER_INPUT");
    assertThat(onlyError(tooDeep.json()).get("message").asString())
        .isEqualTo("Query too deep: it nests 17 levels, at most 15 are allowed");
    assertThat(onlyError(tooDeep.json()).get("extensions").get("code").asString())
        .isEqualTo("BAD_USER_INPUT");
    assertThat(employeesFetches()).isEqualTo(fetchesBefore);
  }

  @Test
  void transportWsAnswersAnOperationOverALimitWithItsErrorAndStaysOpen() throws Exception {
    long fetchesBefore = employeesFetches();
    try (var ws = WebSocketProbe.connect(port(), TRANSPORT_WS)) {
      ws.send(INIT);
      ws.next("connection_ack", 5);

      ws.send(
          operation("subscribe", "q1", aliases(5, "employees(limit: 100) {" + EVERY_FIELD + "}")));
      JsonNode next = ws.next("next", 5);
      assertThat(next.get("id").asString()).isEqualTo("q1");
      JsonNode error = onlyError(next.get("payload"));
      assertThat(error.get("message").asString()).startsWith("Query too complex: it costs 12005");
      assertThat(error.get("extensions").get("code").asString()).isEqualTo("BAD_USER_INPUT");
      assertThat(ws.next("complete", 5).get("id").asString()).isEqualTo("q1");

      ws.send(operation("subscribe", "q2", "{ employees(limit: 1) { id } }"));
      assertThat(ws.next("next", 5).get("payload").has("errors")).isFalse();
    }
    assertThat(employeesFetches()).isEqualTo(fetchesBefore + 1);
  }

  @Test
  void legacyWsAnswersAnOperationOverALimitWithItsErrorAndStaysOpen() throws Exception {
    long fetchesBefore = employeesFetches();
    try (var ws = WebSocketProbe.connect(port(), LEGACY_WS)) {
      ws.send(INIT);
      ws.next("connection_ack", 5);

      ws.send(operation("start", "q1", deepIntrospection()));
      JsonNode data = ws.next("data", 5);
      assertThat(data.get("id").asString()).isEqualTo("q1");
      JsonNode error = onlyError(data.get("payload"));
      assertThat(error.get("message").asString()).startsWith("Query too deep: it nests 17 levels");
      assertThat(error.get("extensions").get("code").asString()).isEqualTo("BAD_USER_INPUT");
      assertThat(ws.next("complete", 5).get("id").asString()).isEqualTo("q1");

      ws.send(operation("start", "q2", aliases(5, "employees(limit: 100) {" + EVERY_FIELD + "}")));
      assertThat(onlyError(ws.next("data", 5).get("payload")).get("message").asString())
          .startsWith("Query too complex: it costs 12005");

      ws.send(operation("start", "q3", "{ employees(limit: 1) { id } }"));
      assertThat(ws.next("data", 5).get("payload").has("errors")).isFalse();
    }
    assertThat(employeesFetches()).isEqualTo(fetchesBefore + 1);
  }

  // --- helpers --------------------------------------------------------------------------------

  private long employeesFetches() {
    Timer timer =
        metrics.find("graphql.datafetcher").tag("graphql.field.name", "employees").timer();
    return timer == null ? 0 : timer.count();
  }

  private TestResponse postQuery(String query) {
    return api.postJson("/graphql", JSON.writeValueAsString(java.util.Map.of("query", query)));
  }

  private TestResponse get(String query) {
    return api.get("/graphql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
  }

  private void givenEmployees(int count) {
    String records =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    "{\"employeeId\":\"E%d\",\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"e%d@example.com\"}"
                        .formatted(i, i))
            .collect(Collectors.joining(",", "[", "]"));
    assertThat(sync("employees", records).status()).isEqualTo(200);
  }

  private static String aliases(int count, String field) {
    return IntStream.range(0, count)
        .mapToObj(i -> "a" + i + ": " + field)
        .collect(Collectors.joining(" ", "{ ", " }"));
  }

  /** __schema types fields type, then ofType 12 times, then name: 17 levels. */
  private static String deepIntrospection() {
    return "{ __schema { types { fields { type { "
        + "ofType { ".repeat(12)
        + "name"
        + " }".repeat(16)
        + " }";
  }

  private static JsonNode onlyError(JsonNode result) {
    assertThat(result.get("errors")).as(result.toString()).hasSize(1);
    return result.get("errors").get(0);
  }

  private static String largestPage() {
    try {
      return new ClassPathResource("graphql-test/largestPageWithEveryField.graphql")
          .getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
