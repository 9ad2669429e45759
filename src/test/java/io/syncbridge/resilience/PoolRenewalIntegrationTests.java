package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.SqliteOnly;
import io.syncbridge.support.TestResponse;
import io.syncbridge.support.UnwritableDatabase;
import io.syncbridge.sync.RetryWorker;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * After the database file could not be written for a while, the pool holds connections SQLite
 * opened read-only meanwhile, and they stay read-only. The first write that meets one fails, and
 * the pool renews itself there, whichever code met it: GraphQL, the retry worker, the health probe.
 * So at most one write fails in all, not one per stale connection; the health probe tries once more
 * and answers right on its first probe.
 */
@SqliteOnly
class PoolRenewalIntegrationTests extends IntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Connections the pool holds from the outage; each fails a write unless they are renewed. */
  private static final int STALE_CONNECTIONS = 4;

  @Autowired private DataSource dataSource;
  @Autowired private RetryWorker retryWorker;

  /** Even when a test fails: the context is shared, and stale connections would fail others. */
  @AfterEach
  void renewThePool() throws SQLException {
    dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
  }

  @Test
  void graphQlMeetsTheStaleConnectionsFirstAndAtMostOneWriteFails() throws Exception {
    List<Long> entries = queuedRetries(3);
    poolWithConnectionsFromAnOutage();

    int failures = createEmployees(3) + replayAll(entries);

    assertThat(failures).as("failed writes after the outage").isLessThanOrEqualTo(1);
  }

  @Test
  void theRetryWorkerMeetsTheStaleConnectionsFirstAndAtMostOneWriteFails() throws Exception {
    List<Long> entries = queuedRetries(3);
    poolWithConnectionsFromAnOutage();

    int failures = replayAll(entries) + createEmployees(3);

    assertThat(failures).as("failed writes after the outage").isLessThanOrEqualTo(1);
  }

  @Test
  void theFirstHealthProbeAfterAnOutageSaysWritesWorkAndThenNoWriteFails() throws Exception {
    List<Long> entries = queuedRetries(2);
    poolWithConnectionsFromAnOutage();

    TestResponse health = anonymous.get("/api/v1/healthz");

    assertThat(health.status()).as(health.body()).isEqualTo(200);
    assertThat(createEmployees(2) + replayAll(entries)).as("failed writes").isZero();
  }

  /**
   * Makes the database unwritable, has the pool drop what it holds, opens {@value
   * #STALE_CONNECTIONS} connections at once (each reads), gives them back and makes the database
   * writable again.
   */
  private void poolWithConnectionsFromAnOutage() throws SQLException {
    try (var unwritable = UnwritableDatabase.of(databaseFile())) {
      dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
      List<Connection> held = new ArrayList<>();
      try {
        for (int i = 0; i < STALE_CONNECTIONS; i++) {
          Connection connection = dataSource.getConnection();
          held.add(connection);
          try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM customers").close();
          }
        }
      } finally {
        for (Connection connection : held) {
          connection.close();
        }
      }
    }
  }

  /** Creates employees over GraphQL, each tried until stored; returns the failed tries. */
  private int createEmployees(int count) {
    int failures = 0;
    for (int i = 0; i < count; i++) {
      String email = "e" + i + "-" + System.nanoTime() + "@example.com";
      for (int attempt = 0; ; attempt++) {
        assertThat(attempt).as("tries of employee " + i).isLessThan(10);
        JsonNode response = createEmployee(email);
        if (!response.has("errors")) {
          break;
        }
        failures++;
        assertThat(response.at("/errors/0/extensions/code").asString())
            .as(response.toString())
            .isEqualTo("SERVICE_UNAVAILABLE");
      }
    }
    return failures;
  }

  /**
   * Runs the retry worker until the queued entries are replayed; returns the failed tries: a claim
   * that failed (the worker gives up the poll) or a replay that did (the entry stays claimed).
   */
  private int replayAll(List<Long> entries) {
    int failures = 0;
    for (int poll = 0; poll < 10; poll++) {
      try {
        if (retryWorker.replayDue() == 0) {
          break;
        }
      } catch (RuntimeException e) {
        failures++;
      }
    }
    for (long entry : entries) {
      if (!"successful".equals(status(entry))) {
        failures++;
      }
    }
    return failures;
  }

  /** Failed order entries whose customer exists now, queued for retry: each replay stores it. */
  private List<Long> queuedRetries(int count) {
    List<Long> entries = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String order =
          "[{\"order_number\":\"SO-" + i + "\",\"customer_id\":" + i + ",\"status\":\"new\"}]";
      assertThat(sync("orders", order.replace("}]", ",\"amount\":1}]")).status()).isEqualTo(400);
      long entry = jdbc.queryForObject("SELECT max(id) FROM sync_history", Long.class);
      String customer =
          "[{\"id\":"
              + i
              + ",\"email\":\"c"
              + i
              + "@example.com\",\"first_name\":\"C\","
              + "\"last_name\":\"D\"}]";
      assertThat(sync("customers", customer).status()).isEqualTo(200);
      assertThat(api.postJson("/api/v1/sync-history/retry/" + entry, "").status()).isEqualTo(200);
      entries.add(entry);
    }
    return entries;
  }

  private String status(long entry) {
    return jdbc.queryForObject("SELECT status FROM sync_history WHERE id = ?", String.class, entry);
  }

  private JsonNode createEmployee(String email) {
    String query =
        "mutation { createEmployee(data: {employeeId: \""
            + email
            + "\", firstName: \"A\", lastName: \"B\", email: \""
            + email
            + "\"}) { id } }";
    TestResponse response =
        api.postJson("/graphql", JSON.writeValueAsString(Map.of("query", query)));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
