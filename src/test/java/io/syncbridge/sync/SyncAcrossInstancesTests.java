package io.syncbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.JoinedInstance;
import io.syncbridge.support.PostgresOnly;
import io.syncbridge.support.TestResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two instances on one PostgreSQL and one Redis, as deployed behind a load balancer: what one
 * instance does is safe against what the other does at the same moment, with the database (not the
 * instances) doing the coordination.
 */
@PostgresOnly
class SyncAcrossInstancesTests {

  private static JoinedInstance first;
  private static JoinedInstance second;
  private static JdbcTemplate jdbc;

  @BeforeAll
  static void twoInstancesOnOneDatabase() {
    String redisUrl = JoinedInstance.redisOrSkip();
    String database = JoinedInstance.sharedDatabase();
    String channel = "sync-bridge-test:" + UUID.randomUUID();
    first = JoinedInstance.start(redisUrl, channel, database);
    second = JoinedInstance.start(redisUrl, channel, database);
    jdbc = first.bean(JdbcTemplate.class);
  }

  @AfterAll
  static void stop() {
    JoinedInstance.closeAll(first, second);
  }

  @BeforeEach
  void emptyTables() {
    for (String table :
        List.of("order_items", "orders", "customers", "sync_history", "idempotency_keys")) {
      jdbc.update("DELETE FROM " + table);
    }
  }

  @Test
  void bothInstancesIngestConcurrentlyWithCorrectTotals() throws Exception {
    int threadsPerInstance = 3;
    int requestsPerThread = 8;
    int recordsPerRequest = 50;
    List<Callable<List<Integer>>> clients = new ArrayList<>();
    for (JoinedInstance instance : List.of(first, second)) {
      for (int t = 0; t < threadsPerInstance; t++) {
        String client = instance.port() + "-" + t;
        clients.add(
            () -> {
              List<Integer> statuses = new ArrayList<>();
              for (int r = 0; r < requestsPerThread; r++) {
                // New customers of this client's own, and the same 20 customers that every
                // client upserts by email at the same time.
                String prefix = client + "-" + r;
                String own =
                    customers(recordsPerRequest, i -> prefix + "-" + i + "@example.com", "Own");
                statuses.add(post(instance, "customers", null, own).status());
                String shared = customers(20, i -> "shared-" + i + "@example.com", prefix);
                statuses.add(post(instance, "customers", "email", shared).status());
              }
              return statuses;
            });
      }
    }

    List<Integer> statuses = runTogether(clients).stream().flatMap(List::stream).toList();

    int requests = 2 * threadsPerInstance * requestsPerThread * 2;
    assertThat(statuses).hasSize(requests).containsOnly(200);
    long own = 2L * threadsPerInstance * requestsPerThread * recordsPerRequest;
    assertThat(count("SELECT count(*) FROM customers")).isEqualTo(own + 20);
    assertThat(count("SELECT count(DISTINCT email) FROM customers")).isEqualTo(own + 20);
    assertThat(count("SELECT count(*) FROM sync_history WHERE status = 'successful'"))
        .isEqualTo(requests);
    TestResponse stats = second.api().get("/api/v1/sync/stats");
    assertThat(stats.json().at("/data/by_model/customers/successful").asLong()).isEqualTo(requests);
    // New ids are taken from one sequence by both instances: none taken twice, none lost.
    assertThat(count("SELECT count(DISTINCT id) FROM customers")).isEqualTo(own + 20);
  }

  @Test
  void failedEntriesQueuedForRetryAreReplayedExactlyOnceByTwoInstancesPolling() throws Exception {
    int entries = 12;
    List<Long> queued = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      String order =
          "[{\"order_number\":\"SO-%d\",\"customer_id\":7,\"status\":\"new\",\"amount\":1}]"
              .formatted(i);
      assertThat(post(first, "orders", null, order).status()).isEqualTo(400);
      long entry = latestEntry();
      assertThat(
              (i % 2 == 0 ? first : second)
                  .api()
                  .postJson("/api/v1/sync-history/retry/" + entry, "")
                  .status())
          .isEqualTo(200);
      queued.add(entry);
    }
    String customerSeven =
        "[{\"id\":7,\"email\":\"seven@example.com\",\"first_name\":\"S\",\"last_name\":\"S\"}]";
    assertThat(post(second, "customers", null, customerSeven).status()).isEqualTo(200);

