package io.syncbridge;

import io.syncbridge.support.TestDatabase;
import io.syncbridge.support.TestRedis;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;

/**
 * The service as several instances run it, on PostgreSQL and Redis, for trying it locally: {@code
 * ./mvnw spring-boot:test-run}. Containers where Docker is there; else the PostgreSQL of {@value
 * TestDatabase#URL_VARIABLE} and the Redis of {@code REDIS_URL} or 127.0.0.1:6379. The database is
 * a fresh schema, dropped when the service stops.
 */
public final class TestSyncBridgeApplication {

  private TestSyncBridgeApplication() {}

  public static void main(String[] args) {
    String redis = TestRedis.url();
    if (redis == null) {
      throw new IllegalStateException("Cannot start: no Redis (set REDIS_URL or start Docker)");
    }
    // As arguments: they win over application.yml, as the environment variables would.
    List<String> arguments = new ArrayList<>(List.of(args));
    arguments.add("--spring.datasource.url=" + TestDatabase.newPostgresSchema());
    arguments.add("--sync-bridge.redis-url=" + redis);
    // Plain text lines, as from a terminal (the tests' properties ask for JSON).
    arguments.add("--logging.structured.format.console=");
    SpringApplication.run(SyncBridgeApplication.class, arguments.toArray(String[]::new));
  }
}
