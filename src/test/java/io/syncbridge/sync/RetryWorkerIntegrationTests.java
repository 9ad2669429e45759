package io.syncbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.DiskReserve;
import io.syncbridge.history.SyncHistoryService;
import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.MutableClock;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

/** The retry worker, driven by hand with a test clock (its schedule is off here). */
@Import(MutableClock.class)
@TestPropertySource(
    properties = {
      "sync-bridge.retry.enabled=false",
      "sync-bridge.retry.base-delay=10s",
      "sync-bridge.retry.max-attempts=3"
    })
class RetryWorkerIntegrationTests extends IntegrationTest {

  private static final String ORDER_OF_CUSTOMER_5 =
      "[{\"order_number\":\"SO-1\",\"customer_id\":5,\"status\":\"new\",\"amount\":1}]";

  @Autowired private RetryWorker worker;
  @Autowired private MutableClock clock;
  @Autowired private SyncService sync;
  @Autowired private SyncHistoryService history;
  @Autowired private SyncBridgeProperties properties;
  @Autowired private DiskReserve reserve;

  @Test
  void replaysAFailedEntryThatNowSucceeds() {
    long entry = failedEntry(ORDER_OF_CUSTOMER_5);
    queueForRetry(entry);
    givenCustomer(5);

    assertThat(worker.replayDue()).isEqualTo(1);

    Map<String, Object> row = entry(entry);
    assertThat(row.get("status")).isEqualTo("successful");
    assertThat(((Number) row.get("retries")).intValue()).isEqualTo(1);
    assertThat(row.get("failure_reason")).isNull();
    assertThat(count("orders")).isEqualTo(1);
    assertThat(count("sync_history")).as("no new entry for a replay").isEqualTo(2);
  }

  @Test
  void claimsNothingOnceTheApplicationIsClosing() {
    long entry = failedEntry(ORDER_OF_CUSTOMER_5);
    queueForRetry(entry);
    givenCustomer(5);
    try {
      worker.stopClaiming();

      assertThat(worker.replayDue()).isZero();
      assertThat(entry(entry).get("status")).isEqualTo("pending_retry");
      assertThat(entry(entry).get("claimed_by")).as("left for another instance").isNull();
    } finally {
      // This context is shared with other test classes: it keeps working after this test.
      ReflectionTestUtils.setField(worker, "stopping", false);
    }
  }

  @Test
  void backsOffExponentiallyWithJitterAndGivesUpAfterTheMaximum() {
    long entry = failedEntry(ORDER_OF_CUSTOMER_5);
    queueForRetry(entry);

    assertThat(worker.replayDue()).isEqualTo(1);
    assertThat(entry(entry).get("status")).isEqualTo("pending_retry");
    assertThat(nextAttempt(entry))
        .isBetween(clock.instant().plusSeconds(5), clock.instant().plusSeconds(10));
    assertThat(worker.replayDue()).as("not due yet").isZero();

    clock.advance(Duration.ofSeconds(10));
    assertThat(worker.replayDue()).isEqualTo(1);
    assertThat(nextAttempt(entry))
        .isBetween(clock.instant().plusSeconds(10), clock.instant().plusSeconds(20));

    clock.advance(Duration.ofSeconds(20));
    assertThat(worker.replayDue()).isEqualTo(1);
    Map<String, Object> row = entry(entry);
    assertThat(row.get("status")).isEqualTo("failed");
    assertThat(((Number) row.get("retries")).intValue()).isEqualTo(3);
    assertThat(row.get("failure_reason").toString()).contains("customer_id");

    clock.advance(Duration.ofHours(2));
    assertThat(worker.replayDue()).as("the maximum was reached").isZero();
  }

  @Test
  void aPartialEntryReplaysOnlyItsFailedRecords() {
    givenCustomer(1);
    api.postJson(
        "/api/v1/sync",
        "{\"model\":\"orders\",\"atomic\":false,\"data\":["
            + "{\"order_number\":\"A\",\"customer_id\":1,\"status\":\"n\",\"amount\":1},"
            + "{\"order_number\":\"B\",\"customer_id\":5,\"status\":\"n\",\"amount\":1}]}");
    long entry = latestEntry();
    assertThat(entry(entry).get("status")).isEqualTo("partial");
    queueForRetry(entry);
    givenCustomer(5);

    worker.replayDue();

    // Replaying record 0 as well would have hit order_number A's unique key.
    assertThat(entry(entry).get("status")).isEqualTo("successful");
    assertThat(entry(entry).get("failed_records")).isNull();
    assertThat(count("orders")).isEqualTo(2);
  }

  @Test
  void twoWorkersRacingForOneEntryReplayItOnce() throws Exception {
    long entry = failedEntry(ORDER_OF_CUSTOMER_5);
    queueForRetry(entry);
    givenCustomer(5);
    RetryWorker other =
        new RetryWorker(sync, history, properties.retry(), clock, () -> 0.5, reserve);
    CountDownLatch start = new CountDownLatch(1);
    var pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> first =
          pool.submit(
              () -> {
                start.await();
                return worker.replayDue();
              });
      Future<Integer> second =
          pool.submit(
              () -> {
                start.await();
                return other.replayDue();
              });
      start.countDown();

      assertThat(first.get() + second.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(((Number) entry(entry).get("retries")).intValue()).isEqualTo(1);
    assertThat(count("orders")).isEqualTo(1);
  }

  private long failedEntry(String data) {
    assertThat(sync("orders", data).status()).isEqualTo(400);
    return latestEntry();
  }

  private void queueForRetry(long entry) {
    assertThat(api.postJson("/api/v1/sync-history/retry/" + entry, "").status()).isEqualTo(200);
  }

  private void givenCustomer(long id) {
    assertThat(
            sync(
                    "customers",
                    "[{\"id\":"
                        + id
                        + ",\"email\":\"c"
                        + id
                        + "@example.com\",\"first_name\":\"C\","
                        + "\"last_name\":\"D\"}]")
                .status())
        .isEqualTo(200);
  }

  private long latestEntry() {
    return jdbc.queryForObject("SELECT max(id) FROM sync_history", Long.class);
  }

  private Map<String, Object> entry(long id) {
    return jdbc.queryForMap("SELECT * FROM sync_history WHERE id = ?", id);
  }

  private Instant nextAttempt(long id) {
    return jdbc.queryForObject(
            "SELECT next_attempt_at FROM sync_history WHERE id = ?", Timestamp.class, id)
        .toInstant();
  }
}
