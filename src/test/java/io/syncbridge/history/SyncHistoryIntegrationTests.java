package io.syncbridge.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestDatabase;
import io.syncbridge.support.TestResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The sync history and stats routes over real HTTP. */
class SyncHistoryIntegrationTests extends IntegrationTest {

  private static final String GOOD_CUSTOMER =
      "[{\"email\":\"%s@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"}]";

  @Test
  void anEmptyHistoryListsNothing() {
    JsonNode data = list("").get("data");

    assertThat(data.get("data")).isEmpty();
    assertThat(data.get("page").asInt()).isEqualTo(1);
    assertThat(data.get("size").asInt()).isEqualTo(15);
    assertThat(data.get("total").asLong()).isZero();
  }

  @Test
  void recordsEveryFieldOfAnAttempt() {
    String data = GOOD_CUSTOMER.formatted("a");
    api.postJson(
        "/api/v1/sync",
        "{\"model\":\"customers\",\"data\":" + data + "}",
        "x-request-id",
        "trace-42");

    JsonNode entry = list("").get("data").get("data").get(0);

    assertThat(entry.get("model").asString()).isEqualTo("customers");
    assertThat(entry.get("payload").asString()).isEqualTo(data);
    assertThat(entry.get("status").asString()).isEqualTo("successful");
    assertThat(entry.get("failure_reason").isNull()).isTrue();
    assertThat(entry.get("retries").asInt()).isZero();
    assertThat(entry.get("records").asInt()).isEqualTo(1);
    assertThat(entry.get("duration_ms").asLong()).isNotNegative();
    assertThat(entry.get("request_id").asString()).isEqualTo("trace-42");
    assertThat(entry.get("created_at").asString()).isNotBlank();
    assertThat(entry.get("updated_at").asString()).isNotBlank();
    assertThat(names(entry))
        .containsExactly(
            "id",
            "model",
            "payload",
            "status",
            "failure_reason",
            "retries",
            "records",
            "duration_ms",
            "request_id",
            "created_at",
            "updated_at");
  }

  @Test
  void pagesNewestFirstUpToTheLastPageAndEmptyBeyond() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      sync("customers", GOOD_CUSTOMER.formatted("c" + i));
    }
    ids.addAll(jdbc.queryForList("SELECT id FROM sync_history ORDER BY id DESC", Long.class));

    JsonNode first = list("?page=1&size=15").get("data");
    JsonNode last = list("?page=2&size=15").get("data");
    JsonNode beyond = list("?page=3&size=15").get("data");

    assertThat(idsOf(first)).isEqualTo(ids.subList(0, 15));
    assertThat(first.get("total").asLong()).isEqualTo(17);
    assertThat(idsOf(last)).isEqualTo(ids.subList(15, 17));
    assertThat(beyond.get("data")).isEmpty();
    assertThat(beyond.get("total").asLong()).isEqualTo(17);
    assertThat(list("?size=100").get("data").get("data")).hasSize(17);
  }

  @Test
  void filtersByStatusAndModel() {
    sync("customers", GOOD_CUSTOMER.formatted("a"));
    sync("customers", "[{\"email\":\"bad\"}]");
    sync("products", "[{\"name\":\"P\",\"price\":1}]");

    assertThat(statuses(list("?status=failed"))).containsExactly("failed");
    assertThat(list("?model=products").get("data").get("total").asLong()).isEqualTo(1);
    assertThat(list("?model=customers&status=successful").get("data").get("total").asLong())
        .isEqualTo(1);
    assertThat(list("?model=orders").get("data").get("data")).isEmpty();
  }

  @Test
  void leavesPayloadsOutWhenAskedTo() {
    sync("customers", GOOD_CUSTOMER.formatted("a"));

    JsonNode entry = list("?payload=false").get("data").get("data").get(0);

    assertThat(entry.has("payload")).isFalse();
    assertThat(entry.get("model").asString()).isEqualTo("customers");
  }

  @Test
  void getsOneEntryWithItsPayload() {
    sync("customers", GOOD_CUSTOMER.formatted("a"));
    long id = latestId();

    TestResponse response = api.get("/api/v1/sync-history/" + id);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("data").get("id").asLong()).isEqualTo(id);
    assertThat(response.json().get("data").get("payload").asString())
        .isEqualTo(GOOD_CUSTOMER.formatted("a"));
  }

  @ParameterizedTest
  @CsvSource({
    "GET, /api/v1/sync-history/999",
    "GET, /api/v1/sync-history/abc",
    "DELETE, /api/v1/sync-history/999",
    "POST, /api/v1/sync-history/retry/999"
  })
  void anAbsentEntryIsA404(String method, String path) {
    TestResponse response = api.send(method, path, (String) null);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body())
        .isEqualTo("{\"status\":404,\"message\":\"Sync history not found\"}");
  }

  @Test
  void deletesAnEntryWithA204AndNoBody() {
    sync("customers", GOOD_CUSTOMER.formatted("a"));
    long id = latestId();

    TestResponse response = api.delete("/api/v1/sync-history/" + id);

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(api.get("/api/v1/sync-history/" + id).status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/sync-history/" + id).status()).isEqualTo(404);
  }

  @Test
  void queuesAFailedEntryForRetryOnce() {
    sync("customers", "[{\"email\":\"bad\"}]");
    long id = latestId();

    TestResponse queued = api.postJson("/api/v1/sync-history/retry/" + id, "");

    assertThat(queued.status()).isEqualTo(200);
    assertThat(queued.json().get("message").asString()).isEqualTo("Sync history will be retried");
    assertThat(queued.json().get("data").get("status").asString()).isEqualTo("pending_retry");
    assertThat(api.get("/api/v1/sync-history/" + id).json().get("data").get("status").asString())
        .isEqualTo("pending_retry");

    TestResponse again = api.postJson("/api/v1/sync-history/retry/" + id, "");

    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body())
        .isEqualTo("{\"status\":400,\"message\":\"Only failed syncs can be retried.\"}");
  }

  @Test
  void refusesToRetrySuccessfulAndInvalidEntries() {
    sync("customers", GOOD_CUSTOMER.formatted("a"));
    long successful = latestId();
    api.postJson("/api/v1/sync", "{\"model\":\"nope\",\"data\":[{}]}");
    long invalid = latestId();

    assertThat(api.postJson("/api/v1/sync-history/retry/" + successful, "").status())
        .isEqualTo(400);
    assertThat(api.postJson("/api/v1/sync-history/retry/" + invalid, "").status()).isEqualTo(400);
  }

  @Test
  void statsCountEveryStatusOverallAndPerModel() {
    sync("customers", GOOD_CUSTOMER.formatted("a"));
    sync("customers", GOOD_CUSTOMER.formatted("b"));
    sync("customers", "[{\"email\":\"bad\"}]");
    sync("products", "[{\"name\":\"P\",\"price\":1}]");
    api.postJson("/api/v1/sync", "{\"model\":\"invoices\",\"data\":[{}]}");
    sync("customers", "[{\"email\":\"also-bad\"}]");
    api.postJson("/api/v1/sync-history/retry/" + latestId(), "");

    TestResponse response = api.get("/api/v1/sync/stats");

    assertThat(response.status()).isEqualTo(200);
    JsonNode stats = response.json().get("data");
    assertThat(stats.get("successful").asLong()).isEqualTo(3);
    assertThat(stats.get("failed").asLong()).isEqualTo(1);
    assertThat(stats.get("invalid").asLong()).isEqualTo(1);
    assertThat(stats.get("pending_retry").asLong()).isEqualTo(1);
    assertThat(stats.get("partial").asLong()).isZero();
    assertThat(stats.get("total").asLong()).isEqualTo(6);
    JsonNode byModel = stats.get("by_model");
    assertThat(names(byModel)).containsExactly("customers", "employees", "orders", "products");
    assertThat(byModel.get("customers").get("successful").asLong()).isEqualTo(2);
    assertThat(byModel.get("customers").get("failed").asLong()).isEqualTo(1);
    assertThat(byModel.get("customers").get("pending_retry").asLong()).isEqualTo(1);
    assertThat(byModel.get("customers").get("total").asLong()).isEqualTo(4);
    assertThat(byModel.get("products").get("total").asLong()).isEqualTo(1);
    assertThat(byModel.get("employees").get("total").asLong()).isZero();
  }

  @Test
  void keepsThePayloadAsSentAsText() {
    String data =
        "[ {\"email\": \"jürgen@bücher.de\", \"first_name\": \"用户\", \"last_name\": \"😀\"} ]";
    api.postJson("/api/v1/sync", "{\"model\": \"customers\", \"data\": " + data + "\n}");

    JsonNode entry = list("").get("data").get("data").get(0);

    assertThat(entry.get("status").asString()).isEqualTo("successful");
    assertThat(entry.get("payload").asString()).isEqualTo(data);
    String typeOfPayload =
        TestDatabase.isPostgres()
            ? "SELECT pg_typeof(payload)::text FROM sync_history"
            : "SELECT typeof(payload) FROM sync_history";
    assertThat(jdbc.queryForObject(typeOfPayload, String.class)).isEqualTo("text");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM sync_history WHERE payload LIKE '%bücher%'", Long.class))
        .isEqualTo(1);
  }

  @Test
  void keptCountsMatchTheRowsThroughInsertsRetriesAndDeletes() {
    sync("customers", GOOD_CUSTOMER.formatted("a"));
    sync("customers", "[{\"email\":\"bad\"}]");
    long failed = latestId();
    sync("products", "[{\"name\":\"P\",\"price\":1}]");
    long product = latestId();
    api.postJson("/api/v1/sync-history/retry/" + failed, "");
    api.delete("/api/v1/sync-history/" + product);

    assertThat(
            jdbc.queryForList(
                "SELECT model, status, entries FROM sync_history_counts WHERE entries > 0"
                    + " ORDER BY model, status"))
        .isEqualTo(
            jdbc.queryForList(
                "SELECT model, status, count(*) AS entries FROM sync_history"
                    + " GROUP BY model, status ORDER BY model, status"));
    assertThat(list("?status=pending_retry&model=customers").get("data").get("total").asLong())
        .isEqualTo(1);
    assertThat(list("?model=products").get("data").get("total").asLong()).isZero();
  }

  @Test
  void timestampsAreUtcToTheMillisecondOnEitherDatabase() {
    sync("customers", "[{\"email\":\"t@example.com\",\"first_name\":\"T\",\"last_name\":\"T\"}]");

    JsonNode entry = list("").get("data").get("data").get(0);

    for (String field : new String[] {"created_at", "updated_at"}) {
      assertThat(entry.get(field).asString())
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");
      assertThat(Instant.parse(entry.get(field).asString()))
          .isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    }
  }

  private JsonNode list(String query) {
    TestResponse response = api.get("/api/v1/sync-history" + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private long latestId() {
    return jdbc.queryForObject("SELECT max(id) FROM sync_history", Long.class);
  }

  private static List<Long> idsOf(JsonNode page) {
    return page.get("data").valueStream().map(e -> e.get("id").asLong()).toList();
  }

  private static List<String> statuses(JsonNode response) {
    return response
        .get("data")
        .get("data")
        .valueStream()
        .map(e -> e.get("status").asString())
        .toList();
  }

  private static List<String> names(JsonNode node) {
    return new ArrayList<>(node.propertyNames());
  }
}
