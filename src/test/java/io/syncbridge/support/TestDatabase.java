package io.syncbridge.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The database the full-stack tests run on. The suite runs twice: on SQLite (the default), and on
 * PostgreSQL when the system property {@value #PROPERTY} is {@code postgresql} (Maven's {@code
 * postgresql} test execution). The PostgreSQL is the one {@value #URL_VARIABLE} points to (what CI
 * sets: this machine runs one), else a Testcontainers one where Docker is there; with neither, the
 * PostgreSQL run is skipped with a message. Every application context gets a fresh schema of its
 * own, dropped when the JVM exits.
 */
public final class TestDatabase {

  public static final String PROPERTY = "sync-bridge.test.database";
  public static final String URL_VARIABLE = "SYNC_BRIDGE_TEST_POSTGRES_URL";

  private static final List<String> schemas = new ArrayList<>();
  private static String baseUrl;
  private static boolean looked;

  private TestDatabase() {}

  public static boolean isPostgres() {
    return "postgresql".equals(System.getProperty(PROPERTY));
  }

  /** Why PostgreSQL cannot be had here, or null when it can. */
  static String unavailableReason() {
    return postgresBaseUrl() != null
        ? null
        : "PostgreSQL run skipped: neither " + URL_VARIABLE + " nor a Docker engine is available";
  }

  /** The JDBC URL of a fresh, empty schema; the driver's user is in the URL. */
  public static synchronized String newPostgresSchema() {
    String base = postgresBaseUrl();
    if (base == null) {
      throw new IllegalStateException(unavailableReason());
    }
    String schema =
        "sync_bridge_test_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    execute(base, "CREATE SCHEMA " + schema);
    if (schemas.isEmpty()) {
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropSchemas));
    }
    schemas.add(schema);
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static synchronized String postgresBaseUrl() {
    if (!looked) {
      looked = true;
      String url = System.getenv(URL_VARIABLE);
      if (url != null && !url.isBlank()) {
        baseUrl = url;
      } else if (DockerClientFactory.instance().isDockerAvailable()) {
        var container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        baseUrl =
            container.getJdbcUrl()
                + "?user="
                + container.getUsername()
                + "&password="
                + container.getPassword();
      }
    }
    return baseUrl;
  }

  private static synchronized void dropSchemas() {
    for (String schema : schemas) {
      try {
        execute(baseUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (RuntimeException e) {
        // The database may be gone already (a container stopped first): nothing left to clean.
      }
    }
  }

  private static void execute(String url, String sql) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot prepare the test database: " + e.getMessage(), e);
    }
  }
}
