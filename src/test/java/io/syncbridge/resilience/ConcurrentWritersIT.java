package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Many clients writing at once to the one SQLite file: bulk and single-record syncs from 8 writers
 * while readers list the history and the stats. SQLite has one writer at a time; the service
 * promises that its clients never see that (no "database is locked", no 5xx) and that every 200 is
 * stored. Prints latency percentiles and throughput so that a run can be quoted.
 *
 * <p>{@code -Dconcurrency.seconds=<n>} changes the duration (default 20).
 */
@Tag("concurrency")
class ConcurrentWritersIT {

  private static final int WRITERS = 8;
  private static final int READERS = 2;
  // Readers are a background load here, not the subject: they pause so the writers get the CPU.
  private static final long READER_PAUSE_MILLIS = 5;
  private static final String[] SMALL_MODELS = {"customers", "products", "employees"};

  @TempDir Path dir;

  private PackagedApp app;

  private enum Kind {
    BULK,
    SMALL,
    READ
  }

  /**
   * One request: {@code tag} marks the rows a sync writes, {@code records} how many; {@code status}
   * is -1 when no answer came, and {@code failure} the answer (or exception) unless it was a 200.
   */
  private record Call(
      Kind kind,
      String model,
      String tag,
      int records,
      int status,
      long nanos,
      boolean mentionsLocked,
      String failure) {}

  @AfterEach
  void killApp() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void concurrentWritersNeverSeeALockAndEveryAcknowledgedSyncIsStored() throws Exception {
    int seconds = Integer.getInteger("concurrency.seconds", 20);
    long seed = Long.getLong("concurrency.seed", System.nanoTime());
    System.out.printf("ConcurrentWritersIT seed %d, %d s%n", seed, seconds);
    Path database = dir.resolve("sync-bridge.db");
    app = PackagedApp.start(database, "app.log");
    ApiClient api = new ApiClient(app.port());

    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
    List<Call> calls = runClients(api, new Random(seed), deadline);
    report(calls, (System.nanoTime() - started) / 1e9);

    assertThat(calls)
        .filteredOn(c -> c.status() < 0 || c.status() >= 500)
        .as(
            () ->
                "requests without an answer or with a 5xx; the app's log ends:\n" + app.logTail(60))
        .isEmpty();
    assertThat(calls).filteredOn(Call::mentionsLocked).as("answers mentioning a lock").isEmpty();
    assertThat(calls).filteredOn(c -> c.status() != 200).as("answers other than 200").isEmpty();
    checkStats(api, calls);

    app.stop();
    checkStored(database, calls);
    assertThat(DatabaseFile.integrityCheck(database)).isEqualTo("ok");
  }

  private static List<Call> runClients(ApiClient api, Random random, long deadline)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
    try {
      List<Future<List<Call>>> clients = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String prefix = "w" + w + "n";
        Random writerRandom = new Random(random.nextLong());
        clients.add(pool.submit(() -> write(api, prefix, writerRandom, deadline)));
      }
      for (int r = 0; r < READERS; r++) {
        Random readerRandom = new Random(random.nextLong());
        clients.add(pool.submit(() -> read(api, readerRandom, deadline)));
      }
      List<Call> calls = new ArrayList<>();
      long patience = deadline - System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      for (Future<List<Call>> client : clients) {
        calls.addAll(client.get(patience, TimeUnit.NANOSECONDS));
      }
      return calls;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A quarter of the requests are bulk (100-1,000 customers), the rest one record each. */
  private static List<Call> write(ApiClient api, String prefix, Random random, long deadline)
      throws InterruptedException {
    List<Call> calls = new ArrayList<>();
    for (int n = 0; System.nanoTime() < deadline; n++) {
      String tag = prefix + n;
      boolean bulk = random.nextInt(4) == 0;
      String model = bulk ? "customers" : SMALL_MODELS[random.nextInt(SMALL_MODELS.length)];
      int records = bulk ? 100 + random.nextInt(901) : 1;
      String body = "{\"model\":\"" + model + "\",\"data\":[" + records(model, tag, records) + "]}";
      Kind kind = bulk ? Kind.BULK : Kind.SMALL;
      calls.add(timed(kind, model, tag, records, () -> api.sync(body, tag)));
    }
    return calls;
  }

