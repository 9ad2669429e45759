package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.syncbridge.support.JoinedInstance;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
      relay.deliverTo(change -> received.addAll(change.deletedIds()));
      awaitSubscribed(relay);

      List<Long> published = LongStream.rangeClosed(1, 500).boxed().toList();
      for (long id : published) {
        relay.publish(new EmployeeChange(EmployeeChange.Kind.DELETED, List.of(), List.of(id)));
      }

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (received.size() < published.size() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(received).containsExactlyElementsOf(published);
    } finally {
      relay.destroy();
    }
  }

  private static void awaitSubscribed(RedisEmployeeChangeRelay relay) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!"redis".equals(relay.state()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(relay.state()).isEqualTo("redis");
  }
}
