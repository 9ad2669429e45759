package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.SyncBridgeApplication;
import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.TestResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A password written into REDIS_URL reaches neither the logs nor any answer, whether Redis takes
 * it, refuses it or cannot be reached at all: the relay logs why Redis is unavailable, and that
 * must not carry the URL's credentials. Needs the Redis this machine kind runs (127.0.0.1:6379,
 * without a password) only for the first two cases to mean what they say; they pass without it.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisUrlSecretsTests {

  private static final String PASSWORD = "pw-in-the-redis-url-must-not-leak";

  @ParameterizedTest
  @CsvSource({
    // Lettuce goes on when a Redis without a password is sent one: nothing fails here.
    "redis://:" + PASSWORD + "@127.0.0.1:6379, false",
    // An unknown user is refused: the relay logs why.
    "redis://someone:" + PASSWORD + "@127.0.0.1:6379, true",
    // Port 1: nothing listens there.
    "redis://:" + PASSWORD + "@127.0.0.1:1, true"
  })
  void aPasswordInTheRedisUrlIsNeitherLoggedNorAnswered(
      String redisUrl, boolean refused, @TempDir Path dir, CapturedOutput output) throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SyncBridgeApplication.class)
            .run(
                "--server.port=0",
                "--sync-bridge.auth-token=secret-test",
                "--sync-bridge.retry.enabled=false",
                "--sync-bridge.db-path=" + Files.createDirectories(dir).resolve("r.db"),
                "--sync-bridge.redis-url=" + redisUrl)) {
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      HttpTestClient api = new HttpTestClient(port).withHeader("x-auth-token", "secret-test");
      // An employee change is published to Redis, which fails and is logged.
      TestResponse synced =
          api.postJson(
              "/api/v1/sync",
              "{\"model\":\"employees\",\"data\":[{\"employee_id\":\"R1\",\"first_name\":\"A\","
                  + "\"last_name\":\"B\",\"email\":\"r1@example.com\"}]}");
      assertThat(synced.status()).isEqualTo(200);

      for (String path :
          List.of(
              "/api/v1/healthz", "/actuator/health", "/actuator/info", "/actuator/prometheus")) {
        TestResponse response = api.get(path);
        assertThat(response.status()).as(path).isIn(200, 503);
        assertThat(response.body()).as(path).doesNotContain(PASSWORD);
      }
    }
    if (refused) {
      assertThat(output.getAll()).contains("Redis unavailable");
    }
    assertThat(output.getAll()).doesNotContain(PASSWORD);
  }
}
