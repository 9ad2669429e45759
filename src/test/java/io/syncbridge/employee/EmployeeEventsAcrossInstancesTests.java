package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.syncbridge.SyncBridgeApplication;
import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.TestResponse;
import io.syncbridge.support.WebSocketProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances joined by Redis (REDIS_URL, or the Redis on 127.0.0.1:6379 this machine kind runs;
 * skipped with a message when neither answers): a subscriber on either instance receives an
 * employee created through the other, exactly once. Each instance has its own SQLite file here; the
 * event carries the employee, so nothing is read from the other's database.
 */
class EmployeeEventsAcrossInstancesTests {

  private static final String TOKEN = "cluster-token";
  private static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":"
          + "\"subscription { employeeCreated { id email fullName } }\"}}";

  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;

  @BeforeAll
  static void twoInstances() throws IOException {
    String redisUrl = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
    assumeTrue(
        reachable(URI.create(redisUrl)),
        "skipped: no Redis at " + redisUrl + " (set REDIS_URL to run the two-instance test)");
    String channel = "sync-bridge-test:" + UUID.randomUUID();
    first = start(redisUrl, channel);
    second = start(redisUrl, channel);
  }

  @AfterAll
  static void stop() {
    for (ConfigurableApplicationContext context :
        new ConfigurableApplicationContext[] {first, second}) {
      if (context != null) {
        context.close();
      }
    }
  }

  @Test
  void subscribersOnBothInstancesGetAnEmployeeCreatedOnOneExactlyOnce() throws Exception {
    try (WebSocketProbe onFirst = subscribe(port(first));
        WebSocketProbe onSecond = subscribe(port(second))) {
      TestResponse created =
          new HttpTestClient(port(second))
              .withHeader("x-auth-token", TOKEN)
              .postJson(
                  "/api/v1/sync",
                  "{\"model\":\"employees\",\"data\":[{\"employee_id\":\"E1\",\"first_name\":\"Ada\","
                      + "\"last_name\":\"Lovelace\",\"email\":\"ada@example.com\"}]}");
      assertThat(created.status()).as(created.body()).isEqualTo(200);

      for (WebSocketProbe subscriber : List.of(onFirst, onSecond)) {
        JsonNode event = subscriber.next("next", 10);
        assertThat(event.at("/payload/data/employeeCreated/email").asString())
            .isEqualTo("ada@example.com");
      }
      Thread.sleep(1000);
      assertThat(onFirst.pendingPayloadMessages()).isEmpty();
      assertThat(onSecond.pendingPayloadMessages()).isEmpty();
    }
  }

  private static WebSocketProbe subscribe(int port) throws Exception {
    WebSocketProbe probe = WebSocketProbe.connect(port, List.of("graphql-transport-ws"));
    probe.send("{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"" + TOKEN + "\"}}");
    probe.next("connection_ack", 10);
    probe.send(SUBSCRIBE);
    Thread.sleep(300); // the subscription is registered before anything is published
    return probe;
  }

  private static ConfigurableApplicationContext start(String redisUrl, String channel)
      throws IOException {
    Path database = Files.createTempDirectory("sync-bridge-cluster").resolve("db");
    // Arguments, so that they win over application.yml and the environment.
    return new SpringApplicationBuilder(SyncBridgeApplication.class)
        .run(
            "--server.port=0",
            "--sync-bridge.auth-token=" + TOKEN,
            "--sync-bridge.db-path=" + database,
            "--sync-bridge.retry.enabled=false",
            "--sync-bridge.redis-url=" + redisUrl,
            "--sync-bridge.redis-channel=" + channel);
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  private static boolean reachable(URI redis) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort()),
          1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
