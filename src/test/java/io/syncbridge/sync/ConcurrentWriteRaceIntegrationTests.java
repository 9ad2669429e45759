package io.syncbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.PostgresOnly;
import io.syncbridge.support.TestResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * On PostgreSQL writes run side by side, so a sync can plan a row as new while another transaction
 * is inserting the same row: the sync waits for that transaction, and must then neither overwrite
 * the other's row as if it had created it nor fail. Here the other transaction is held open by the
 * test until the sync is seen waiting on its lock, so the race is lost every time.
 */
@PostgresOnly
class ConcurrentWriteRaceIntegrationTests extends IntegrationTest {

  @Test
  void aRowInsertedUnderTheSameIdMeanwhileIsUpdatedAndReportedSo() throws Exception {
    try (Connection other = jdbc.getDataSource().getConnection()) {
      other.setAutoCommit(false);
      insertCustomer(other, 4711, "other@example.com");

      CompletableFuture<TestResponse> sync =
          CompletableFuture.supplyAsync(
              () ->
                  sync(
                      "customers",
                      "[{\"id\":4711,\"email\":\"mine@example.com\",\"first_name\":\"Mine\","
                          + "\"last_name\":\"Lee\"}]"));
      awaitWaitingOnALock();
      other.commit();

      TestResponse response = sync.get(30, TimeUnit.SECONDS);
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      JsonNode result = response.json().get("data").get("results").get(0);
      assertThat(result.get("id").asLong()).isEqualTo(4711);
      assertThat(result.get("status").asString()).isEqualTo("updated");
    }
    assertThat(jdbc.queryForObject("SELECT email FROM customers WHERE id = 4711", String.class))
        .isEqualTo("mine@example.com");
    assertThat(count("customers")).isEqualTo(1);
  }

  @Test
  void aRowInsertedWithTheSameNaturalKeyMeanwhileIsMatchedWithMatchOn() throws Exception {
    try (Connection other = jdbc.getDataSource().getConnection()) {
      other.setAutoCommit(false);
      insertCustomer(other, 99, "same@example.com");

      CompletableFuture<TestResponse> sync =
          CompletableFuture.supplyAsync(
              () ->
                  api.postJson(
                      "/api/v1/sync",
                      "{\"model\":\"customers\",\"match_on\":\"email\",\"data\":[{\"email\":"
                          + "\"same@example.com\",\"first_name\":\"Mine\",\"last_name\":\"Lee\"}]}"));
      awaitWaitingOnALock();
      other.commit();

      TestResponse response = sync.get(30, TimeUnit.SECONDS);
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      JsonNode result = response.json().get("data").get("results").get(0);
      assertThat(result.get("id").asLong()).isEqualTo(99);
      assertThat(result.get("status").asString()).isEqualTo("updated");
    }
    assertThat(jdbc.queryForObject("SELECT first_name FROM customers WHERE id = 99", String.class))
        .isEqualTo("Mine");
    assertThat(count("customers")).isEqualTo(1);
  }

  private static void insertCustomer(Connection connection, long id, String email)
      throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO customers (id, email, first_name, last_name, created_at, updated_at)"
                + " VALUES (?, ?, 'Other', 'Ray', ?, ?)")) {
      Timestamp now = Timestamp.from(Instant.now());
      insert.setLong(1, id);
      insert.setString(2, email);
      insert.setTimestamp(3, now);
      insert.setTimestamp(4, now);
      insert.executeUpdate();
    }
  }

  /** Until the sync's insert waits for the test's open transaction. */
  private void awaitWaitingOnALock() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Integer waiting =
          jdbc.queryForObject(
              "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                  + " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO customers%'",
              Integer.class);
      if (waiting != null && waiting > 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the sync never waited for the other transaction's row");
  }
}
