import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * The Sync Bridge benchmark, in one JVM run per repetition:
 *
 * <ol>
 *   <li>raw SQLite baselines in this JVM, on the app's own schema (the Flyway scripts read from the
 *       jar) and connection settings (WAL, synchronous as the service has it, foreign keys);
 *   <li>the packaged service started as a child process on a fresh database with {@code -Xmx256m};
 *   <li>scenarios over a small hand-written HTTP/1.1 keep-alive client (one connection per client
 *       thread; java.net.http costs too much client CPU on a 2-core machine), each warmed up first
 *       and with request bodies built before the clock starts;
 *   <li>a correctness check against the database file and {@code /api/v1/sync/stats}.
 * </ol>
 *
 * Exits 1 on any non-2xx answer or mismatch, so that CI can run {@code --smoke}. Started by
 * bench/run.sh, which puts the jar's sqlite-jdbc on the class path:
 *
 * <pre>java -cp sqlite-jdbc.jar bench/SyncBench.java JAR [--smoke] [--runs N]</pre>
 */
public class SyncBench {

  static final String TOKEN = "bench";
  static final String APP_HEAP = "-Xmx256m";

  static List<String> command(Path jar) {
    List<String> command = new ArrayList<>(List.of(jdkTool("java"), APP_HEAP));
    command.addAll(APP_OPTIONS);
    command.addAll(List.of("-jar", jar.toString()));
    return command;
  }

  /** More options for the service's JVM, e.g. -Dspring.threads.virtual.enabled=true. */
  static final List<String> APP_OPTIONS =
      System.getenv().getOrDefault("APP_JVM_OPTS", "").isBlank()
          ? List.of()
          : List.of(System.getenv("APP_JVM_OPTS").trim().split("\\s+"));
  /** Records per bulk request, in smoke mode too: the per-request cost is what is measured. */
  static final int PER_REQUEST = 1000;

  static final int PRODUCTS = 100;
  static final int ITEMS_PER_ORDER = 3;
  static final int READ_PAGE_SIZE = 15;

  /** How much of everything one mode does. */
  record Sizes(
      int jitWarmup,
      int bulkRequests,
      int bulkWarmup,
      int optionRequests,
      int optionWarmup,
      Duration small,
      Duration smallWarmup,
      int smallMaxRequests,
      Duration read,
      Duration readWarmup,
      int historySeeds,
      int bigRecords,
      Duration rawSingleCommits) {

    static Sizes full() {
      return new Sizes(
          150,
          100,
          60,
          20,
          5,
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          100_000,
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          1_000_000,
          100_000,
          Duration.ofSeconds(3));
    }

    static Sizes smoke() {
      return new Sizes(
          2,
          5,
          1,
          2,
          1,
          Duration.ofMillis(500),
          Duration.ofMillis(200),
          5_000,
          Duration.ofMillis(500),
          Duration.ofMillis(200),
          10_000,
          5_000,
          Duration.ofMillis(300));
    }
  }

