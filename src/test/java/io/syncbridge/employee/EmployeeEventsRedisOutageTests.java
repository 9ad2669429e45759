package io.syncbridge.employee;

import static io.syncbridge.support.JoinedInstance.assertReceived;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.support.JoinedInstance;
import io.syncbridge.support.WebSocketProbe;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped and started again under two instances (a redis-server of the test's own, on its own
 * port; skipped with a message where redis-server is not installed): while it is down, a change
 * reaches the subscribers of the instance that made it, and the service goes on answering; once it
 * is back, changes reach both instances again without a restart.
 */
class EmployeeEventsRedisOutageTests {

  private final String channel = "sync-bridge-test:" + UUID.randomUUID();
  private Process redis;
  private JoinedInstance first;
  private JoinedInstance second;

  @AfterEach
  void stop() {
    JoinedInstance.closeAll(first, second);
    if (redis != null) {
      redis.destroyForcibly();
    }
  }

  @Test
  void eventsStayLocalWhileRedisIsDownAndReachEveryInstanceOnceItIsBack() throws Exception {
    int redisPort = freePort();
    startRedis(redisPort);
    String url = "redis://127.0.0.1:" + redisPort;
    first = JoinedInstance.start(url, channel);
    second = JoinedInstance.start(url, channel);
    awaitJoined(url, first, second);
    try (WebSocketProbe onFirst = first.subscribeToCreatedEmployees();
        WebSocketProbe onSecond = second.subscribeToCreatedEmployees()) {
      second.createEmployee("before@example.com");
      assertReceived(onFirst, "before@example.com");
      assertReceived(onSecond, "before@example.com");
      assertThat(connectedGauge(second)).isEqualTo(1);
      assertThat(localDeliveries(second)).isZero();

      redis.destroyForcibly().waitFor();
      awaitUnreachable(second);
      second.createEmployee("during@example.com");
      assertReceived(onSecond, "during@example.com");
      assertThat(second.eventsHealth()).isEqualTo("local");
      assertThat(connectedGauge(second)).isZero();
      assertThat(localDeliveries(second)).isEqualTo(1);
      Thread.sleep(1000);
      assertThat(onFirst.pendingPayloadMessages()).isEmpty();

      startRedis(redisPort);
      awaitJoined(url, first, second);
      second.createEmployee("after@example.com");
      assertThat(connectedGauge(second)).isEqualTo(1);
      assertThat(localDeliveries(second)).isEqualTo(1);
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
    first = JoinedInstance.start(url, channel);
    try (WebSocketProbe onFirst = first.subscribeToCreatedEmployees()) {
      first.createEmployee("alone@example.com");
      assertReceived(onFirst, "alone@example.com");

      startRedis(redisPort);
      second = JoinedInstance.start(url, channel);
      awaitJoined(url, first, second);
      try (WebSocketProbe onSecond = second.subscribeToCreatedEmployees()) {
        second.createEmployee("joined@example.com");
        assertReceived(onFirst, "joined@example.com");
        assertReceived(onSecond, "joined@example.com");
        Thread.sleep(1000);
        assertThat(onFirst.pendingPayloadMessages()).isEmpty();
        assertThat(onSecond.pendingPayloadMessages()).isEmpty();
      }
    }
  }

  /**
   * Both subscribed, as Redis counts them, and both reporting {@code redis}: a change published
   * before that may stay local, or reach its own instance twice.
   */
  private void awaitJoined(String url, JoinedInstance... instances) {
    JoinedInstance.awaitChannelSubscribers(url, channel, instances.length);
    for (JoinedInstance instance : instances) {
      instance.awaitEventsHealth("redis");
    }
  }

  /** Lettuce notices a lost connection on its own schedule. */
  private static void awaitUnreachable(JoinedInstance instance) {
    RedisEmployeeChangeRelay relay = instance.bean(RedisEmployeeChangeRelay.class);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !relay.reachable());
  }

  private static double connectedGauge(JoinedInstance instance) {
    return instance
        .bean(MeterRegistry.class)
        .get(RedisEmployeeChangeRelay.CONNECTED)
        .gauge()
        .value();
  }

  private static double localDeliveries(JoinedInstance instance) {
    return instance
        .bean(MeterRegistry.class)
        .get(RedisEmployeeChangeRelay.LOCAL_DELIVERIES)
        .counter()
        .count();
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
