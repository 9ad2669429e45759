package io.syncbridge.employee;

import static io.syncbridge.support.JoinedInstance.assertReceived;
import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.JoinedInstance;
import io.syncbridge.support.OnBothDatabases;
import io.syncbridge.support.PostgresAvailability;
import io.syncbridge.support.WebSocketProbe;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances joined by Redis (REDIS_URL, or the Redis on 127.0.0.1:6379 this machine kind runs;
 * skipped with a message when neither answers): a subscriber on either instance, with either
 * WebSocket subprotocol, receives an employee created through the other, exactly once. In the
 * PostgreSQL run both instances share one database, as deployed; in the SQLite run each has its own
 * file, which shows that the event carries the employee and nothing is read back across instances.
 */
@ExtendWith(PostgresAvailability.class)
@OnBothDatabases
class EmployeeEventsAcrossInstancesTests {

  private static JoinedInstance first;
  private static JoinedInstance second;

  @BeforeAll
  static void twoInstances() {
    String redisUrl = JoinedInstance.redisOrSkip();
    String channel = "sync-bridge-test:" + UUID.randomUUID();
    String database = JoinedInstance.sharedDatabase();
    first = JoinedInstance.start(redisUrl, channel, database);
    second = JoinedInstance.start(redisUrl, channel, database);
    JoinedInstance.awaitChannelSubscribers(redisUrl, channel, 2);
    first.awaitEventsHealth("redis");
    second.awaitEventsHealth("redis");
  }

  @AfterAll
  static void stop() {
    JoinedInstance.closeAll(first, second);
  }

  @Test
  void subscribersOfBothSubprotocolsOnBothInstancesGetAnEmployeeCreatedOnOneExactlyOnce()
      throws Exception {
    try (WebSocketProbe onFirst = first.subscribeToCreatedEmployees();
        WebSocketProbe onSecond = second.subscribeToCreatedEmployees();
        WebSocketProbe legacyOnFirst = first.subscribeToCreatedEmployeesLegacy();
        WebSocketProbe legacyOnSecond = second.subscribeToCreatedEmployeesLegacy()) {
      List<WebSocketProbe> subscribers = List.of(onFirst, onSecond, legacyOnFirst, legacyOnSecond);

      second.createEmployee("ada@example.com");
      first.createEmployee("grace@example.com");

      for (WebSocketProbe subscriber : subscribers) {
        assertReceived(subscriber, "ada@example.com");
        assertReceived(subscriber, "grace@example.com");
      }
      Thread.sleep(1000);
      for (WebSocketProbe subscriber : subscribers) {
        assertThat(subscriber.pendingPayloadMessages()).isEmpty();
      }
    }
  }
}
