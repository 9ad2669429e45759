package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.syncbridge.support.JoinedInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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

  /**
   * While an instance is subscribing, it delivers its own changes itself as well as publishing
   * them, and one published just as the subscription starts comes back through Redis too: the relay
   * hands it over twice, subscribers get it once.
   */
  @Test
  void aChangePublishedWhileSubscribingReachesSubscribersOnce() throws Exception {
    String url = JoinedInstance.redisOrSkip();
    boolean windowHit = false;
    for (int attempt = 0; attempt < 5 && !windowHit; attempt++) {
      windowHit = publishWhileSubscribing(url);
    }
    assertThat(windowHit).as("a change handed over twice in 5 attempts").isTrue();
  }

  /** Returns whether the relay handed some change over twice. */
  private static boolean publishWhileSubscribing(String url) throws Exception {
    RedisEmployeeChangeRelay redis =
        new RedisEmployeeChangeRelay(
            url,
            "sync-bridge-test:" + UUID.randomUUID(),
            JsonMapper.builder().build(),
            new SimpleMeterRegistry());
    AtomicInteger handedOver = new AtomicInteger();
    EmployeeChangeRelay counting =
        new EmployeeChangeRelay() {
          @Override
          public void deliverTo(Consumer<EmployeeChange> subscribers) {
            redis.deliverTo(
                change -> {
                  handedOver.addAndGet(change.entries().size());
                  subscribers.accept(change);
                });
          }

          @Override
          public void publish(EmployeeChange change) {
            redis.publish(change);
          }
        };
    EmployeeEvents events =
        new EmployeeEvents(
            counting, Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(), () -> {});
    List<Long> received = new CopyOnWriteArrayList<>();
    events.deleted().subscribe(received::add);
    try {
      List<Long> published = new ArrayList<>();
      long id = 0;
      // From before the subscription is made until well after.
      for (int afterwards = 0; afterwards < 200; ) {
        id++;
        events.on(
            new EmployeeChange(
                EmployeeChange.Kind.DELETED,
                List.of(new EmployeeChange.Entry(id, Instant.EPOCH, 2, null, null))));
        published.add(id);
        if ("redis".equals(redis.state())) {
          afterwards++;
        }
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> received.size() >= published.size());
      Thread.sleep(200);
      assertThat(received).containsExactlyElementsOf(published);
      return handedOver.get() > published.size();
    } finally {
      events.destroy();
      redis.destroy();
    }
  }
}