  private static List<Call> read(ApiClient api, Random random, long deadline)
      throws InterruptedException {
    List<Call> calls = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String path =
          random.nextBoolean()
              ? "/api/v1/sync/stats"
              : "/api/v1/sync-history?page=" + (1 + random.nextInt(3)) + "&size=15&payload=false";
      calls.add(timed(Kind.READ, null, null, 0, () -> api.get(path)));
      Thread.sleep(READER_PAUSE_MILLIS);
    }
    return calls;
  }

  private static Call timed(
      Kind kind, String model, String tag, int records, Callable<HttpResponse<String>> request)
      throws InterruptedException {
    long sent = System.nanoTime();
    try {
      HttpResponse<String> response = request.call();
      long nanos = System.nanoTime() - sent;
      String body = response.body();
      boolean locked = body.toLowerCase(Locale.ROOT).contains("locked");
      String failure = response.statusCode() == 200 ? null : body;
      return new Call(kind, model, tag, records, response.statusCode(), nanos, locked, failure);
    } catch (IOException e) {
      return new Call(kind, model, tag, records, -1, System.nanoTime() - sent, false, e.toString());
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records whose unique keys carry the tag, so the stored rows can be traced to the request. */
  private static String records(String model, String tag, int count) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String key = i + "." + tag;
      data.append(i == 0 ? "" : ",")
          .append(
              switch (model) {
                case "customers" ->
                    "{\"email\":\"c"
                        + key
                        + "@load.test\",\"first_name\":\"Load\",\"last_name\":\"Test\"}";
                case "products" -> "{\"name\":\"p" + key + "\",\"price\":1.25}";
                case "employees" ->
                    "{\"employee_id\":\""
                        + tag
                        + "\",\"first_name\":\"Load\",\"last_name\":\"Test\",\"email\":\"e"
                        + key
                        + "@load.test\"}";
                default -> throw new IllegalArgumentException(model);
              });
    }
    return data.toString();
  }

  /** One successful history entry per sync, and no other. */
  private static void checkStats(ApiClient api, List<Call> calls) {
    JsonNode stats = api.getData("/api/v1/sync/stats");
    long syncs = calls.stream().filter(c -> c.kind() != Kind.READ).count();
    assertThat(stats.get("successful").asLong()).as("stats %s", stats).isEqualTo(syncs);
    assertThat(stats.get("total").asLong()).as("stats %s", stats).isEqualTo(syncs);
  }

  /** Every acknowledged sync's rows, counted per request in the file after a clean stop. */
  private static void checkStored(Path database, List<Call> calls) {
    Map<String, Long> expected = new HashMap<>();
    calls.stream()
        .filter(c -> c.kind() != Kind.READ && c.status() == 200)
        .forEach(c -> expected.put(c.model() + " " + c.tag(), (long) c.records()));
    Map<String, Long> stored = new HashMap<>();
    countByTag(database, "customers", "email", stored);
    countByTag(database, "products", "name", stored);
    countByTag(database, "employees", "email", stored);
    assertThat(stored).as("rows per request").isEqualTo(expected);
  }

  private static void countByTag(
      Path database, String table, String column, Map<String, Long> counts) {
    for (DatabaseFile.Row row :
        DatabaseFile.query(database, "SELECT " + column + " FROM " + table)) {
      counts.merge(table + " " + TaggedKeys.tagOf(row.get(0)), 1L, Long::sum);
    }
  }

  private static void report(List<Call> calls, double seconds) {
    long records = calls.stream().filter(c -> c.status() == 200).mapToLong(Call::records).sum();
    System.out.printf(
        "ConcurrentWritersIT: %d writers + %d readers for %.1f s: %d requests (%.0f/s),"
            + " %d records stored (%.0f/s)%n",
        WRITERS,
        READERS,
        seconds,
        calls.size(),
        calls.size() / seconds,
        records,
        records / seconds);
    printLatencies("all", calls, seconds, c -> true);
    for (Kind kind : Kind.values()) {
      printLatencies(kind.name().toLowerCase(Locale.ROOT), calls, seconds, c -> c.kind() == kind);
    }
  }

  private static void printLatencies(
      String label, List<Call> calls, double seconds, Predicate<Call> filter) {
    long[] nanos = calls.stream().filter(filter).mapToLong(Call::nanos).sorted().toArray();
    if (nanos.length == 0) {
      return;
    }
    System.out.printf(
        "  %-5s %6d requests %7.1f/s  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n",
        label,
        nanos.length,
        nanos.length / seconds,
        percentile(nanos, 50) / 1e6,
        percentile(nanos, 99) / 1e6,
        nanos[nanos.length - 1] / 1e6);
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
