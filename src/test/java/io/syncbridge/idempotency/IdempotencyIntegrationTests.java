package io.syncbridge.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.MutableClock;
import io.syncbridge.support.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/** {@code Idempotency-Key} on {@code POST /api/v1/sync}. */
@Import(MutableClock.class)
class IdempotencyIntegrationTests extends IntegrationTest {

  private static final String BODY =
      "{\"model\":\"customers\",\"data\":[{\"email\":\"a@example.com\",\"first_name\":\"A\","
          + "\"last_name\":\"B\"}]}";
  private static final String OTHER_BODY =
      "{\"model\":\"customers\",\"data\":[{\"email\":\"z@example.com\",\"first_name\":\"Z\","
          + "\"last_name\":\"B\"}]}";

  @Autowired private MutableClock clock;
  @Autowired private IdempotencyKeys keys;

  @Test
  void aRepeatGetsTheFirstResponseByteForByteAndWritesNothing() {
    TestResponse first = post("key-1", BODY);
    TestResponse repeat = post("key-1", BODY);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(repeat.status()).isEqualTo(200);
    assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(repeat.body()).isEqualTo(first.body());
    assertThat(count("customers")).isEqualTo(1);
    assertThat(count("sync_history")).isEqualTo(1);
  }

  @Test
  void anErrorResponseIsReplayedToo() {
    String invalid = "{\"model\":\"customers\",\"data\":[{\"email\":\"broken\"}]}";
    TestResponse first = post("key-err", invalid);
    TestResponse repeat = post("key-err", invalid);

    assertThat(first.status()).isEqualTo(400);
    assertThat(repeat.status()).isEqualTo(400);
    assertThat(repeat.body()).isEqualTo(first.body());
    assertThat(count("sync_history")).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIsA422() {
    post("key-2", BODY);

    TestResponse response = post("key-2", OTHER_BODY);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().get("message").asString())
        .isEqualTo("This Idempotency-Key was already used with a different request body.");
    assertThat(count("customers")).isEqualTo(1);
  }

  @Test
  void twoConcurrentRequestsWithOneKeyWriteOnce() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    var pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<TestResponse>> responses =
          List.of(
              pool.submit(
                  () -> {
                    start.await();
                    return post("key-race", BODY);
                  }),
              pool.submit(
                  () -> {
                    start.await();
                    return post("key-race", BODY);
                  }));
      start.countDown();

      TestResponse a = responses.get(0).get();
      TestResponse b = responses.get(1).get();
      assertThat(List.of(a.status(), b.status())).containsOnly(200);
      assertThat(a.body()).isEqualTo(b.body());
      assertThat(
              List.of(
                  String.valueOf(a.header("Idempotent-Replayed")),
                  String.valueOf(b.header("Idempotent-Replayed"))))
          .containsExactlyInAnyOrder("true", "null");
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("customers")).isEqualTo(1);
    assertThat(count("sync_history")).isEqualTo(1);
  }

  @Test
  void aKeyOfMoreThan255CharactersIsA400() {
    TestResponse response = post("k".repeat(256), BODY);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").has("Idempotency-Key")).isTrue();
    assertThat(count("customers")).isZero();
  }

  @Test
  void aKeyExpiresAfter24HoursAndIsPurged() {
    post("key-old", BODY);
    clock.advance(Duration.ofHours(25));

    assertThat(post("key-old", OTHER_BODY).status()).as("a new request").isEqualTo(200);
    assertThat(count("customers")).isEqualTo(2);

    clock.advance(Duration.ofHours(25));
    keys.purgeExpired();
    assertThat(count("idempotency_keys")).isZero();
  }

  private TestResponse post(String key, String body) {
    return api.postJson("/api/v1/sync", body, "Idempotency-Key", key);
  }
}
