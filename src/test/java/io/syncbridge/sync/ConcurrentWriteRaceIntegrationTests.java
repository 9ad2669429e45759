package io.syncbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.PostgresOnly;
import io.syncbridge.support.TestResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * On PostgreSQL writes run side by side, so a sync or a GraphQL create can plan a row as new while
 * another transaction is inserting the same row: it waits for that transaction, and must then
 * neither overwrite the other's row as if it had created it nor fail. Here the other transaction is
 * held open by the test until the request is seen waiting on its lock, so the race is lost every
 * time.
 */
@PostgresOnly
class ConcurrentWriteRaceIntegrationTests extends IntegrationTest {

  @Test
  void aRowInsertedUnderTheSameIdMeanwhileIsUpdatedAndReportedSo() throws Exception {
    TestResponse response =
        whileAnotherTransactionInserts(
            customer(4711, "other@example.com"),
            "/api/v1/sync",
            "{\"model\":\"customers\",\"data\":[{\"id\":4711,\"email\":\"mine@example.com\","
                + "\"first_name\":\"Mine\",\"last_name\":\"Lee\"}]}");

    assertUpdated(response, 4711);
    assertThat(jdbc.queryForObject("SELECT email FROM customers WHERE id = 4711", String.class))
        .isEqualTo("mine@example.com");
    assertThat(count("customers")).isEqualTo(1);
  }

  @Test
  void aRowInsertedWithTheSameNaturalKeyMeanwhileIsMatchedWithMatchOn() throws Exception {
    TestResponse response =
        whileAnotherTransactionInserts(
            customer(99, "same@example.com"),
            "/api/v1/sync",
            "{\"model\":\"customers\",\"match_on\":\"email\",\"data\":[{\"email\":"
                + "\"same@example.com\",\"first_name\":\"Mine\",\"last_name\":\"Lee\"}]}");

    assertUpdated(response, 99);
    assertThat(jdbc.queryForObject("SELECT first_name FROM customers WHERE id = 99", String.class))
        .isEqualTo("Mine");
    assertThat(count("customers")).isEqualTo(1);
  }

  @Test
  void aGraphQlCreateWhoseNewIdWasTakenMeanwhileGetsTheNextOne() throws Exception {
    long next = jdbc.queryForObject("SELECT nextval('employees_id_seq')", Long.class);
    // Sequences are not transactional: the create gets the same id again.
    jdbc.queryForList("SELECT setval('employees_id_seq', ?, false)", next);

    TestResponse response =
        whileAnotherTransactionInserts(
            employee(next, "other@example.com"),
            "/graphql",
            "{\"query\":\"mutation { createEmployee(data: {employeeId: \\\"E2\\\", firstName:"
                + " \\\"Mine\\\", lastName: \\\"Lee\\\", email: \\\"mine@example.com\\\"}) { id } }\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().has("errors")).as(response.body()).isFalse();
    long id = response.json().at("/data/createEmployee/id").asLong();
    assertThat(id).isGreaterThan(next);
    assertThat(jdbc.queryForList("SELECT email FROM employees ORDER BY id", String.class))
        .containsExactly("other@example.com", "mine@example.com");
  }

  /**
   * Sends the request while another transaction has inserted a row and not committed, and commits
   * that one only once the request's insert waits for it.
   */
  private TestResponse whileAnotherTransactionInserts(
      String otherInsert, String path, String requestBody) throws Exception {
    String table = otherInsert.split(" ")[2];
    try (Connection other = jdbc.getDataSource().getConnection()) {
      other.setAutoCommit(false);
      try (Statement statement = other.createStatement()) {
        statement.executeUpdate(otherInsert);
      }
      CompletableFuture<TestResponse> request =
          CompletableFuture.supplyAsync(() -> api.postJson(path, requestBody));
      awaitWaitingOnALock(table);
      other.commit();
      return request.get(30, TimeUnit.SECONDS);
    }
  }

  private static void assertUpdated(TestResponse response, long id) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode result = response.json().get("data").get("results").get(0);
    assertThat(result.get("id").asLong()).isEqualTo(id);
    assertThat(result.get("status").asString()).isEqualTo("updated");
  }

  private static String customer(long id, String email) {
    return "INSERT INTO customers (id, email, first_name, last_name, created_at, updated_at)"
        + " VALUES (%d, '%s', 'Other', 'Ray', now(), now())".formatted(id, email);
  }

  private static String employee(long id, String email) {
    return "INSERT INTO employees (id, employee_id, first_name, last_name, email, created_at,"
        + " updated_at) VALUES (%d, 'E1', 'Other', 'Ray', '%s', now(), now())".formatted(id, email);
  }

  /** Until the request's insert into the table waits for the test's open transaction. */
  private void awaitWaitingOnALock(String table) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                jdbc.queryForObject(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND wait_event_type = 'Lock' AND query LIKE ?",
                    Integer.class,
                    "INSERT INTO " + table + " %"),
            waiting -> waiting > 0);
  }
}
