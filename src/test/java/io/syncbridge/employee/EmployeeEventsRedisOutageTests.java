package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.syncbridge.SyncBridgeApplication;
import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.TestResponse;
import io.syncbridge.support.WebSocketProbe;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Redis stopped and started again under two instances (a redis-server of the test's own, on its own
 * port; skipped with a message where redis-server is not installed): while it is down, a change
 * reaches the subscribers of the instance that made it, and the service goes on answering; once it
 * is back, changes reach both instances again without a restart.
 */
class EmployeeEventsRedisOutageTests {

  private static final String TOKEN = "outage-token";
  private static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":"
          + "\"subscription { employeeCreated { email } }\"}}";

  private Process redis;
  private ConfigurableApplicationContext first;
  private ConfigurableApplicationContext second;

  @AfterEach
  void stop() {
    for (ConfigurableApplicationContext context :
        new ConfigurableApplicationContext[] {first, second}) {
      if (context != null) {
        context.close();
      }
    }
    if (redis != null) {
      redis.destroyForcibly();
    }
  }

  @Test
  void eventsStayLocalWhileRedisIsDownAndReachEveryInstanceOnceItIsBack() throws Exception {
    int redisPort = freePort();
    startRedis(redisPort);
    String url = "redis://127.0.0.1:" + redisPort;
    first = start(url);
    second = start(url);
    try (WebSocketProbe onFirst = subscribe(port(first));
        WebSocketProbe onSecond = subscribe(port(second))) {
      create("before@example.com");
      assertReceived(onFirst, "before@example.com");
      assertReceived(onSecond, "before@example.com");

      redis.destroyForcibly().waitFor();
      Thread.sleep(500);
      create("during@example.com");
      assertReceived(onSecond, "during@example.com");
      assertThat(eventsHealth(second)).isEqualTo("local");
      Thread.sleep(1000);
      assertThat(onFirst.pendingPayloadMessages()).isEmpty();

      startRedis(redisPort);
      Thread.sleep(3 * RedisEmployeeChangeRelay.RESUBSCRIBE_INTERVAL_MS);
      assertThat(eventsHealth(first)).isEqualTo("redis");
      create("after@example.com");
      assertReceived(onFirst, "after@example.com");
      assertReceived(onSecond, "after@example.com");
      Thread.sleep(1000);
      assertThat(onFirst.pendingPayloadMessages()).isEmpty();
      assertThat(onSecond.pendingPayloadMessages()).isEmpty();
    }
  }

  @Test
  void anInstanceStartsWhileRedisIsDownAndJoinsOnceItIsUp() throws Exception {
    int redisPort = freePort();
    String url = "redis://127.0.0.1:" + redisPort;
    first = start(url);
    try (WebSocketProbe onFirst = subscribe(port(first))) {
      createOn(first, "alone@example.com");
      assertReceived(onFirst, "alone@example.com");

      startRedis(redisPort);
      second = start(url);
      Thread.sleep(3 * RedisEmployeeChangeRelay.RESUBSCRIBE_INTERVAL_MS);
      try (WebSocketProbe onSecond = subscribe(port(second))) {
        create("joined@example.com");
        assertReceived(onFirst, "joined@example.com");
        assertReceived(onSecond, "joined@example.com");
        Thread.sleep(1000);
        assertThat(onFirst.pendingPayloadMessages()).isEmpty();
        assertThat(onSecond.pendingPayloadMessages()).isEmpty();
      }
    }
  }

  /** Health stays 200 while events are local: the instance still serves. */
  private static String eventsHealth(ConfigurableApplicationContext instance) {
    TestResponse health = new HttpTestClient(port(instance)).get("/api/v1/healthz");
    assertThat(health.status()).isEqualTo(200);
    return health.json().at("/data/details/events").asString();
  }

  private void create(String email) {
    createOn(second, email);
  }

  private static void createOn(ConfigurableApplicationContext instance, String email) {
    TestResponse response =
        new HttpTestClient(port(instance))
            .withHeader("x-auth-token", TOKEN)
            .postJson(
                "/api/v1/sync",
                "{\"model\":\"employees\",\"data\":[{\"employee_id\":\""
                    + email
                    + "\",\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\""
                    + email
                    + "\"}]}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  private static void assertReceived(WebSocketProbe subscriber, String email) throws Exception {
    assertThat(subscriber.next("next", 10).at("/payload/data/employeeCreated/email").asString())
        .isEqualTo(email);
  }

  private void startRedis(int port) throws Exception {
    try {
      redis =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "skipped: redis-server is not installed here (" + e.getMessage() + ")");
    }
    for (int i = 0; i < 100; i++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  private static WebSocketProbe subscribe(int port) throws Exception {
    WebSocketProbe probe = WebSocketProbe.connect(port, List.of("graphql-transport-ws"));
    probe.send("{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"" + TOKEN + "\"}}");
    probe.next("connection_ack", 10);
    probe.send(SUBSCRIBE);
    Thread.sleep(300);
    return probe;
  }

  private static ConfigurableApplicationContext start(String redisUrl) throws IOException {
    Path database = Files.createTempDirectory("sync-bridge-outage").resolve("db");
    return new SpringApplicationBuilder(SyncBridgeApplication.class)
        .run(
            "--server.port=0",
            "--sync-bridge.auth-token=" + TOKEN,
            "--sync-bridge.db-path=" + database,
            "--sync-bridge.retry.enabled=false",
            "--sync-bridge.redis-url=" + redisUrl);
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
