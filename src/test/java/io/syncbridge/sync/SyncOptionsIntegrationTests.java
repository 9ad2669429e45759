package io.syncbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The options beyond the earlier service: {@code match_on} and {@code "atomic": false}. */
class SyncOptionsIntegrationTests extends IntegrationTest {

  // --- match_on -------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "customers|email|{\"email\":\"a@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"}|{\"email\":\"a@example.com\",\"first_name\":\"Z\",\"last_name\":\"B\"}",
        "products|name|{\"name\":\"Lamp\",\"price\":\"9.99\"}|{\"name\":\"Lamp\",\"price\":\"10.00\"}",
        "orders|order_number|{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"new\",\"amount\":\"5.00\"}|{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"paid\",\"amount\":5}",
        "employees|email|{\"employeeId\":\"E1\",\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"e@example.com\"}|{\"employeeId\":\"E1\",\"firstName\":\"Q\",\"lastName\":\"B\",\"email\":\"e@example.com\"}",
        "employees|employee_id|{\"employeeId\":\"E1\",\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"e@example.com\"}|{\"employeeId\":\"E1\",\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"new@example.com\"}"
      })
  void matchOnCreatesThenUpdatesThenReportsUnchanged(
      String model, String matchOn, String record, String changed) {
    givenCustomer();
    long before = count(model);

    long id = single(syncWith(model, matchOn, record), "created");

    assertThat(single(syncWith(model, matchOn, changed), "updated")).isEqualTo(id);
    String updatedAtAfterUpdate = updatedAt(model, id);
    assertThat(single(syncWith(model, matchOn, changed), "unchanged")).isEqualTo(id);
    assertThat(updatedAt(model, id)).isEqualTo(updatedAtAfterUpdate);
    assertThat(count(model)).isEqualTo(before + 1);
  }

  @Test
  void anUnchangedEmployeePublishesNoEvent() {
    String employee =
        "{\"employeeId\":\"E1\",\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"e@example.com\"}";
    syncWith("employees", "email", employee);
    events.clear();

    single(syncWith("employees", "email", employee), "unchanged");

    assertThat(events.created()).isEmpty();
  }

  @Test
  void anOrderWithOtherItemsIsNotUnchanged() {
    givenCustomer();
    sync(
        "products",
        "[{\"id\":1,\"name\":\"P1\",\"price\":1},{\"id\":2,\"name\":\"P2\",\"price\":2}]");
    String order =
        "{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"new\",\"items\":[%s]}";
    String oneOfEach =
        "{\"product_id\":1,\"qty\":1,\"unit_price\":1},{\"product_id\":2,\"qty\":1,\"unit_price\":2}";
    syncWith("orders", "order_number", order.formatted(oneOfEach));

    single(syncWith("orders", "order_number", order.formatted(oneOfEach)), "unchanged");
    single(
        syncWith(
            "orders",
            "order_number",
            order.formatted("{\"product_id\":1,\"qty\":3,\"unit_price\":1}")),
        "updated");

    assertThat(count("order_items")).isEqualTo(1);
  }

  @Test
  void withoutMatchOnADuplicateNaturalKeyIsStillA409() {
    givenCustomer();

    TestResponse response =
        sync(
            "customers",
            "[{\"email\":\"c@example.com\",\"first_name\":\"X\",\"last_name\":\"Y\"}]");

    assertThat(response.status()).isEqualTo(409);
  }

  @Test
  void anUnsupportedMatchOnIsA400NamingTheAllowedFields() {
    TestResponse response =
        api.postJson(
            "/api/v1/sync",
            "{\"model\":\"employees\",\"match_on\":\"phone_number\",\"data\":[{}]}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").get("match_on").asString())
        .isEqualTo(
            "\"phone_number\" is not a valid choice for employees; choose one of: email, employee_id.");
  }

  // --- atomic: false --------------------------------------------------------------------------

  @Test
  void nonAtomicStoresTheGoodRecordsAndReportsTheBadOnesInPlace() {
    givenCustomer();

    TestResponse response =
        api.postJson(
            "/api/v1/sync",
            "{\"model\":\"customers\",\"atomic\":false,\"data\":["
                + "{\"email\":\"ok1@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"},"
                + "{\"email\":\"broken\",\"first_name\":\"A\",\"last_name\":\"B\"},"
                + "{\"email\":\"c@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"},"
                + "{\"email\":\"ok2@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"}]}");

    assertThat(response.status()).isEqualTo(207);
    JsonNode body = response.json();
    assertThat(body.get("status").asInt()).isEqualTo(207);
    assertThat(body.get("message").asString()).isEqualTo("Sync completed with errors");
    JsonNode results = body.get("data").get("results");
    assertThat(results.get(0).get("status").asString()).isEqualTo("created");
    assertThat(results.get(1).toString())
        .isEqualTo(
            "{\"index\":1,\"status\":\"failed\",\"errors\":{\"email\":\"Enter a valid email address.\"}}");
    assertThat(results.get(2).get("status").asString()).isEqualTo("failed");
    assertThat(results.get(2).get("errors").get("email").asString())
        .isEqualTo("customer with this email already exists.");
    assertThat(results.get(3).get("status").asString()).isEqualTo("created");
    assertThat(count("customers")).isEqualTo(3);

    var entry =
        jdbc.queryForMap(
            "SELECT status, failed_records, options, failure_reason FROM sync_history"
                + " ORDER BY id DESC LIMIT 1");
    assertThat(entry.get("status")).isEqualTo("partial");
    assertThat(entry.get("failed_records")).isEqualTo("[1,2]");
    assertThat(entry.get("options")).isEqualTo("{\"atomic\":false}");
    assertThat(entry.get("failure_reason").toString())
        .contains("index 1")
        .contains("2 records failed");
  }

  @Test
  void nonAtomicOrdersReferencingMissingRowsFailAlone() {
    givenCustomer();

    TestResponse response =
        api.postJson(
            "/api/v1/sync",
            "{\"model\":\"orders\",\"atomic\":false,\"data\":["
                + "{\"order_number\":\"A\",\"customer_id\":1,\"status\":\"n\",\"amount\":1},"
                + "{\"order_number\":\"B\",\"customer_id\":99,\"status\":\"n\",\"amount\":1}]}");

    assertThat(response.status()).isEqualTo(207);
    assertThat(
            response
                .json()
                .get("data")
                .get("results")
                .get(1)
                .get("errors")
                .get("customer_id")
                .asString())
        .isEqualTo("Invalid pk \"99\" - object does not exist.");
    assertThat(count("orders")).isEqualTo(1);
  }

  @Test
  void nonAtomicWithNothingFailingIsA200AndSuccessful() {
    TestResponse response =
        api.postJson(
            "/api/v1/sync",
            "{\"model\":\"customers\",\"atomic\":false,\"data\":["
                + "{\"email\":\"a@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"}]}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("message").asString()).isEqualTo("Sync successful");
    assertThat(jdbc.queryForObject("SELECT status FROM sync_history", String.class))
        .isEqualTo("successful");
  }

  @Test
  void nonAtomicWithEveryRecordFailingStoresNothingAndIsFailed() {
    TestResponse response =
        api.postJson(
            "/api/v1/sync",
            "{\"model\":\"customers\",\"atomic\":false,\"data\":[{\"email\":\"x\"},{\"email\":\"y\"}]}");

    assertThat(response.status()).isEqualTo(207);
    assertThat(count("customers")).isZero();
    assertThat(jdbc.queryForObject("SELECT status FROM sync_history", String.class))
        .isEqualTo("failed");
  }

  @Test
  void aNonBooleanAtomicIsA400() {
    TestResponse response =
        api.postJson("/api/v1/sync", "{\"model\":\"customers\",\"atomic\":\"no\",\"data\":[{}]}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").get("atomic").asString())
        .isEqualTo("Must be a valid boolean.");
  }

  // --- helpers --------------------------------------------------------------------------------

  private void givenCustomer() {
    assertThat(
            sync(
                    "customers",
                    "[{\"id\":1,\"email\":\"c@example.com\",\"first_name\":\"C\",\"last_name\":\"D\"}]")
                .status())
        .isEqualTo(200);
  }

  private TestResponse syncWith(String model, String matchOn, String record) {
    return api.postJson(
        "/api/v1/sync",
        "{\"model\":\"" + model + "\",\"match_on\":\"" + matchOn + "\",\"data\":[" + record + "]}");
  }

  private static long single(TestResponse response, String status) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode result = response.json().get("data").get("results").get(0);
    assertThat(result.get("status").asString()).as(response.body()).isEqualTo(status);
    return result.get("id").asLong();
  }

  private String updatedAt(String table, long id) {
    return jdbc.queryForObject(
        "SELECT updated_at FROM " + table + " WHERE id = ?", String.class, id);
  }
}
