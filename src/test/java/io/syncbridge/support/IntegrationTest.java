package io.syncbridge.support;

import io.syncbridge.employee.EmployeeChange;
import io.syncbridge.sync.ModelSync;
import io.syncbridge.sync.SyncModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the full-stack tests: the real app on a random port, on a fresh database of its own (a
 * SQLite file, or a PostgreSQL schema in the PostgreSQL run: see {@link TestDatabase}), called over
 * real HTTP. Classes that add no configuration of their own share one context; every test starts
 * from empty tables.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@OnBothDatabases
@Import(CapturedEvents.class)
@ExtendWith(PostgresAvailability.class)
public abstract class IntegrationTest {

  public static final String TOKEN = "test-token";

  /** Emptied before each test besides the models' own tables. */
  private static final List<String> SERVICE_TABLES =
      List.of("sync_history", "idempotency_keys", "sync_job_results", "sync_jobs");

  @LocalServerPort private int port;

  @Value("${sync-bridge.db-path}")
  private Path databaseFile;

  @Autowired protected JdbcTemplate jdbc;

  @Autowired protected CapturedEvents events;

  @Autowired private SyncModels models;

  @Autowired private TransactionTemplate transactions;

  @Autowired private ApplicationEventPublisher publisher;

  /** Sends the token on every request. */
  protected HttpTestClient api;

  /** Sends no token. */
  protected HttpTestClient anonymous;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    // Called once per application context, so every context gets a database of its own.
    String databaseFile = tempDir().resolve("sync-bridge.db").toString();
    registry.add("sync-bridge.db-path", () -> databaseFile);
    if (TestDatabase.isPostgres() && TestDatabase.unavailableReason() == null) {
      String url = TestDatabase.newPostgresSchema();
      registry.add("spring.datasource.url", () -> url);
    }
    registry.add("sync-bridge.auth-token", () -> TOKEN);
    // Tests that queue retries look at pending_retry entries; the worker is driven by hand.
    registry.add("sync-bridge.retry.enabled", () -> "false");
    // Likewise the sync job worker.
    registry.add("sync-bridge.jobs.enabled", () -> "false");
  }

  @BeforeEach
  void startFromScratch() {
    anonymous = new HttpTestClient(port);
    api = anonymous.withHeader("x-auth-token", TOKEN);
    emptyTables();
    deleteEmployees();
    events.clear();
  }

  /**
   * Empties every model's tables (employees aside, see below) and the service's own. A table that
   * another one references empties in a later pass, after that one: whatever models there are, no
   * list of tables to keep in order here.
   */
  private void emptyTables() {
    List<String> tables = new ArrayList<>(SERVICE_TABLES);
    for (ModelSync<?> model : models.all()) {
      model.tables().stream().filter(table -> !table.equals("employees")).forEach(tables::add);
    }
    while (!tables.isEmpty()) {
      List<String> referenced = new ArrayList<>();
      DataAccessException stillReferenced = null;
      for (String table : tables) {
        try {
          jdbc.update("DELETE FROM " + table);
        } catch (DataAccessException e) {
          referenced.add(table);
          stillReferenced = e;
        }
      }
      if (referenced.size() == tables.size()) {
        throw stillReferenced; // referenced from outside the models' tables
      }
      tables = referenced;
    }
  }

  /**
   * Deletes the employees as the app does, deletions published after commit: an id that a later
   * test uses again then starts a new life at once, instead of waiting for the end of the last one
   * (see EmployeeChangeOrder), which a plain DELETE would leave unannounced.
   */
  private void deleteEmployees() {
    transactions.executeWithoutResult(
        status -> {
          List<EmployeeChange.Entry> deleted =
              jdbc.query(
                  "DELETE FROM employees RETURNING id, created_at, version, updated_at",
                  (rs, row) ->
                      new EmployeeChange.Entry(
                          rs.getLong("id"),
                          rs.getTimestamp("created_at").toInstant(),
                          rs.getLong("version") + 1,
                          rs.getTimestamp("updated_at").toInstant(),
                          null));
          if (!deleted.isEmpty()) {
            publisher.publishEvent(new EmployeeChange(EmployeeChange.Kind.DELETED, deleted));
          }
        });
  }

  protected int port() {
    return port;
  }

  protected Path databaseFile() {
    return databaseFile;
  }

  protected long count(String table) {
    return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
  }

  /** POSTs a sync request and returns the response. */
  protected TestResponse sync(String model, String dataJson) {
    return api.postJson("/api/v1/sync", "{\"model\":\"" + model + "\",\"data\":" + dataJson + "}");
  }

  protected static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("sync-bridge-test");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