    List<Callable<Integer>> workers = new ArrayList<>();
    for (JoinedInstance instance : List.of(first, second, first, second)) {
      workers.add(() -> instance.bean(RetryWorker.class).replayDue());
    }
    int replayed = runTogether(workers).stream().mapToInt(Integer::intValue).sum();

    assertThat(replayed).isEqualTo(entries);
    assertThat(count("SELECT count(*) FROM orders")).isEqualTo(entries);
    for (long entry : queued) {
      var row = jdbc.queryForMap("SELECT status, retries FROM sync_history WHERE id = ?", entry);
      assertThat(row.get("status")).as("entry %d", entry).isEqualTo("successful");
      assertThat(((Number) row.get("retries")).intValue()).as("entry %d", entry).isEqualTo(1);
    }
    assertThat(first.bean(RetryWorker.class).replayDue()).isZero();
  }

  @Test
  void anIdempotencyKeyUsedOnOneInstanceIsReplayedOnTheOther() throws Exception {
    String body =
        "{\"model\":\"customers\",\"data\":" + customers(3, i -> i + "@idem.io", "I") + "}";

    TestResponse onFirst = first.api().postJson("/api/v1/sync", body, "Idempotency-Key", "k-1");
    TestResponse onSecond = second.api().postJson("/api/v1/sync", body, "Idempotency-Key", "k-1");

    assertThat(onFirst.status()).isEqualTo(200);
    assertThat(onFirst.header("Idempotent-Replayed")).isNull();
    assertThat(onSecond.status()).isEqualTo(200);
    assertThat(onSecond.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(onSecond.body()).isEqualTo(onFirst.body());

    // The same key sent to both at the same moment: one of them stores, the other replays.
    String raced =
        "{\"model\":\"customers\",\"data\":" + customers(3, i -> i + "@race.io", "R") + "}";
    List<TestResponse> both =
        runTogether(
            List.of(
                () -> first.api().postJson("/api/v1/sync", raced, "Idempotency-Key", "k-2"),
                () -> second.api().postJson("/api/v1/sync", raced, "Idempotency-Key", "k-2")));
    assertThat(both).extracting(TestResponse::status).containsOnly(200);
    assertThat(both.get(0).body()).isEqualTo(both.get(1).body());
    assertThat(both)
        .extracting(r -> String.valueOf(r.header("Idempotent-Replayed")))
        .containsExactlyInAnyOrder("true", "null");

    assertThat(count("SELECT count(*) FROM customers")).isEqualTo(6);
    assertThat(count("SELECT count(*) FROM sync_history")).isEqualTo(2);
  }

  private static TestResponse post(
      JoinedInstance instance, String model, String matchOn, String data) {
    return instance
        .api()
        .postJson(
            "/api/v1/sync",
            "{\"model\":\""
                + model
                + "\""
                + (matchOn == null ? "" : ",\"match_on\":\"" + matchOn + "\"")
                + ",\"data\":"
                + data
                + "}");
  }

  private static String customers(int count, IntFunction<String> email, String lastName) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                "{\"email\":\""
                    + email.apply(i)
                    + "\",\"first_name\":\"C\",\"last_name\":\""
                    + lastName
                    + "\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static long latestEntry() {
    return count("SELECT max(id) FROM sync_history");
  }

  private static long count(String sql) {
    return jdbc.queryForObject(sql, Long.class);
  }

  /** Runs the tasks on threads of their own, all released at once; their results in order. */
  private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