  public static void main(String[] args) {
    Path jar = null;
    boolean smoke = false;
    Integer runs = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> smoke = true;
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> jar = Path.of(args[i]);
      }
    }
    if (jar == null || !Files.isRegularFile(jar)) {
      System.err.println("usage: java bench/SyncBench.java JAR [--smoke] [--runs N]");
      System.exit(2);
    }
    Sizes sizes = smoke ? Sizes.smoke() : Sizes.full();
    int repetitions = runs != null ? runs : smoke ? 1 : 3;

    System.out.printf(
        "JVM: %s %s (%s), app started with %s, default GC; %s mode, %d run(s)%n",
        System.getProperty("java.vm.name"),
        Runtime.version(),
        System.getProperty("java.vm.vendor"),
        String.join(" ", APP_HEAP, String.join(" ", APP_OPTIONS)).strip(),
        smoke ? "smoke" : "full",
        repetitions);
    List<RunResult> results = new ArrayList<>();
    try {
      for (int run = 1; run <= repetitions; run++) {
        System.out.printf("%n== run %d of %d%n", run, repetitions);
        RunResult result = new Run(jar.toAbsolutePath(), sizes).execute();
        result.print();
        results.add(result);
      }
      if (repetitions > 1) {
        System.out.printf("%n== median of %d runs%n", repetitions);
        RunResult.medianOf(results).print();
      }
    } catch (Throwable e) {
      System.out.flush();
      System.err.println();
      System.err.println("BENCHMARK FAILED: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // One repetition

  /** Baselines measured directly on SQLite, in rows (or commits) per second. */
  record Baselines(double customerRows, double orderRows, double singleCommits) {}

  /** One line of the results table. */
  record Row(
      String scenario,
      double requestsPerSecond,
      double recordsPerSecond,
      double p50Ms,
      double p99Ms,
      double cpuMicrosPerRecord,
      double ratio,
      String baseline) {}

  /** The one-big-request figures. */
  record BigRequest(double bodyMb, double seconds, double heapBeforeMb, double heapPeakMb) {
    double growthMb() {
      return heapPeakMb - heapBeforeMb;
    }
  }

  /** Bytes per response of a read scenario, for the bytes/s line. */
  record ReadVolume(String scenario, double bytesPerResponse, double kilobytesPerSecond) {}

  record RunResult(
      Baselines raw,
      double startupMs,
      double rssMb,
      String gc,
      double seedRowsPerSecond,
      int seeds,
      List<Row> rows,
      List<ReadVolume> reads,
      BigRequest big,
      String correctness) {

    void print() {
      System.out.printf(
          "start-up: %,.0f ms to the first healthz 200; RSS after start: %,.0f MB; app GC: %s%n",
          startupMs, rssMb, gc);
      System.out.printf(
          "raw SQLite: (a) customer batch %,.0f rows/s; (b) orders+3 items %,.0f rows/s;"
              + " (c) single-row commits %,.0f /s%n",
          raw.customerRows, raw.orderRows, raw.singleCommits);
      System.out.printf(
          "history seeded: %,d rows through a second connection at %,.0f rows/s%n",
          seeds, seedRowsPerSecond);
      System.out.println();
      printTable(rows);
      System.out.println();
      for (ReadVolume read : reads) {
        System.out.printf(
            "%s: %,.0f bytes per response, %,.0f kB/s%n",
            read.scenario, read.bytesPerResponse, read.kilobytesPerSecond);
      }
      System.out.printf(
          "big request: %.1f MB body in %.2f s; app heap used %.0f MB before, %.0f MB at peak:"
              + " growth %.0f MB = %.1f\u00d7 the body%n",
          big.bodyMb,
          big.seconds,
          big.heapBeforeMb,
          big.heapPeakMb,
          big.growthMb(),
          big.growthMb() / big.bodyMb);
      if (correctness != null) {
        System.out.println(correctness);
      }
    }

    /** Median of every figure across runs, scenario by scenario. */
    static RunResult medianOf(List<RunResult> runs) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < runs.get(0).rows.size(); i++) {
        int index = i;
        List<Row> same = runs.stream().map(r -> r.rows.get(index)).toList();
        rows.add(
            new Row(
                same.get(0).scenario,
                median(same, Row::requestsPerSecond),
                median(same, Row::recordsPerSecond),
                median(same, Row::p50Ms),
                median(same, Row::p99Ms),
                median(same, Row::cpuMicrosPerRecord),
                median(same, Row::ratio),
                same.get(0).baseline));
      }
      List<ReadVolume> reads = new ArrayList<>();
      for (int i = 0; i < runs.get(0).reads.size(); i++) {
        int index = i;
        List<ReadVolume> same = runs.stream().map(r -> r.reads.get(index)).toList();
        reads.add(
            new ReadVolume(
                same.get(0).scenario,
                median(same, ReadVolume::bytesPerResponse),
                median(same, ReadVolume::kilobytesPerSecond)));
      }
      List<BigRequest> bigs = runs.stream().map(RunResult::big).toList();
      return new RunResult(
          new Baselines(
              median(runs, r -> r.raw.customerRows),
              median(runs, r -> r.raw.orderRows),
              median(runs, r -> r.raw.singleCommits)),
          median(runs, RunResult::startupMs),
          median(runs, RunResult::rssMb),
          runs.get(0).gc,
          median(runs, RunResult::seedRowsPerSecond),
          runs.get(0).seeds,
          rows,
          reads,
          new BigRequest(
              median(bigs, BigRequest::bodyMb),
              median(bigs, BigRequest::seconds),
              median(bigs, BigRequest::heapBeforeMb),
              // The median growth, not the median peak, is what the line reports.
              median(bigs, BigRequest::heapBeforeMb) + median(bigs, BigRequest::growthMb)),
          null);
    }
  }

  /**
   * One repetition: baselines, a fresh service, every scenario, the correctness check. Holds what
   * the service acknowledged, to compare with the database at the end.
   */
  static final class Run {
    private final Path jar;
    private final Sizes sizes;
    private final List<Row> rows = new ArrayList<>();
    private final List<ReadVolume> reads = new ArrayList<>();

    /** Every email and order number the service acknowledged with a 200. */
    private final Set<String> emails = ConcurrentHashMap.newKeySet();

    private final Set<String> orderNumbers = ConcurrentHashMap.newKeySet();

    /** Sync requests answered 200 that wrote a history entry (idempotent replays do not). */
    private final AtomicLong syncsOk = new AtomicLong();

    private final ConcurrentLinkedQueue<Long> customerIds = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> productIds = new ConcurrentLinkedQueue<>();

    private Baselines raw;
    private App app;
    private Map<String, Long> seeded = Map.of();

    Run(Path jar, Sizes sizes) {
      this.jar = jar;
      this.sizes = sizes;
    }

    RunResult execute() throws Exception {
      raw = RawSqlite.measure(jar, sizes);
      try (App started = App.start(jar)) {
        app = started;
        try {
          return measure();
        } catch (Exception | Error e) {
          // Printed before closing the service, which deletes its directory.
          System.err.println("---- last lines of the service's log:");
          System.err.println(app.logTail(40));
          throw e;
        }
      }
    }

    private RunResult measure() throws Exception {
      double rssMb = app.rssKb() / 1024.0;
      String gc = app.gcName();
      warmUp();
      customerScenarios();
      orderScenarios();
      smallRequests();
      optionScenarios();
      long seedStarted = System.nanoTime();
      seeded = HistorySeeder.seed(app.db, sizes.historySeeds);
      double seedRate = sizes.historySeeds / seconds(seedStarted);
      readScenarios();
      BigRequest big = bigRequest();
      String correctness = verify();
      return new RunResult(
          raw,
          app.startupMs,
          rssMb,
          gc,
          seedRate,
          sizes.historySeeds,
          List.copyOf(rows),
          List.copyOf(reads),
          big,
          correctness);
    }

    // ---- scenarios

    /**
     * Runs the bulk path unmeasured until the JIT has compiled it: the server's CPU time includes
     * its compiler threads, which would otherwise be charged to whichever scenario comes first.
     */
    private void warmUp() throws Exception {
      List<List<String>> keys = keys("jit", sizes.jitWarmup);
      drive(2, Source.of(customerCalls(keys, "email", null, "First", "created", false), null));
      drive(2, Source.of(customerCalls(keys, "email", null, "Second", "updated", false), null));
      drive(2, Source.of(customerCalls(keys, "email", null, "Second", "unchanged", false), null));
    }

    private void customerScenarios() throws Exception {
      List<List<String>> warmKeys = keys("cw", sizes.bulkWarmup);
      List<List<String>> keys = keys("c", sizes.bulkRequests);
      bulk(
          "customers create, match_on=email",
          customerCalls(warmKeys, "email", null, "First", "created", true),
          customerCalls(keys, "email", null, "First", "created", true),
          1,
          raw.customerRows,
          "raw (a) batch rows");
      bulk(
          "customers update, match_on=email",
          customerCalls(warmKeys, "email", null, "Second", "updated", false),
          customerCalls(keys, "email", null, "Second", "updated", false),
          1,
          raw.customerRows,
          "raw (a) batch rows");
    }

    private void orderScenarios() throws Exception {
      createProducts();
      List<Long> customers = List.copyOf(customerIds);
      List<Long> products = List.copyOf(productIds);
      List<List<String>> warmKeys = orderKeys("ow", sizes.bulkWarmup);
      List<List<String>> keys = orderKeys("o", sizes.bulkRequests);
      String baseline = "raw (b), 4 rows/order";
      bulk(
          "orders create (3 items)",
          orderCalls(warmKeys, customers, products, "new", "created"),
          orderCalls(keys, customers, products, "new", "created"),
          1 + ITEMS_PER_ORDER,
          raw.orderRows,
          baseline);
      bulk(
          "orders update (status)",
          orderCalls(warmKeys, customers, products, "shipped", "updated"),
          orderCalls(keys, customers, products, "shipped", "updated"),
          1 + ITEMS_PER_ORDER,
          raw.orderRows,
          baseline);
    }

    /** The products orders refer to, created in one request; their ids come from the answer. */
    private void createProducts() throws Exception {
      List<String> records = new ArrayList<>();
      for (int i = 0; i < PRODUCTS; i++) {
        records.add(
            String.format(
                Locale.ROOT, "{\"name\":\"bench product %03d\",\"price\":\"%d.99\"}", i, i % 50));
      }
      byte[] body = syncBody("products", null, null, records);
      Call call =
          Call.post(
              "/api/v1/sync",
              body,
              Map.of(),
              PRODUCTS,
              response -> {
                productIds.addAll(expectResults(response, PRODUCTS, "created"));
                syncsOk.incrementAndGet();
              });
      try (Http http = app.client()) {
        call.check.accept(http.send(call));
      }
      if (customerIds.isEmpty() || productIds.size() != PRODUCTS) {
        throw new IllegalStateException("no customers or products to refer to");
      }
    }

    private void smallRequests() throws Exception {
      // Built in advance, more than the run can use; it stops at the deadline.
      List<Call> calls = new ArrayList<>(sizes.smallMaxRequests);
      for (int i = 0; i < sizes.smallMaxRequests; i++) {
        String email = "s-" + i + "@bench.example";
        byte[] body = syncBody("customers", null, null, List.of(customer(email, "First")));
        calls.add(syncCall(body, List.of(email), emails, "created", false, Map.of()));
      }
      Source warm = Source.of(calls.subList(0, sizes.smallMaxRequests / 10), sizes.smallWarmup);
      drive(4, warm);
      Source measured = Source.of(calls.subList(warm.used(), calls.size()), sizes.small);
      Load load = drive(4, measured);
      if (measured.used() >= calls.size() - warm.used()) {
        System.out.println("note: small requests ran out of prepared bodies before the deadline");
      }
      rows.add(
          row(
              "small requests (1 record)",
              load,
              load.requestsPerSecond() / raw.singleCommits,
              "raw (c) single commits, per request"));
    }

    /**
     * What the sync options cost (this replaces bench/ingest.mjs): 1,000 new customers per
     * request, without match_on, with atomic:false, with an Idempotency-Key and its replay, and
     * match_on with every record unchanged.
     */
    private void optionScenarios() throws Exception {
      int warm = sizes.optionWarmup;
      int measured = sizes.optionRequests;
      String baseline = "raw (a) batch rows";

      bulk(
          "option: plain create (no match_on)",
          customerCalls(keys("pw", warm), null, null, "First", "created", false),
          customerCalls(keys("p", measured), null, null, "First", "created", false),
          1,
          raw.customerRows,
          baseline);
      // The update scenario's records once more: every one is now stored as sent.
      bulk(
          "option: match_on, all unchanged",
          customerCalls(keys("cw", warm), "email", null, "Second", "unchanged", false),
          customerCalls(keys("c", measured), "email", null, "Second", "unchanged", false),
          1,
          raw.customerRows,
          baseline);
      bulk(
          "option: atomic=false create",
          customerCalls(keys("aw", warm), null, false, "First", "created", false),
          customerCalls(keys("a", measured), null, false, "First", "created", false),
          1,
          raw.customerRows,
          baseline);

      Map<String, byte[]> firstAnswers = new ConcurrentHashMap<>();
      List<List<String>> warmKeys = keys("iw", warm);
      List<List<String>> keys = keys("i", measured);
      bulk(
          "option: Idempotency-Key, first",
          idempotentCalls(warmKeys, "kw", firstAnswers, false),
          idempotentCalls(keys, "k", firstAnswers, false),
          1,
          raw.customerRows,
          baseline);
      bulk(
          "option: Idempotency-Key, replay",
          idempotentCalls(warmKeys, "kw", firstAnswers, true),
          idempotentCalls(keys, "k", firstAnswers, true),
          1,
          raw.customerRows,
          baseline);
    }

    private void readScenarios() throws Exception {
      long seededTotal = seeded.values().stream().mapToLong(Long::longValue).sum();
      long expectedTotal = syncsOk.get() + seededTotal;
      String page = "/api/v1/sync-history?page=1&size=" + READ_PAGE_SIZE;
      read(
          "history page (payload=false)",
          page + "&payload=false",
          body -> checkHistoryPage(body, expectedTotal, false));
      read("stats", "/api/v1/sync/stats", body -> checkStats(body, "during the reads"));
      read(
          "history page with payloads",
          page + "&payload=true",
          body -> checkHistoryPage(body, expectedTotal, true));
    }

    /** A read scenario: one checked answer first, then 4 connections for a fixed time. */
    private void read(String name, String path, BodyCheck firstAnswer) throws Exception {
      Call call =
          Call.get(
              path,
              response -> {
                if (response.status != 200) {
                  throw new IllegalStateException(
                      "GET " + path + " -> " + response.status + " " + response.text(300));
                }
              });
      try (Http http = app.client()) {
        Response response = http.send(call);
        call.check.accept(response);
        firstAnswer.check(response.text());
      }
      drive(4, Source.repeat(call, sizes.readWarmup));
      Load load = drive(4, Source.repeat(call, sizes.read));
      // A read acknowledges no records: no records/s, and the CPU column is per request.
      rows.add(
          new Row(
              name,
              load.requestsPerSecond(),
              Double.NaN,
              load.percentileMs(0.50),
              load.percentileMs(0.99),
              load.cpuNanos / 1000.0 / load.requests,
              Double.NaN,
              "\u2014 (CPU per request)"));
      reads.add(
          new ReadVolume(
              name, (double) load.bytes / load.requests, load.bytes / load.seconds / 1e3));
    }

    /** One request of {@code bigRecords} customers, with the app's heap sampled meanwhile. */
    private BigRequest bigRequest() throws Exception {
      List<String> keys = new ArrayList<>(sizes.bigRecords);
      List<String> records = new ArrayList<>(sizes.bigRecords);
      // A long last name makes each record about 200 bytes: 100,000 records are about 20 MB.
      String lastName = "Bigrequest-" + "x".repeat(100);
      for (int i = 0; i < sizes.bigRecords; i++) {
        String email = String.format(Locale.ROOT, "big-%07d@bench.example", i);
        keys.add(email);
        records.add(
            "{\"email\":\""
                + email
                + "\",\"first_name\":\"First "
                + i
                + "\",\"last_name\":\""
                + lastName
                + "\",\"default_currency\":\"EUR\"}");
      }
      byte[] body = syncBody("customers", "email", null, records);
      Call call = syncCall(body, keys, emails, "created", false, Map.of());

      // A full GC first, so that "before" is the live heap, not leftover garbage of earlier runs.
      app.jcmd("GC.run");
      try (HeapSampler sampler = HeapSampler.start(app)) {
        double before = sampler.awaitFirstMb();
        Load load = drive(1, Source.of(List.of(call), null));
        double peak = Math.max(before, sampler.peakMb());
        String name = String.format(Locale.ROOT, "one %,d-record request", sizes.bigRecords);
        rows.add(row(name, load, load.recordsPerSecond() / raw.customerRows, "raw (a) batch rows"));
        return new BigRequest(body.length / 1e6, load.seconds, before, peak);
      }
    }

    // ---- correctness

    /** What the service acknowledged is in the database exactly once, and the stats agree. */
    private String verify() throws Exception {
      try (Http http = app.client()) {
        Response stats = http.send(Call.get("/api/v1/sync/stats", r -> {}));
        if (stats.status != 200) {
          throw new IllegalStateException("stats -> " + stats.status + " " + stats.text(300));
        }
        checkStats(stats.text(), "at the end");
      }
      try (Connection db = RawSqlite.open(app.db)) {
        compare("customer emails", emails, column(db, "SELECT email FROM customers"));
        compare("order numbers", orderNumbers, column(db, "SELECT order_number FROM orders"));
        long items = count(db, "SELECT count(*) FROM order_items");
        if (items != (long) ITEMS_PER_ORDER * orderNumbers.size()) {
          throw new IllegalStateException(
              "order_items holds " + items + " rows, expected " + ITEMS_PER_ORDER + " per order");
        }
        long products = count(db, "SELECT count(*) FROM products");
        if (products != PRODUCTS) {
          throw new IllegalStateException("products holds " + products + " rows");
        }
      }
      return String.format(
          "correctness: %,d emails, %,d order numbers and %,d items in the database exactly as"
              + " acknowledged; stats agree (%,d successful syncs + %,d seeded entries)",
          emails.size(),
          orderNumbers.size(),
          ITEMS_PER_ORDER * orderNumbers.size(),
          syncsOk.get(),
          seeded.values().stream().mapToLong(Long::longValue).sum());
    }

    private void checkStats(String body, String when) {
      Map<String, Long> expected = new LinkedHashMap<>();
      expected.put("successful", syncsOk.get() + seeded.getOrDefault("successful", 0L));
      for (String status : List.of("failed", "invalid", "pending_retry", "partial")) {
        expected.put(status, seeded.getOrDefault(status, 0L));
      }
      expected.put("total", expected.values().stream().mapToLong(Long::longValue).sum());
      for (var e : expected.entrySet()) {
        // The overall counts come before by_model, so the first occurrence is the overall one.
        long actual = firstNumber(body, e.getKey());
        if (actual != e.getValue()) {
          throw new IllegalStateException(
              "stats "
                  + when
                  + ": "
                  + e.getKey()
                  + " = "
                  + actual
                  + ", expected "
                  + e.getValue()
                  + ": "
                  + body);
        }
      }
    }

    private static void checkHistoryPage(String body, long expectedTotal, boolean payload) {
      long total = firstNumber(body, "total");
      int entries = occurrences(body, "{\"id\":");
      boolean hasPayload = body.contains("\"payload\":");
      if (total != expectedTotal || entries != READ_PAGE_SIZE || hasPayload != payload) {
        throw new IllegalStateException(
            String.format(
                "history page: total %d (expected %d), %d entries, payload %s: %.300s",
                total, expectedTotal, entries, hasPayload, body));
      }
    }

    private static void compare(String what, Set<String> acknowledged, List<String> stored) {
      Set<String> storedSet = new HashSet<>(stored);
      if (storedSet.size() != stored.size()) {
        throw new IllegalStateException(what + ": the database holds duplicates");
      }
      if (!storedSet.equals(acknowledged)) {
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(storedSet);
        Set<String> extra = new HashSet<>(storedSet);
        extra.removeAll(acknowledged);
        throw new IllegalStateException(
            String.format(
                "%s: %d acknowledged, %d stored; missing e.g. %s, unexpected e.g. %s",
                what,
                acknowledged.size(),
                stored.size(),
                missing.stream().limit(3).toList(),
                extra.stream().limit(3).toList()));
      }
    }

    // ---- building requests

    /** Keys of {@code requests} requests of PER_REQUEST customers: tag-request-i@bench.example. */
    private static List<List<String>> keys(String tag, int requests) {
      List<List<String>> keys = new ArrayList<>(requests);
      for (int r = 0; r < requests; r++) {
        List<String> request = new ArrayList<>(PER_REQUEST);
        for (int i = 0; i < PER_REQUEST; i++) {
          request.add(tag + "-" + r + "-" + i + "@bench.example");
        }
        keys.add(request);
      }
      return keys;
    }

    private static List<List<String>> orderKeys(String tag, int requests) {
      List<List<String>> keys = new ArrayList<>(requests);
      for (int r = 0; r < requests; r++) {
        List<String> request = new ArrayList<>(PER_REQUEST);
        for (int i = 0; i < PER_REQUEST; i++) {
          request.add(tag + "-" + r + "-" + i);
        }
        keys.add(request);
      }
      return keys;
    }

    private List<Call> customerCalls(
        List<List<String>> keys,
        String matchOn,
        Boolean atomic,
        String firstName,
        String outcome,
        boolean collectIds) {
      List<Call> calls = new ArrayList<>(keys.size());
      for (List<String> request : keys) {
        List<String> records = request.stream().map(email -> customer(email, firstName)).toList();
        byte[] body = syncBody("customers", matchOn, atomic, records);
        calls.add(syncCall(body, request, emails, outcome, collectIds, Map.of()));
      }
      return calls;
    }

    private List<Call> orderCalls(
        List<List<String>> keys,
        List<Long> customers,
        List<Long> products,
        String status,
        String outcome) {
      List<Call> calls = new ArrayList<>(keys.size());
      int n = 0;
      for (List<String> request : keys) {
        List<String> records = new ArrayList<>(request.size());
        for (String orderNumber : request) {
          StringBuilder order =
              new StringBuilder("{\"order_number\":\"")
                  .append(orderNumber)
                  .append("\",\"customer_id\":")
                  .append(customers.get(n % customers.size()))
                  .append(",\"status\":\"")
                  .append(status)
                  .append("\",\"items\":[");
          for (int item = 0; item < ITEMS_PER_ORDER; item++) {
            order
                .append(item == 0 ? "" : ",")
                .append("{\"product_id\":")
                .append(products.get((n + item * 31) % products.size()))
                .append(",\"qty\":")
                .append(item + 1)
                .append(",\"unit_price\":\"")
                .append(item * 5 + 4)
                .append(".50\"}");
          }
          records.add(order.append("]}").toString());
          n++;
        }
        byte[] body = syncBody("orders", "order_number", null, records);
        calls.add(syncCall(body, request, orderNumbers, outcome, false, Map.of()));
      }
      return calls;
    }

    /**
     * Customer requests with an Idempotency-Key each; the first answers are kept so that the
     * replays can be compared with them byte for byte.
     */
    private List<Call> idempotentCalls(
        List<List<String>> keys, String tag, Map<String, byte[]> firstAnswers, boolean replay) {
      List<Call> calls = new ArrayList<>(keys.size());
      for (int r = 0; r < keys.size(); r++) {
        List<String> request = keys.get(r);
        List<String> records = request.stream().map(email -> customer(email, "First")).toList();
        byte[] body = syncBody("customers", null, null, records);
        String key = "bench-" + tag + "-" + r;
        Map<String, String> headers = Map.of("Idempotency-Key", key);
        if (!replay) {
          Call first = syncCall(body, request, emails, "created", false, headers);
          calls.add(
              Call.post(
                  "/api/v1/sync",
                  body,
                  headers,
                  request.size(),
                  response -> {
                    first.check.accept(response);
                    firstAnswers.put(key, response.body);
                  }));
        } else {
          calls.add(
              Call.post(
                  "/api/v1/sync",
                  body,
                  headers,
                  request.size(),
                  response -> {
                    if (response.status != 200
                        || !"true".equals(response.header("idempotent-replayed"))
                        || !Arrays.equals(response.body, firstAnswers.get(key))) {
                      throw new IllegalStateException(
                          "replay of "
                              + key
                              + " -> "
                              + response.status
                              + ", Idempotent-Replayed: "
                              + response.header("idempotent-replayed")
                              + ", same body: "
                              + Arrays.equals(response.body, firstAnswers.get(key)));
                    }
                  }));
        }
      }
      return calls;
    }

    /**
     * A sync POST whose answer must be 200 with one result per record, each {@code outcome};
     * then its keys count as acknowledged (and, if asked, the ids are kept for later requests).
     */
    private Call syncCall(
        byte[] body,
        List<String> keys,
        Set<String> ledger,
        String outcome,
        boolean collectIds,
        Map<String, String> headers) {
      return Call.post(
          "/api/v1/sync",
          body,
          headers,
          keys.size(),
          response -> {
            List<Long> ids = expectResults(response, keys.size(), outcome);
            ledger.addAll(keys);
            syncsOk.incrementAndGet();
            if (collectIds) {
              customerIds.addAll(ids);
            }
          });
    }

    // ---- measuring

    /** Warm-up calls, then the measured ones, from 2 clients; adds the table row. */
    private void bulk(
        String name,
        List<Call> warmup,
        List<Call> measured,
        int rowsPerRecord,
        double baselineRows,
        String baseline)
        throws Exception {
      drive(2, Source.of(warmup, null));
      Load load = drive(2, Source.of(measured, null));
      rows.add(row(name, load, load.recordsPerSecond() * rowsPerRecord / baselineRows, baseline));
    }

    private Row row(String name, Load load, double ratio, String baseline) {
      return new Row(
          name,
          load.requestsPerSecond(),
          load.recordsPerSecond(),
          load.percentileMs(0.50),
          load.percentileMs(0.99),
          load.cpuNanos / 1000.0 / load.records,
          ratio,
          baseline);
    }

    /**
     * Sends the source's calls from {@code clients} threads, one keep-alive connection each, and
     * measures wall time, per-request latency and the service's CPU time.
     */
    private Load drive(int clients, Source source) throws Exception {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong records = new AtomicLong();
      AtomicLong bytes = new AtomicLong();
      List<long[]> latencies = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      long cpuBefore = app.cpuNanos();
      long started = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        LongList mine = new LongList();
        Thread thread =
            new Thread(
                () -> {
                  try (Http http = app.client()) {
                    Call call;
                    while (failure.get() == null && (call = source.next()) != null) {
                      long sent = System.nanoTime();
                      Response response = http.send(call);
                      mine.add(System.nanoTime() - sent);
                      call.check.accept(response);
                      records.addAndGet(call.records);
                      bytes.addAndGet(response.body.length);
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  } finally {
                    synchronized (latencies) {
                      latencies.add(mine.toArray());
                    }
                  }
                });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      double elapsed = seconds(started);
      long cpu = app.cpuNanos() - cpuBefore;
      if (failure.get() != null) {
        throw new IllegalStateException("request failed: " + failure.get(), failure.get());
      }
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      if (all.length == 0) {
        throw new IllegalStateException("no request was sent");
      }
      return new Load(all.length, records.get(), elapsed, all, cpu, bytes.get());
    }
  }

  /** What one load phase measured; latencies sorted, in nanoseconds. */
  record Load(
      int requests, long records, double seconds, long[] latencies, long cpuNanos, long bytes) {

    double requestsPerSecond() {
      return requests / seconds;
    }

    double recordsPerSecond() {
      return records / seconds;
    }

    /** Nearest-rank percentile. */
    double percentileMs(double q) {
      int rank = (int) Math.ceil(q * latencies.length);
      return latencies[Math.max(0, rank - 1)] / 1e6;
    }
  }

  /** Hands out calls to the client threads until the list is used up or the time is over. */
  static final class Source {
    private final IntFunction<Call> calls;
    private final int count;
    private final long deadline;
    private final AtomicInteger next = new AtomicInteger();

    private Source(IntFunction<Call> calls, int count, Duration limit) {
      this.calls = calls;
      this.count = count;
      this.deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
    }

    /** The calls of a list, in order, each once; {@code limit} null means no time limit. */
    static Source of(List<Call> calls, Duration limit) {
      return new Source(calls::get, calls.size(), limit);
    }

    /** The same call again and again for {@code limit}. */
    static Source repeat(Call call, Duration limit) {
      return new Source(i -> call, Integer.MAX_VALUE, limit);
    }

    Call next() {
      if (System.nanoTime() >= deadline) {
        return null;
      }
      int i = next.getAndIncrement();
      return i < count ? calls.apply(i) : null;
    }

    /** How many calls were handed out. */
    int used() {
      return Math.min(next.get(), count);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  interface Check {
    void accept(Response response) throws Exception;
  }

  interface BodyCheck {
    void check(String body) throws Exception;
  }

  /**
   * One prepared request: the head and the body as bytes, ready to write, with the number of
   * records it carries and the check its answer must pass.
   */
  record Call(byte[] head, byte[] body, int records, Check check) {

    static Call get(String path, Check check) {
      String head =
          "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-auth-token: " + TOKEN + "\r\n\r\n";
      return new Call(head.getBytes(StandardCharsets.US_ASCII), new byte[0], 1, check);
    }

    static Call post(
        String path, byte[] body, Map<String, String> headers, int records, Check check) {
      StringBuilder head =
          new StringBuilder("POST ")
              .append(path)
              .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nx-auth-token: ")
              .append(TOKEN)
              .append("\r\nContent-Type: application/json\r\nContent-Length: ")
              .append(body.length)
              .append("\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("\r\n");
      return new Call(head.toString().getBytes(StandardCharsets.US_ASCII), body, records, check);
    }
  }

  record Response(int status, Map<String, String> headers, byte[] body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String text(int max) {
      String text = text();
      return text.length() <= max ? text : text.substring(0, max) + "\u2026";
    }
  }

  /**
   * A minimal HTTP/1.1 client on one keep-alive connection: writes the prepared bytes, reads the
   * status line, the headers and a Content-Length or chunked body. Reconnects when the server
   * closes (Tomcat does after 100 requests on one connection).
   */
  static final class Http implements Closeable {
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Http(int port) {
      this.port = port;
    }

    Response send(Call call) throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) TimeUnit.MINUTES.toMillis(5));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      }
      out.write(call.head);
      out.write(call.body);
      out.flush();
      Response response = read();
      if ("close".equalsIgnoreCase(response.header("connection"))) {
        close();
      }
      return response;
    }

    private Response read() throws IOException {
      String statusLine = line();
      if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
        throw new IOException("bad status line: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = line(); !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      byte[] body;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = chunked();
      } else if (headers.containsKey("content-length")) {
        body = exactly(Integer.parseInt(headers.get("content-length")));
      } else if (status == 204 || status == 304 || status / 100 == 1) {
        body = new byte[0];
      } else {
        body = in.readAllBytes(); // no length: the body ends with the connection
        headers.put("connection", "close");
      }
      return new Response(status, headers, body);
    }

    private byte[] chunked() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = line();
        int semicolon = sizeLine.indexOf(';');
        int size =
            Integer.parseInt(
                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        if (size == 0) {
          while (!line().isEmpty()) {
            // trailers: none expected, skipped
          }
          return body.toByteArray();
        }
        body.write(exactly(size));
        line(); // the CRLF after the chunk
      }
    }

    private byte[] exactly(int n) throws IOException {
      byte[] bytes = in.readNBytes(n);
      if (bytes.length != n) {
        throw new EOFException("connection closed after " + bytes.length + " of " + n + " bytes");
      }
      return bytes;
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new EOFException("connection closed by the server");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The service under test

  /** The packaged service, started on a fresh database in a temporary directory. */
  static final class App implements AutoCloseable {
    final Process process;
    final Path dir;
    final Path db;
    final Path log;
    final int port;
    double startupMs;

    private App(Process process, Path dir, int port) {
      this.process = process;
      this.dir = dir;
      this.db = dir.resolve("bench.db");
      this.log = dir.resolve("app.log");
      this.port = port;
    }

    static App start(Path jar) throws Exception {
      return start(jar, Map.of());
    }

    /** @param environment more environment variables, e.g. DATABASE_URL (ScaleOutBench) */
    static App start(Path jar, Map<String, String> environment) throws Exception {
      return start(jar, environment, List.of());
    }

    /** @param prefix a command the JVM is started under, e.g. {@code taskset -c 0} */
    static App start(Path jar, Map<String, String> environment, List<String> prefix)
        throws Exception {
      Path dir = Files.createTempDirectory("sync-bench");
      int port = freePort();
      List<String> command = new ArrayList<>(prefix);
      command.addAll(command(jar));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("app.log").toFile());
      builder.environment().put("APP_AUTH_TOKEN", TOKEN);
      builder.environment().put("PORT", String.valueOf(port));
      builder.environment().put("DB_PATH", dir.resolve("bench.db").toString());
      builder.environment().putAll(environment);
      long started = System.nanoTime();
      App app = new App(builder.start(), dir, port);
      // Also when the bench is interrupted: never leave a service running.
      Runtime.getRuntime().addShutdownHook(new Thread(app.process::destroyForcibly));
      try {
        app.awaitHealthy();
      } catch (Exception e) {
        System.err.println(app.logTail(40));
        app.close();
        throw e;
      }
      app.startupMs = (System.nanoTime() - started) / 1e6;
      return app;
    }

    private void awaitHealthy() throws Exception {
      Call health = Call.get("/api/v1/healthz", r -> {});
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the service exited with " + process.exitValue());
        }
        try (Http http = client()) {
          if (http.send(health).status == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("the service did not become healthy in 3 minutes");
    }

    Http client() {
      return new Http(port);
    }

    /** User + system CPU time of the service, from /proc (USER_HZ is 100 on Linux). */
    long cpuNanos() throws IOException {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    long rssKb() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    /** Runs a jcmd command against the service and returns its output. */
    String jcmd(String command) throws Exception {
      Process jcmd =
          new ProcessBuilder(jdkTool("jcmd"), String.valueOf(process.pid()), command)
              .redirectErrorStream(true)
              .start();
      String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (jcmd.waitFor() != 0) {
        throw new IllegalStateException("jcmd " + command + " failed: " + output);
      }
      return output;
    }

    /** The collector the JVM chose (the bench sets none). */
    String gcName() throws Exception {
      Matcher m = Pattern.compile("-XX:\\+Use(\\w+)GC").matcher(jcmd("VM.flags"));
      return m.find() ? m.group(1) : "unknown";
    }

    String logTail(int lines) {
      try {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
  }

  /**
   * Samples the service's used heap (survivors + eden + old, from {@code jstat -gc PID 50}) in the
   * background. jstat reads the JVM's shared performance counters, so sampling costs the service
   * nothing; G1 updates eden usage per region, which is fine grain enough for a 20 MB request.
   */
  static final class HeapSampler implements AutoCloseable {
    private final Process jstat;
    private final Thread reader;
    private final AtomicLong peakKb = new AtomicLong(-1);
    private final AtomicLong firstKb = new AtomicLong(-1);

    private HeapSampler(Process jstat) {
      this.jstat = jstat;
      this.reader = new Thread(this::readSamples);
      reader.setDaemon(true);
      reader.start();
    }

    static HeapSampler start(App app) throws IOException {
      return new HeapSampler(
          new ProcessBuilder(jdkTool("jstat"), "-gc", String.valueOf(app.process.pid()), "50")
              .redirectErrorStream(true)
              .start());
    }

    private void readSamples() {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
        List<String> columns = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          List<String> fields = Arrays.asList(line.trim().split("\\s+"));
          if (fields.contains("EU")) {
            columns = fields;
          } else if (columns != null && fields.size() == columns.size()) {
            double used = 0;
            for (String column : List.of("S0U", "S1U", "EU", "OU")) {
              used += Double.parseDouble(fields.get(columns.indexOf(column)));
            }
            long kb = (long) used;
            firstKb.compareAndSet(-1, kb);
            peakKb.accumulateAndGet(kb, Math::max);
          }
        }
      } catch (IOException e) {
        // jstat ended
      }
    }

    /** Waits for the first sample: the heap in use before the request. */
    double awaitFirstMb() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (firstKb.get() < 0) {
        if (System.nanoTime() > deadline || !jstat.isAlive()) {
          throw new IllegalStateException("jstat gave no heap sample");
        }
        Thread.sleep(10);
      }
      peakKb.set(firstKb.get());
      return firstKb.get() / 1024.0;
    }

    double peakMb() throws InterruptedException {
      Thread.sleep(100); // the samples of the request's last moments
      return peakKb.get() / 1024.0;
    }

    @Override
    public void close() throws InterruptedException {
      jstat.destroy();
      jstat.waitFor();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SQLite directly

  /** The raw baselines, on a scratch database with the app's schema and connection settings. */
  static final class RawSqlite {

    static Connection open(Path db) throws SQLException {
      // The settings the app gives sqlite-jdbc (application.yml, hikari data-source-properties).
      Properties settings = new Properties();
      settings.setProperty("journal_mode", "WAL");
      // The service's own setting (DB_SYNCHRONOUS, default FULL), which the child process inherits.
      settings.setProperty("synchronous", System.getenv().getOrDefault("DB_SYNCHRONOUS", "FULL"));
      settings.setProperty("foreign_keys", "true");
      settings.setProperty("busy_timeout", "10000");
      return DriverManager.getConnection("jdbc:sqlite:" + db, settings);
    }

    static Baselines measure(Path jar, Sizes sizes) throws Exception {
      Path dir = Files.createTempDirectory("sync-bench-raw");
      try {
        // Untimed first rounds, so that the measured ones run on loaded classes and JIT-compiled
        // code in every run, the first one of this JVM included.
        customerBatch(schema(jar, dir.resolve("warm-a.db")), 5 * PER_REQUEST);
        orderBatch(schema(jar, dir.resolve("warm-b.db")), 5 * PER_REQUEST);
        singleCommits(schema(jar, dir.resolve("warm-c.db")), Duration.ofMillis(200));
        int rows = sizes.bulkRequests * PER_REQUEST;
        return new Baselines(
            customerBatch(schema(jar, dir.resolve("a.db")), rows),
            orderBatch(schema(jar, dir.resolve("b.db")), rows),
            singleCommits(schema(jar, dir.resolve("c.db")), sizes.rawSingleCommits));
      } finally {
        try (var files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }

    /** (a) Customer rows, 1,000 per transaction, as a JDBC batch; rows per second. */
    static double customerBatch(Connection c, int rows) throws SQLException {
      try (c;
          PreparedStatement insert = c.prepareStatement(CUSTOMER_INSERT)) {
        c.setAutoCommit(false);
        long started = System.nanoTime();
        for (int i = 0; i < rows; i++) {
          bindCustomer(insert, "raw-" + i + "@bench.example");
          insert.addBatch();
          if ((i + 1) % PER_REQUEST == 0 || i + 1 == rows) {
            insert.executeBatch();
            c.commit();
          }
        }
        return rows / seconds(started);
      }
    }

    /**
     * (b) Orders with 3 items each, 1,000 orders per transaction; rows (order + items) per
     * second. The ids are assigned here, so that the items can refer to their order in the same
     * batch; the customers and products they refer to are inserted first, untimed.
     */
    static double orderBatch(Connection c, int orders) throws SQLException {
      try (c;
          PreparedStatement customer = c.prepareStatement(CUSTOMER_INSERT);
          PreparedStatement product =
              c.prepareStatement(
                  "INSERT INTO products (name, price, currency, active, created_at, updated_at)"
                      + " VALUES (?, ?, 'USD', 1, ?, ?)");
          PreparedStatement order =
              c.prepareStatement(
                  "INSERT INTO orders (id, order_number, customer_id, status, currency, amount,"
                      + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement item =
              c.prepareStatement(
                  "INSERT INTO order_items (order_id, product_id, qty, unit_price)"
                      + " VALUES (?, ?, ?, ?)")) {
        c.setAutoCommit(false);
        long now = System.currentTimeMillis();
        for (int i = 0; i < PER_REQUEST; i++) {
          bindCustomer(customer, "raw-" + i + "@bench.example");
          customer.addBatch();
        }
        customer.executeBatch();
        for (int i = 0; i < PRODUCTS; i++) {
          product.setString(1, "raw product " + i);
          product.setBigDecimal(2, new BigDecimal("9.99"));
          product.setLong(3, now);
          product.setLong(4, now);
          product.addBatch();
        }
        product.executeBatch();
        c.commit();

        long started = System.nanoTime();
        for (int i = 0; i < orders; i++) {
          order.setLong(1, i + 1);
          order.setString(2, "raw-" + i);
          order.setLong(3, i % PER_REQUEST + 1);
          order.setString(4, "new");
          order.setString(5, "USD");
          order.setBigDecimal(6, new BigDecimal("47.00"));
          order.setLong(7, now);
          order.setLong(8, now);
          order.addBatch();
          for (int n = 0; n < ITEMS_PER_ORDER; n++) {
            item.setLong(1, i + 1);
            item.setLong(2, (i + n * 31) % PRODUCTS + 1);
            item.setInt(3, n + 1);
            item.setBigDecimal(4, new BigDecimal((n * 5 + 4) + ".50"));
            item.addBatch();
          }
          if ((i + 1) % PER_REQUEST == 0 || i + 1 == orders) {
            order.executeBatch();
            item.executeBatch();
            c.commit();
          }
        }
        return (double) orders * (1 + ITEMS_PER_ORDER) / seconds(started);
      }
    }

    /** (c) One customer row per autocommit INSERT, for a fixed time; commits per second. */
    static double singleCommits(Connection c, Duration duration) throws SQLException {
      try (c;
          PreparedStatement insert = c.prepareStatement(CUSTOMER_INSERT)) {
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        int commits = 0;
        while (System.nanoTime() < end) {
          bindCustomer(insert, "single-" + commits + "@bench.example");
          insert.executeUpdate();
          commits++;
        }
        return commits / seconds(started);
      }
    }

    static final String CUSTOMER_INSERT =
        "INSERT INTO customers (email, first_name, last_name, default_currency, created_at,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?)";

    /** The app stores timestamps as epoch milliseconds. */
    static void bindCustomer(PreparedStatement insert, String email) throws SQLException {
      long now = System.currentTimeMillis();
      insert.setString(1, email);
      insert.setString(2, "First");
      insert.setString(3, "Last");
      insert.setString(4, "USD");
      insert.setLong(5, now);
      insert.setLong(6, now);
    }

    /**
     * A new database with the app's own schema: the SQLite Flyway scripts, read from the jar so
     * that the baseline always has the tables and indexes the service has.
     */
    static Connection schema(Path jar, Path db) throws Exception {
      Connection c = open(db);
      try (Statement statement = c.createStatement()) {
        for (String sql : migrations(jar, "sqlite")) {
          // Statements end at ';', except inside a trigger's BEGIN … END.
          StringBuilder ddl = new StringBuilder();
          for (String piece : sql.replaceAll("--[^\n]*", "").split(";")) {
            ddl.append(piece).append(';');
            String text = ddl.toString().strip();
            boolean openTrigger =
                text.toUpperCase().contains("CREATE TRIGGER")
                    && !text.toUpperCase().matches("(?s).*\\bEND\\s*;$");
            if (!openTrigger) {
              if (!piece.isBlank()) {
                statement.execute(text);
              }
              ddl.setLength(0);
            }
          }
        }
      }
      return c;
    }
  }

  /** The text of the jar's Flyway scripts for one database ({@code sqlite}, {@code postgresql}). */
  static List<String> migrations(Path jar, String vendor) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<String> scripts =
          zip.stream()
              .map(e -> e.getName())
              .filter(n -> n.matches("BOOT-INF/classes/db/migration/" + vendor + "/V\\d+__.*\\.sql"))
              .sorted(Comparator.comparingInt(SyncBench::version))
              .toList();
      if (scripts.isEmpty()) {
        throw new IllegalStateException("no " + vendor + " migrations in " + jar);
      }
      List<String> texts = new ArrayList<>();
      for (String script : scripts) {
        texts.add(
            new String(
                zip.getInputStream(zip.getEntry(script)).readAllBytes(), StandardCharsets.UTF_8));
      }
      return texts;
    }
  }

  private static int version(String script) {
    Matcher m = Pattern.compile("/V(\\d+)__").matcher(script);
    m.find();
    return Integer.parseInt(m.group(1));
  }

  /**
   * Fills the running service's sync_history through a second connection to its database file,
   * 10,000 rows per transaction: entries like the service writes, with small payloads, spread over
   * models and statuses (80 % successful, 10 % failed, 5 % invalid, 4 % partial, 1 % waiting for a
   * retry far in the future, so that the retry worker leaves them alone).
   */
  static final class HistorySeeder {
    static final String[] MODELS = {"customers", "products", "orders", "employees"};
    static final long FAR_FUTURE = 32_503_680_000_000L; // year 3000, epoch millis

    /** Seeds {@code count} entries and returns how many of each status. */
    static Map<String, Long> seed(Path db, int count) throws SQLException {
      Map<String, Long> counts = new LinkedHashMap<>();
      long now = System.currentTimeMillis();
      try (Connection c = RawSqlite.open(db);
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO sync_history (model, payload, status, failure_reason, retries,"
                      + " records, duration_ms, request_id, created_at, updated_at, options,"
                      + " failed_records, next_attempt_at)"
                      + " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)")) {
        c.setAutoCommit(false);
        for (int i = 0; i < count; i++) {
          String model = MODELS[i % MODELS.length];
          String status = status(i);
          boolean failed = !status.equals("successful");
          long created = now - (count - i) * 10L;
          insert.setString(1, model);
          insert.setString(2, status.equals("invalid") ? "[]" : payload(model, i));
          insert.setString(3, status);
          insert.setString(4, failed ? failureReason(status) : null);
          insert.setInt(5, status.equals("pending_retry") ? 1 : 0);
          insert.setLong(6, i % 50);
          insert.setString(7, "seed-" + i);
          insert.setLong(8, created);
          insert.setLong(9, created);
          insert.setString(10, status.equals("partial") ? "{\"atomic\":false}" : null);
          insert.setString(11, status.equals("partial") ? "[0]" : null);
          if (status.equals("pending_retry")) {
            insert.setLong(12, FAR_FUTURE);
          } else {
            insert.setNull(12, java.sql.Types.BIGINT);
          }
          insert.addBatch();
          counts.merge(status, 1L, Long::sum);
          if ((i + 1) % 10_000 == 0 || i + 1 == count) {
            insert.executeBatch();
            c.commit();
          }
        }
      }
      return counts;
    }

    private static String status(int i) {
      int bucket = i % 100;
      if (bucket < 80) {
        return "successful";
      } else if (bucket < 90) {
        return "failed";
      } else if (bucket < 95) {
        return "invalid";
      } else if (bucket < 99) {
        return "partial";
      }
      return "pending_retry";
    }

    private static String failureReason(String status) {
      return switch (status) {
        case "invalid" -> "data: This list may not be empty.";
        case "partial" ->
            "Record at index 0, field 'email': Enter a valid email address. (1 record failed)";
        default -> "Record at index 0, field 'email': Enter a valid email address.";
      };
    }

    private static String payload(String model, int i) {
      return switch (model) {
        case "customers" ->
            "[{\"email\":\"seed-"
                + i
                + "@bench.example\",\"first_name\":\"Seed\",\"last_name\":\"Entry\"}]";
        case "products" -> "[{\"name\":\"seed product " + i + "\",\"price\":\"9.99\"}]";
        case "orders" ->
            "[{\"order_number\":\"seed-"
                + i
                + "\",\"customer_id\":1,\"status\":\"new\",\"amount\":\"9.99\"}]";
        default ->
            "[{\"employee_id\":\"E-" + i + "\",\"first_name\":\"Seed\",\"last_name\":\"Entry\","
                + "\"email\":\"seed-" + i + "@bench.example\"}]";
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  static final Pattern RESULT = Pattern.compile("\\{\"id\":(\\d+),\"status\":\"(\\w+)\"\\}");

  /**
   * Checks a sync answer: 200, one result per record, each with the expected status; returns the
   * ids in input order.
   */
  static List<Long> expectResults(Response response, int records, String outcome) {
    String body = response.text();
    if (response.status != 200) {
      throw new IllegalStateException("sync -> " + response.status + " " + response.text(500));
    }
    List<Long> ids = new ArrayList<>(records);
    Matcher m = RESULT.matcher(body);
    while (m.find()) {
      if (!m.group(2).equals(outcome)) {
        throw new IllegalStateException(
            "record " + ids.size() + " was " + m.group(2) + ", expected " + outcome);
      }
      ids.add(Long.parseLong(m.group(1)));
    }
    if (ids.size() != records) {
      throw new IllegalStateException(
          ids.size() + " results for " + records + " records: " + response.text(500));
    }
    return ids;
  }

  static String customer(String email, String firstName) {
    return "{\"email\":\""
        + email
        + "\",\"first_name\":\""
        + firstName
        + "\",\"last_name\":\"Last\"}";
  }

  static byte[] syncBody(String model, String matchOn, Boolean atomic, List<String> records) {
    StringBuilder body = new StringBuilder("{\"model\":\"").append(model).append('"');
    if (matchOn != null) {
      body.append(",\"match_on\":\"").append(matchOn).append('"');
    }
    if (atomic != null) {
      body.append(",\"atomic\":").append(atomic);
    }
    body.append(",\"data\":[").append(String.join(",", records)).append("]}");
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  static long firstNumber(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no \"" + key + "\" in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  static List<String> column(Connection db, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  static long count(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  static <T> double median(List<T> items, java.util.function.ToDoubleFunction<T> value) {
    double[] values = items.stream().mapToDouble(value).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** A tool of the JDK that runs this program (the service runs on the same JDK). */
  static String jdkTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  /** A growable list of longs, so that latencies are not boxed. */
  static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  /** The results as a Markdown table whose columns are also padded to line up as plain text. */
  static void printTable(List<Row> rows) {
    List<String> header =
        List.of(
            "scenario",
            "requests/s",
            "records/s",
            "p50 ms",
            "p99 ms",
            "server CPU \u00b5s/record",
            "ratio to baseline",
            "baseline used");
    List<List<String>> cells = new ArrayList<>();
    for (Row row : rows) {
      cells.add(
          List.of(
              row.scenario,
              number(row.requestsPerSecond, row.requestsPerSecond < 10 ? 2 : 0),
              number(row.recordsPerSecond, 0),
              number(row.p50Ms, row.p50Ms < 10 ? 2 : 1),
              number(row.p99Ms, row.p99Ms < 10 ? 2 : 1),
              number(row.cpuMicrosPerRecord, row.cpuMicrosPerRecord < 100 ? 1 : 0),
              Double.isNaN(row.ratio)
                  ? "\u2014"
                  : String.format(Locale.ROOT, "%.2f\u00d7", row.ratio),
              row.baseline));
    }
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> line : cells) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    System.out.println(tableLine(header, widths));
    System.out.println(
        java.util.stream.IntStream.range(0, widths.length)
            .mapToObj(i -> "-".repeat(widths[i] - 1) + (textColumn(i) ? "-" : ":"))
            .collect(Collectors.joining(" | ", "| ", " |")));
    for (List<String> line : cells) {
      System.out.println(tableLine(line, widths));
    }
  }

  private static String tableLine(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      // Text columns left-aligned, numbers right-aligned.
      line.append(' ').append(textColumn(i) ? cell + pad : pad + cell).append(" |");
    }
    return line.toString();
  }

  private static boolean textColumn(int i) {
    return i == 0 || i == 7;
  }

  private static String number(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "\u2014";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
