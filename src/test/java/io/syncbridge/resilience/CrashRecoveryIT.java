package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7: a crash mid-request leaves no part of that request, and what was acknowledged is on
 * disk. Writers keep the packaged app busy with bulk syncs while it is killed with SIGKILL at a
 * random moment, three times on the same file. After each crash the file as the crash left it, and
 * then the restarted app's API, must show every request whole or absent, every acknowledged one
 * whole, and one successful history entry per whole request.
 *
 * <p>Run with {@code -Dcrash.seed=<seed>} to repeat a printed seed's bodies and kill delays (the
 * interleaving of the writers stays up to the scheduler).
 */
@Tag("crash")
class CrashRecoveryIT {

  private static final int ROUNDS = 3;
  private static final int WRITERS = 6;
  private static final int SETUP_CUSTOMERS = 20;
  private static final int SETUP_PRODUCTS = 10;
  private static final String SETUP_TAG = "setup";

  @TempDir Path dir;

  private PackagedApp app;

  /** The ids of the rows that orders refer to, created before the first crash. */
  private record Setup(List<Long> customerIds, List<Long> productIds) {}

  /** One POST /api/v1/sync: its tag marks every row it writes and is its x-request-id. */
  private record Attempt(
      String tag, String model, List<String> keys, Integer status, String body, long endedAt) {

    boolean acknowledged() {
      return status != null && status == 200;
    }

    boolean answered() {
      return status != null;
    }

    @Override
    public String toString() {
      String answer = answered() ? status + " " + abbreviate(body) : "no answer (" + body + ")";
      return tag + " (" + keys.size() + " " + model + ", " + answer + ")";
    }

    private static String abbreviate(String text) {
      return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
  }

  /** What the database holds of one request. */
  private enum Presence {
    WHOLE,
    ABSENT,
    PARTIAL
  }

  @AfterEach
  void killApp() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void killedMidRequestKeepsEveryRequestWholeOrAbsent() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("CrashRecoveryIT seed " + seed);
    Random random = new Random(seed);
    Path database = dir.resolve("sync-bridge.db");
    app = PackagedApp.start(database, "app-0.log");
    Setup setup = createSetup(new ApiClient(app.port()));
    List<Attempt> all = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      List<Attempt> attempts = writeUntilKilled(round, random, setup);
      all.addAll(attempts);
      Path crashState = DatabaseFile.copyAsLeft(database, dir.resolve("crash-" + round));
      assertThat(DatabaseFile.integrityCheck(crashState))
          .as("integrity after crash %d", round)
          .isEqualTo("ok");
      Map<String, Presence> presence = presenceOnDisk(crashState, all);

      app = PackagedApp.start(database, "app-" + round + ".log");
      checkHistoryAndStats(new ApiClient(app.port()), all, presence);
      printRound(round, attempts, presence);
    }
    app.stop();
    assertThat(DatabaseFile.integrityCheck(database)).isEqualTo("ok");
  }

  private static Setup createSetup(ApiClient api) throws Exception {
    StringBuilder customers = new StringBuilder();
    for (int i = 0; i < SETUP_CUSTOMERS; i++) {
      appendCustomer(customers, i, SETUP_TAG);
    }
    StringBuilder products = new StringBuilder();
    for (int i = 0; i < SETUP_PRODUCTS; i++) {
      products
          .append(i == 0 ? "" : ",")
          .append("{\"name\":\"p")
          .append(i)
          .append('.')
          .append(SETUP_TAG)
          .append("\",\"price\":\"4.50\"}");
    }
    return new Setup(setupIds(api, "customers", customers), setupIds(api, "products", products));
  }

  private static List<Long> setupIds(ApiClient api, String model, StringBuilder data)
      throws Exception {
    HttpResponse<String> response = api.sync(body(model, data), "setup-" + model);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiClient.resultIds(response.body());
  }

  /**
   * Runs the writers for a random 1-4 s, then kills the app while they are mid-request. Returns
   * every request they started, answered or not.
   */
  private List<Attempt> writeUntilKilled(int round, Random random, Setup setup) throws Exception {
    ApiClient api = new ApiClient(app.port());
    AtomicBoolean killing = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<List<Attempt>>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String prefix = "r" + round + "w" + w + "n";
        Random writerRandom = new Random(random.nextLong());
        writers.add(pool.submit(() -> write(api, prefix, writerRandom, setup, killing)));
      }
      long delayMillis = 1000 + random.nextInt(3000);
      Thread.sleep(delayMillis);
      killing.set(true);
      long killedAt = System.nanoTime();
      app.kill();
      System.out.printf("round %d: killed pid %d after %d ms%n", round, app.pid(), delayMillis);
      List<Attempt> attempts = new ArrayList<>();
      for (Future<List<Attempt>> writer : writers) {
        attempts.addAll(writer.get(90, TimeUnit.SECONDS));
      }
      assertNoFailureBeforeTheKill(attempts, killedAt);
      return attempts;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Attempt> write(
      ApiClient api, String prefix, Random random, Setup setup, AtomicBoolean killing)
      throws InterruptedException {
    List<Attempt> attempts = new ArrayList<>();
    for (int n = 0; !killing.get(); n++) {
      String tag = prefix + n;
      boolean customers = random.nextBoolean();
      List<String> keys = new ArrayList<>();
      String body =
          customers
              ? customersBody(tag, 50 + random.nextInt(451), keys)
              : ordersBody(tag, 10 + random.nextInt(51), random, setup, keys);
      String model = customers ? "customers" : "orders";
      try {
        HttpResponse<String> response = api.sync(body, tag);
        attempts.add(
            new Attempt(
                tag, model, keys, response.statusCode(), response.body(), System.nanoTime()));
      } catch (IOException noAnswer) {
        attempts.add(new Attempt(tag, model, keys, null, noAnswer.toString(), System.nanoTime()));
      }
    }
    return attempts;
  }

  /** Before the kill, every request must get an answer, and that answer must be 200. */
  private static void assertNoFailureBeforeTheKill(List<Attempt> attempts, long killedAt) {
    assertThat(attempts)
        .filteredOn(a -> a.answered() ? !a.acknowledged() : a.endedAt() < killedAt)
        .as("requests that failed while the app was up")
        .isEmpty();
  }

  private static String customersBody(String tag, int count, List<String> keys) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < count; i++) {
      keys.add(appendCustomer(data, i, tag));
    }
    return body("customers", data);
  }

  private static String appendCustomer(StringBuilder data, int i, String tag) {
    String email = "c" + i + "." + tag + "@crash.test";
    data.append(data.isEmpty() ? "" : ",")
        .append("{\"email\":\"")
        .append(email)
        .append("\",\"first_name\":\"Crash\",\"last_name\":\"")
        .append(tag)
        .append("\"}");
    return email;
  }

  private static String ordersBody(
      String tag, int count, Random random, Setup setup, List<String> keys) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String orderNumber = "o" + i + "." + tag;
      keys.add(orderNumber);
      long customerId = setup.customerIds().get(random.nextInt(SETUP_CUSTOMERS));
      data.append(i == 0 ? "" : ",")
          .append("{\"order_number\":\"")
          .append(orderNumber)
          .append("\",\"customer_id\":")
          .append(customerId)
          .append(",\"status\":\"new\",\"items\":[");
      for (int item = 0; item < 3; item++) {
        data.append(item == 0 ? "" : ",")
            .append("{\"product_id\":")
            .append(setup.productIds().get(random.nextInt(SETUP_PRODUCTS)))
            .append(",\"qty\":")
            .append(1 + random.nextInt(5))
            .append(",\"unit_price\":\"4.50\"}");
      }
      data.append("]}");
    }
    return body("orders", data);
  }

  private static String body(String model, CharSequence data) {
    return "{\"model\":\"" + model + "\",\"data\":[" + data + "]}";
  }

  /**
   * Classifies every request by the rows carrying its tag in the file as the crash left it, and
   * checks that each acknowledged request is whole under the ids it was answered with.
   */
  private static Map<String, Presence> presenceOnDisk(Path crashState, List<Attempt> attempts) {
    Map<String, Map<String, Long>> customers =
        rowsByTag(DatabaseFile.query(crashState, "SELECT email, id FROM customers"));
    Map<String, Map<String, Long>> orders =
        rowsByTag(DatabaseFile.query(crashState, "SELECT order_number, id FROM orders"));
    Map<String, Long> itemsPerOrder = new HashMap<>();
    DatabaseFile.query(
            crashState,
            "SELECT o.order_number, count(i.id) FROM orders o"
                + " LEFT JOIN order_items i ON i.order_id = o.id GROUP BY o.id")
        .forEach(row -> itemsPerOrder.put(row.get(0), Long.parseLong(row.get(1))));

    assertThat(
            DatabaseFile.count(
                crashState,
                "SELECT count(*) FROM order_items WHERE order_id NOT IN (SELECT id FROM orders)"))
        .as("order items without their order")
        .isZero();
    assertThat(customers.remove(SETUP_TAG)).as("setup customers").hasSize(SETUP_CUSTOMERS);

    Map<String, Presence> presence = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Attempt attempt : attempts) {
      Map<String, Long> stored =
          (attempt.model().equals("customers") ? customers : orders).remove(attempt.tag());
      Presence found = presence(attempt, stored == null ? Map.of() : stored, itemsPerOrder);
      presence.put(attempt.tag(), found);
      if (found == Presence.PARTIAL) {
        int rows = stored == null ? 0 : stored.size();
        problems.add(attempt + " is partial: " + rows + " of its rows are stored");
      } else if (attempt.acknowledged()) {
        checkAcknowledged(attempt, found, stored, problems);
      }
    }
    customers.keySet().forEach(tag -> problems.add("customers of no request: tag " + tag));
    orders.keySet().forEach(tag -> problems.add("orders of no request: tag " + tag));
    assertThat(problems).as("what the crash left on disk").isEmpty();
    return presence;
  }

  private static Presence presence(
      Attempt attempt, Map<String, Long> stored, Map<String, Long> itemsPerOrder) {
    if (stored.isEmpty()) {
      return Presence.ABSENT;
    }
    boolean everyRow = stored.keySet().equals(new HashSet<>(attempt.keys()));
    boolean everyItem =
        attempt.model().equals("customers")
            || attempt.keys().stream().allMatch(key -> itemsPerOrder.getOrDefault(key, 0L) == 3);
    return everyRow && everyItem ? Presence.WHOLE : Presence.PARTIAL;
  }

  /** Acknowledged means stored, under the ids the answer gave, in input order. */
  private static void checkAcknowledged(
      Attempt attempt, Presence found, Map<String, Long> stored, List<String> problems) {
    if (found != Presence.WHOLE) {
      problems.add(attempt + " is absent");
      return;
    }
    List<Long> answered = ApiClient.resultIds(attempt.body());
    List<Long> storedIds = attempt.keys().stream().map(stored::get).toList();
    if (!answered.equals(storedIds)) {
      problems.add(attempt + " is stored under other ids: " + storedIds);
    }
  }

  /** Rows of (unique key, id), grouped by the tag in the key. */
  private static Map<String, Map<String, Long>> rowsByTag(List<DatabaseFile.Row> rows) {
    Map<String, Map<String, Long>> byTag = new HashMap<>();
    for (DatabaseFile.Row row : rows) {
      byTag
          .computeIfAbsent(TaggedKeys.tagOf(row.get(0)), tag -> new HashMap<>())
          .put(row.get(0), Long.parseLong(row.get(1)));
    }
    return byTag;
  }

  /**
   * Through the restarted app's API: one successful history entry, carrying the request's payload,
   * per whole request; none for an absent one; and stats that count exactly those.
   */
  private static void checkHistoryAndStats(
      ApiClient api, List<Attempt> attempts, Map<String, Presence> presence) {
    Map<String, List<JsonNode>> entriesByRequest = new HashMap<>();
    for (JsonNode entry : api.allHistory(true)) {
      entriesByRequest
          .computeIfAbsent(entry.get("request_id").asString(), id -> new ArrayList<>())
          .add(entry);
    }
    assertThat(entriesByRequest.remove("setup-customers")).hasSize(1);
    assertThat(entriesByRequest.remove("setup-products")).hasSize(1);

    List<String> problems = new ArrayList<>();
    Map<String, Long> wholeByModel = new HashMap<>(Map.of("customers", 1L, "products", 1L));
    for (Attempt attempt : attempts) {
      List<JsonNode> entries = entriesByRequest.remove(attempt.tag());
      if (presence.get(attempt.tag()) == Presence.WHOLE) {
        wholeByModel.merge(attempt.model(), 1L, Long::sum);
        checkHistoryEntry(attempt, entries, problems);
      } else if (entries != null) {
        problems.add(attempt + " is absent but has history " + ids(entries));
      }
    }
    entriesByRequest.keySet().forEach(id -> problems.add("history entry of no request: " + id));
    assertThat(problems).as("history after restart").isEmpty();

    JsonNode stats = api.getData("/api/v1/sync/stats");
    long whole = wholeByModel.values().stream().mapToLong(Long::longValue).sum();
    assertThat(stats.get("successful").asLong()).as("stats: %s", stats).isEqualTo(whole);
    assertThat(stats.get("total").asLong()).as("stats: %s", stats).isEqualTo(whole);
    wholeByModel.forEach(
        (model, count) ->
            assertThat(stats.get("by_model").get(model).get("successful").asLong())
                .as("stats of %s: %s", model, stats)
                .isEqualTo(count));
  }

  private static void checkHistoryEntry(
      Attempt attempt, List<JsonNode> entries, List<String> problems) {
    if (entries == null || entries.size() != 1) {
      problems.add(
          attempt + " is whole but has history " + (entries == null ? "[]" : ids(entries)));
      return;
    }
    JsonNode entry = entries.get(0);
    boolean matches =
        entry.get("status").asString().equals("successful")
            && entry.get("model").asString().equals(attempt.model())
            && entry.get("records").asInt() == attempt.keys().size()
            && keysIn(entry.get("payload").asString(), attempt.model()).equals(attempt.keys());
    if (!matches) {
      problems.add(
          String.format(
              "%s has history entry %s: %s %s of %d records",
              attempt,
              entry.get("id"),
              entry.get("status").asString(),
              entry.get("model").asString(),
              entry.get("records").asInt()));
    }
  }

  /** The unique keys of the records in a stored payload, in order. */
  private static List<String> keysIn(String payload, String model) {
    String field = model.equals("customers") ? "email" : "order_number";
    JsonNode records = ApiClient.JSON.readTree(payload);
    List<String> keys = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      keys.add(records.get(i).get(field).asString());
    }
    return keys;
  }

  private static List<String> ids(List<JsonNode> entries) {
    return entries.stream().map(entry -> entry.get("id").asString()).toList();
  }

  private static void printRound(
      int round, List<Attempt> attempts, Map<String, Presence> presence) {
    long acknowledged = attempts.stream().filter(Attempt::acknowledged).count();
    long unacknowledgedPresent =
        attempts.stream()
            .filter(a -> !a.acknowledged() && presence.get(a.tag()) == Presence.WHOLE)
            .count();
    long unacknowledgedAbsent =
        attempts.stream()
            .filter(a -> !a.acknowledged() && presence.get(a.tag()) == Presence.ABSENT)
            .count();
    long records =
        attempts.stream().filter(Attempt::acknowledged).mapToLong(a -> a.keys().size()).sum();
    System.out.printf(
        "round %d: %d requests; acknowledged %d (%d records), unacknowledged-present %d,"
            + " unacknowledged-absent %d%n",
        round, attempts.size(), acknowledged, records, unacknowledgedPresent, unacknowledgedAbsent);
  }
}
