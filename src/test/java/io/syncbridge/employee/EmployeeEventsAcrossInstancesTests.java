package io.syncbridge.employee;

import static io.syncbridge.employee.JoinedInstance.assertReceived;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.syncbridge.support.WebSocketProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances joined by Redis (REDIS_URL, or the Redis on 127.0.0.1:6379 this machine kind runs;
 * skipped with a message when neither answers): a subscriber on either instance receives an
 * employee created through the other, exactly once. Each instance has its own SQLite file here; the
 * event carries the employee, so nothing is read from the other's database.
 */
class EmployeeEventsAcrossInstancesTests {

  private static JoinedInstance first;
  private static JoinedInstance second;

  @BeforeAll
  static void twoInstances() throws IOException {
    String redisUrl = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
    assumeTrue(
        reachable(URI.create(redisUrl)),
        "skipped: no Redis at " + redisUrl + " (set REDIS_URL to run the two-instance test)");
    String channel = "sync-bridge-test:" + UUID.randomUUID();
    first = JoinedInstance.start(redisUrl, channel);
    second = JoinedInstance.start(redisUrl, channel);
  }

  @AfterAll
  static void stop() {
    for (JoinedInstance instance : new JoinedInstance[] {first, second}) {
      if (instance != null) {
        instance.close();
      }
    }
  }

  @Test
  void subscribersOnBothInstancesGetAnEmployeeCreatedOnOneExactlyOnce() throws Exception {
    try (WebSocketProbe onFirst = first.subscribeToCreatedEmployees();
        WebSocketProbe onSecond = second.subscribeToCreatedEmployees()) {
      second.createEmployee("ada@example.com");

      for (WebSocketProbe subscriber : List.of(onFirst, onSecond)) {
        assertReceived(subscriber, "ada@example.com");
      }
      Thread.sleep(1000);
      assertThat(onFirst.pendingPayloadMessages()).isEmpty();
      assertThat(onSecond.pendingPayloadMessages()).isEmpty();
    }
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
