package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.syncbridge.support.JoinedInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay against a real Redis (REDIS_URL or 127.0.0.1:6379; skipped with a message when neither
 * answers): subscribers get changes in the order they were published, as a deletion that overtook
 * the creation of the same employee would leave a subscriber's view wrong.
 */
class RedisEmployeeChangeRelayTests {

  @Test
  void changesReachSubscribersInTheOrderTheyWerePublished() throws Exception {
    String url = JoinedInstance.redisOrSkip();
    RedisEmployeeChangeRelay relay =
        new RedisEmployeeChangeRelay(
            url,
            "sync-bridge-test:" + UUID.randomUUID(),
            JsonMapper.builder().build(),
            new SimpleMeterRegistry());
    try {
      List<Long> received = new CopyOnWriteArrayList<>();
      relay.deliverTo(change -> change.entries().forEach(entry -> received.add(entry.id())));
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(relay::state, "redis"::equals);

      List<Long> published = LongStream.rangeClosed(1, 500).boxed().toList();
      for (long id : published) {
        relay.publish(
            new EmployeeChange(
                EmployeeChange.Kind.DELETED,
                List.of(new EmployeeChange.Entry(id, Instant.EPOCH, 2, Instant.now(), null))));
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> received.size() >= published.size());
      assertThat(received).containsExactlyElementsOf(published);
    } finally {
      relay.destroy();
    }
  }
}
