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
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
 * Exits 1 on any non-2xx answer (or GraphQL errors array) or mismatch, so that CI can run {@code
 * --smoke}. Started by bench/run.sh, which puts the jar's sqlite-jdbc on the class path:
 *
 * <pre>java -cp sqlite-jdbc.jar bench/SyncBench.java JAR [--smoke] [--runs N]</pre>
 *
 * With {@code --compare} (bench/compare.sh) it measures two builds side by side in the same runs
 * and prints their after/before ratios and the gates (see {@link Compare}); {@code --aot} names the
 * directories where bench/compare.sh extracted each jar and recorded its AOT cache:
 *
 * <pre>java -cp sqlite-jdbc.jar bench/SyncBench.java --compare BEFORE_JAR AFTER_JAR
 *     [--aot BEFORE_DIR AFTER_DIR] [--smoke] [--runs N]</pre>
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
      Duration rawSingleCommits,
      int employeeSeeds) {

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
          Duration.ofSeconds(3),
          10_000);
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
          Duration.ofMillis(300),
          1_000);
    }

    /**
     * The full sizes, but with 3 times the bulk requests (and their raw baseline) and 5 times the
     * Idempotency-Key ones: a before/after gate of 0.95 needs measurements of seconds, not of half
     * a second, on a machine other work shares.
     */
    static Sizes compare() {
      Sizes full = full();
      return new Sizes(
          full.jitWarmup,
          3 * full.bulkRequests,
          full.bulkWarmup,
          5 * full.optionRequests,
          4 * full.optionWarmup,
          full.small,
          full.smallWarmup,
          full.smallMaxRequests,
          full.read,
          full.readWarmup,
          full.historySeeds,
          full.bigRecords,
          full.rawSingleCommits,
          full.employeeSeeds);
    }
  }

  public static void main(String[] args) {
    Path jar = null;
    boolean smoke = false;
    Integer runs = null;
    List<Path> compare = null;
    List<Path> aot = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> smoke = true;
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--compare" -> compare = List.of(Path.of(args[++i]), Path.of(args[++i]));
        case "--aot" -> aot = List.of(Path.of(args[++i]), Path.of(args[++i]));
        default -> jar = Path.of(args[i]);
      }
    }
    boolean usable =
        compare != null
            ? jar == null && compare.stream().allMatch(Files::isRegularFile)
            : jar != null && Files.isRegularFile(jar) && aot == null;
    if (!usable) {
      System.err.println(
          "usage: java bench/SyncBench.java JAR [--smoke] [--runs N]\n"
              + "       java bench/SyncBench.java --compare BEFORE_JAR AFTER_JAR"
              + " [--aot BEFORE_DIR AFTER_DIR] [--smoke] [--runs N]");
      System.exit(2);
    }
    // Compare: an even number, so that each build goes first in as many runs as the other.
    int repetitions = runs != null ? runs : smoke ? 1 : compare != null ? 4 : 3;
    System.out.printf(
        "JVM: %s %s (%s), app started with %s, default GC; %s mode, %d run(s)%n",
        System.getProperty("java.vm.name"),
        Runtime.version(),
        System.getProperty("java.vm.vendor"),
        String.join(" ", APP_HEAP, String.join(" ", APP_OPTIONS)).strip(),
        smoke ? "smoke" : "full",
        repetitions);
    try {
      if (compare != null) {
        boolean gatesPassed = new Compare(compare, aot, smoke).execute(repetitions);
        // 3, not 1: the benchmark itself ran and every answer was right.
        System.exit(gatesPassed ? 0 : 3);
      }
      Sizes sizes = smoke ? Sizes.smoke() : Sizes.full();
      List<RunResult> results = new ArrayList<>();
      for (int run = 1; run <= repetitions; run++) {
        System.out.printf("%n== run %d of %d%n", run, repetitions);
        RunResult result = Run.execute(jar.toAbsolutePath(), sizes);
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

  /** Which scenarios a run measures. */
  enum Plan {
    /** Every scenario, the big request and the three raw baselines: bench/run.sh. */
    ALL,
    /**
     * What bench/compare.sh sets side by side for two builds: the raw customer baseline, customer
     * creation, Idempotency-Key requests, the history page and stats, and GraphQL.
     */
    COMPARE
  }

  // The scenarios that Compare looks up by name.
  static final String CUSTOMERS_CREATE = "customers create, match_on=email";
  static final String IDEMPOTENT_FIRST = "option: Idempotency-Key, first";
  static final String IDEMPOTENT_REPLAY = "option: Idempotency-Key, replay";
  static final String HISTORY_PAGE = "history page (payload=false)";
  static final String STATS = "stats";
  static final String GRAPHQL_EMPLOYEES = "GraphQL employees, 10 per page";
  static final String GRAPHQL_CREATE = "GraphQL createEmployee";

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

  /**
   * @param rssAfterLoadMb the service's RSS after the last scenario, before the correctness check
   * @param big null when the plan has no big request
   */
  record RunResult(
      Baselines raw,
      double startupMs,
      double rssMb,
      double rssAfterLoadMb,
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
      System.out.printf("RSS after the load: %,.0f MB%n", rssAfterLoadMb);
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
          median(runs, RunResult::rssAfterLoadMb),
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
   * A measured step: its calls prepared, sent from {@code clients} connections, the warm-up first
   * (unmeasured), then the measured part, in one slice when the run is alone, in several that take
   * turns with the other service's when two are compared; {@code done} gets the sum of the measured
   * slices and adds the table row.
   */
  record Measure(String name, int clients, Feed warmup, Feed measured, Consumer<Load> done) {}

  /** One step of a run: unmeasured work, then a measurement (or null when there is none). */
  interface Stage {
    Measure run() throws Exception;
  }

  /** The calls of a measurement, handed out slice by slice. */
  interface Feed {
    /** The calls of slice {@code k} of {@code n}. */
    Source slice(int k, int n);

    /** Each call of the list once, in n equal parts (bulk requests). */
    static Feed of(List<Call> calls) {
      return (k, n) ->
          Source.of(calls.subList(k * calls.size() / n, (k + 1) * calls.size() / n), null);
    }

    /** The same call again and again for {@code duration} in all (reads). */
    static Feed repeat(Call call, Duration duration) {
      return (k, n) -> Source.repeat(call, duration.dividedBy(n));
    }
  }

  /**
   * Prepared calls, each sent once, in turn, a time-limited stretch at a time: built in advance,
   * more than a run can use, so that the time limit, not the list, ends a measurement.
   */
  static final class Cursor {
    private final List<Call> calls;
    private int next;
    private Source last;

    Cursor(List<Call> calls) {
      this.calls = calls;
    }

    /** Slices of at most {@code max} calls that last {@code duration} in all. */
    Feed feed(int max, Duration duration) {
      return (k, n) -> {
        advance();
        last =
            Source.of(
                calls.subList(next, Math.min(calls.size(), next + max)), duration.dividedBy(n));
        return last;
      };
    }

    boolean exhausted() {
      advance();
      return next >= calls.size();
    }

    private void advance() {
      if (last != null) {
        next += last.used();
        last = null;
      }
    }
  }

  /**
   * One repetition's scenarios against one service, stage by stage (see {@link #stages}). Holds
   * what the service acknowledged, to compare with the database at the end.
   */
  static final class Run {
    private final Sizes sizes;
    private final Plan plan;
    private final Baselines raw;
    private final App app;
    private final List<Row> rows = new ArrayList<>();
    private final List<ReadVolume> reads = new ArrayList<>();

    /** Every email and order number the service acknowledged with a 200. */
    private final Set<String> emails = ConcurrentHashMap.newKeySet();

    private final Set<String> orderNumbers = ConcurrentHashMap.newKeySet();

    /** Employee emails acknowledged by sync or by createEmployee. */
    private final Set<String> employeeEmails = ConcurrentHashMap.newKeySet();

    /** Sync requests answered 200 that wrote a history entry (idempotent replays do not). */
    private final AtomicLong syncsOk = new AtomicLong();

    private final ConcurrentLinkedQueue<Long> customerIds = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> productIds = new ConcurrentLinkedQueue<>();

    /** The answers to the first requests with an Idempotency-Key, by key. */
    private final Map<String, byte[]> firstAnswers = new ConcurrentHashMap<>();

    private Map<String, Long> seeded = Map.of();
    private double seedRowsPerSecond;
    private BigRequest big;
    private double rssAfterLoadMb;
    private String correctness;

    /**
     * @param raw the baselines the ratios are taken to
     * @param app the service, started on a fresh database
     */
    Run(Sizes sizes, Plan plan, Baselines raw, App app) {
      this.sizes = sizes;
      this.plan = plan;
      this.raw = raw;
      this.app = app;
    }

    /** A repetition on its own: the baselines, then a fresh service and every stage in turn. */
    static RunResult execute(Path jar, Sizes sizes) throws Exception {
      Baselines raw = RawSqlite.measure(jar, sizes, Plan.ALL);
      try (App app = App.start(jar)) {
        Run run = new Run(sizes, Plan.ALL, raw, app);
        return showingLogs(
            List.of(app),
            () -> {
              for (Stage stage : run.stages()) {
                Measure measure = stage.run();
                if (measure != null) {
                  run.drive(measure.clients, measure.warmup.slice(0, 1));
                  measure.done.accept(run.drive(measure.clients, measure.measured.slice(0, 1)));
                }
              }
              return run.result();
            });
      }
    }

    /**
     * Runs {@code work}; when it fails, prints the last lines of the services' logs first, before
     * closing them deletes their directories.
     */
    static <T> T showingLogs(List<App> apps, Callable<T> work) throws Exception {
      try {
        return work.call();
      } catch (Exception | Error e) {
        for (App app : apps) {
          System.err.println("---- last lines of the log of the service on port " + app.port + ":");
          System.err.println(app.logTail(40));
        }
        throw e;
      }
    }

    /** The stages of the plan, in order; each stage runs when the one before has finished. */
    List<Stage> stages() {
      List<Stage> stages = new ArrayList<>();
      stages.add(this::warmUp);
      stages.add(this::customersCreate);
      if (plan == Plan.ALL) {
        stages.add(this::customersUpdate);
        stages.add(this::createProducts);
        stages.add(() -> orders("orders create (3 items)", "new", "created"));
        stages.add(() -> orders("orders update (status)", "shipped", "updated"));
        stages.add(() -> smallRequests(2));
        stages.add(() -> smallRequests(4));
        stages.add(this::plainCreate);
        stages.add(this::allUnchanged);
        stages.add(this::atomicFalseCreate);
      }
      stages.add(this::idempotentFirst);
      stages.add(this::idempotentReplay);
      stages.add(this::seedHistory);
      stages.add(this::historyPage);
      stages.add(this::stats);
      if (plan == Plan.ALL) {
        stages.add(this::historyPageWithPayloads);
      }
      stages.add(this::seedEmployees);
      stages.add(this::employeesPage);
      stages.add(this::createEmployees);
      if (plan == Plan.ALL) {
        stages.add(this::bigRequest);
      }
      stages.add(this::verify);
      return stages;
    }

    /** After the last stage. */
    RunResult result() throws Exception {
      return new RunResult(
          raw,
          app.startupMs,
          app.startRssKb / 1024.0,
          rssAfterLoadMb,
          app.gcName(),
          seedRowsPerSecond,
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
    private Measure warmUp() throws Exception {
      List<List<String>> keys = keys("jit", sizes.jitWarmup);
      drive(2, Source.of(customerCalls(keys, "email", null, "First", "created", false), null));
      drive(2, Source.of(customerCalls(keys, "email", null, "Second", "updated", false), null));
      drive(2, Source.of(customerCalls(keys, "email", null, "Second", "unchanged", false), null));
      return null;
    }

    private Measure customersCreate() {
      return bulk(
          CUSTOMERS_CREATE,
          customerCalls(keys("cw", sizes.bulkWarmup), "email", null, "First", "created", true),
          customerCalls(keys("c", sizes.bulkRequests), "email", null, "First", "created", true),
          1,
          raw.customerRows,
          "raw (a) batch rows");
    }

    /** The customers that {@link #customersCreate} made, each with a new first name. */
    private Measure customersUpdate() {
      return bulk(
          "customers update, match_on=email",
          customerCalls(keys("cw", sizes.bulkWarmup), "email", null, "Second", "updated", false),
          customerCalls(keys("c", sizes.bulkRequests), "email", null, "Second", "updated", false),
          1,
          raw.customerRows,
          "raw (a) batch rows");
    }

    /** Orders of the customers made before, 3 items each; created, then their status updated. */
    private Measure orders(String name, String status, String outcome) {
      List<Long> customers = List.copyOf(customerIds);
      List<Long> products = List.copyOf(productIds);
      return bulk(
          name,
          orderCalls(orderKeys("ow", sizes.bulkWarmup), customers, products, status, outcome),
          orderCalls(orderKeys("o", sizes.bulkRequests), customers, products, status, outcome),
          1 + ITEMS_PER_ORDER,
          raw.orderRows,
          "raw (b), 4 rows/order");
    }

    /** The products orders refer to, created in one request; their ids come from the answer. */
    private Measure createProducts() throws Exception {
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
      return null;
    }

    /** Whether a 1-record scenario ran already: the first also waits for the JIT to compile it. */
    private boolean smallPathCompiled;

    /** 1-record creates from {@code clients} connections, against one-row commits of raw SQLite. */
    private Measure smallRequests(int clients) {
      Duration warmup = smallPathCompiled ? sizes.smallWarmup : sizes.smallWarmup.multipliedBy(3);
      smallPathCompiled = true;
      List<Call> calls = new ArrayList<>(sizes.smallMaxRequests);
      for (int i = 0; i < sizes.smallMaxRequests; i++) {
        String email = "s" + clients + "-" + i + "@bench.example";
        byte[] body = syncBody("customers", null, null, List.of(customer(email, "First")));
        calls.add(syncCall(body, List.of(email), emails, "created", false, Map.of()));
      }
      return timed(
          "small requests (1 record, " + clients + " connections)",
          clients,
          calls,
          warmup,
          sizes.small,
          load -> load.requestsPerSecond() / raw.singleCommits,
          "raw (c) single commits, per request");
    }

    // What the sync options cost (this replaces bench/ingest.mjs): 1,000 new customers per
    // request, without match_on, with atomic:false, with an Idempotency-Key and its replay, and
    // match_on with every record unchanged.

    private Measure plainCreate() {
      return bulk(
          "option: plain create (no match_on)",
          customerCalls(keys("pw", sizes.optionWarmup), null, null, "First", "created", false),
          customerCalls(keys("p", sizes.optionRequests), null, null, "First", "created", false),
          1,
          raw.customerRows,
          "raw (a) batch rows");
    }

    /** The update scenario's records once more: every one is now stored as sent. */
    private Measure allUnchanged() {
      return bulk(
          "option: match_on, all unchanged",
          customerCalls(
              keys("cw", sizes.optionWarmup), "email", null, "Second", "unchanged", false),
          customerCalls(
              keys("c", sizes.optionRequests), "email", null, "Second", "unchanged", false),
          1,
          raw.customerRows,
          "raw (a) batch rows");
    }

    private Measure atomicFalseCreate() {
      return bulk(
          "option: atomic=false create",
          customerCalls(keys("aw", sizes.optionWarmup), null, false, "First", "created", false),
          customerCalls(keys("a", sizes.optionRequests), null, false, "First", "created", false),
          1,
          raw.customerRows,
          "raw (a) batch rows");
    }

    /** New customers with an Idempotency-Key each. */
    private Measure idempotentFirst() {
      return bulk(
          IDEMPOTENT_FIRST,
          idempotentCalls(keys("iw", sizes.optionWarmup), "kw", false),
          idempotentCalls(keys("i", sizes.optionRequests), "k", false),
          1,
          raw.customerRows,
          "raw (a) batch rows");
    }

    /** The same requests again: each answered from the stored first answer. */
    private Measure idempotentReplay() {
      return bulk(
          IDEMPOTENT_REPLAY,
          idempotentCalls(keys("iw", sizes.optionWarmup), "kw", true),
          idempotentCalls(keys("i", sizes.optionRequests), "k", true),
          1,
          raw.customerRows,
          "raw (a) batch rows");
    }

    private Measure seedHistory() throws Exception {
      long started = System.nanoTime();
      seeded = HistorySeeder.seed(app.db, sizes.historySeeds);
      seedRowsPerSecond = sizes.historySeeds / seconds(started);
      return null;
    }

    private long expectedHistoryTotal() {
      return syncsOk.get() + seeded.values().stream().mapToLong(Long::longValue).sum();
    }

    private Measure historyPage() throws Exception {
      long total = expectedHistoryTotal();
      return read(
          HISTORY_PAGE,
          getOk("/api/v1/sync-history?page=1&size=" + READ_PAGE_SIZE + "&payload=false"),
          body -> checkHistoryPage(body, total, false));
    }

    private Measure stats() throws Exception {
      return read(STATS, getOk("/api/v1/sync/stats"), body -> checkStats(body, "during the reads"));
    }

    private Measure historyPageWithPayloads() throws Exception {
      long total = expectedHistoryTotal();
      return read(
          "history page with payloads",
          getOk("/api/v1/sync-history?page=1&size=" + READ_PAGE_SIZE + "&payload=true"),
          body -> checkHistoryPage(body, total, true));
    }

    // GraphQL over HTTP: pages of employees from a table that sync filled, then employees created
    // one by one. GraphQL answers a failed operation with 200 and an errors array, so every
    // answer is checked for one, and for its content.

    private Measure seedEmployees() throws Exception {
      List<Call> seeds = new ArrayList<>();
      for (int r = 0; r * PER_REQUEST < sizes.employeeSeeds; r++) {
        List<String> keys = new ArrayList<>(PER_REQUEST);
        List<String> records = new ArrayList<>(PER_REQUEST);
        for (int i = 0; i < PER_REQUEST; i++) {
          String email = "e-" + r + "-" + i + "@bench.example";
          keys.add(email);
          records.add(
              "{\"employee_id\":\"E-"
                  + r
                  + "-"
                  + i
                  + "\",\"first_name\":\"Seeded\",\"last_name\":\"Employee "
                  + i
                  + "\",\"email\":\""
                  + email
                  + "\",\"department\":\"Department "
                  + i % 20
                  + "\",\"job_title\":\"Engineer\",\"company\":\"Bench\"}");
        }
        byte[] body = syncBody("employees", null, null, records);
        seeds.add(syncCall(body, keys, employeeEmails, "created", false, Map.of()));
      }
      drive(2, Source.of(seeds, null));
      return null;
    }

    private Measure employeesPage() throws Exception {
      int pageSize = 10;
      Call page =
          Call.post(
              "/graphql",
              graphQlBody(
                  "query Page($offset: Int!, $limit: Int!) { employees(offset: $offset, limit:"
                      + " $limit) { id employeeId firstName lastName email department jobTitle"
                      + " fullName } }",
                  "{\"offset\":0,\"limit\":" + pageSize + "}"),
              Map.of(),
              1,
              response -> {
                int employees = occurrences(graphQlData(response), "\"employeeId\":");
                if (employees != pageSize) {
                  throw new IllegalStateException(
                      "employees page: " + employees + " employees: " + response.text(300));
                }
              });
      return read(GRAPHQL_EMPLOYEES, page, body -> checkEmployeesPage(body, pageSize));
    }

    private Measure createEmployees() {
      List<Call> creates = new ArrayList<>(sizes.smallMaxRequests);
      for (int i = 0; i < sizes.smallMaxRequests; i++) {
        String email = "g-" + i + "@bench.example";
        String variables =
            "{\"data\":{\"employeeId\":\"G-"
                + i
                + "\",\"firstName\":\"Created\",\"lastName\":\"Employee "
                + i
                + "\",\"email\":\""
                + email
                + "\",\"department\":\"Department "
                + i % 20
                + "\",\"jobTitle\":\"Engineer\",\"company\":\"Bench\"}}";
        byte[] body =
            graphQlBody(
                "mutation Create($data: CreateEmployeeInput!) { createEmployee(data: $data) { id"
                    + " employeeId email fullName } }",
                variables);
        String expected = "\"email\":\"" + email + "\"";
        creates.add(
            Call.post(
                "/graphql",
                body,
                Map.of(),
                1,
                response -> {
                  if (!graphQlData(response).contains(expected)) {
                    throw new IllegalStateException(
                        "createEmployee of " + email + ": " + response.text(300));
                  }
                  employeeEmails.add(email);
                }));
      }
      return timed(
          GRAPHQL_CREATE,
          2,
          creates,
          sizes.readWarmup,
          sizes.read,
          load -> Double.NaN,
          "\u2014 (CPU per request)");
    }

    /** A GET that must be answered 200. */
    private static Call getOk(String path) {
      return Call.get(
          path,
          response -> {
            if (response.status != 200) {
              throw new IllegalStateException(
                  "GET " + path + " -> " + response.status + " " + response.text(300));
            }
          });
    }

    /** A read scenario: one checked answer first, then 4 connections for a fixed time. */
    private Measure read(String name, Call call, BodyCheck firstAnswer) throws Exception {
      try (Http http = app.client()) {
        Response response = http.send(call);
        call.check.accept(response);
        firstAnswer.check(response.text());
      }
      return new Measure(
          name,
          4,
          Feed.repeat(call, sizes.readWarmup),
          Feed.repeat(call, sizes.read),
          load -> {
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
          });
    }

    /** One request of {@code bigRecords} customers, with the app's heap sampled meanwhile. */
    private Measure bigRequest() throws Exception {
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
        big = new BigRequest(body.length / 1e6, load.seconds, before, peak);
      }
      return null;
    }

    // ---- correctness

    /**
     * The service's RSS after the load; then what it acknowledged is in the database exactly once,
     * and the stats agree.
     */
    private Measure verify() throws Exception {
      rssAfterLoadMb = app.rssKb() / 1024.0;
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
        if (products != productIds.size()) {
          throw new IllegalStateException(
              "products holds " + products + " rows, " + productIds.size() + " acknowledged");
        }
        compare("employee emails", employeeEmails, column(db, "SELECT email FROM employees"));
      }
      correctness =
          String.format(
              "correctness: %,d customer emails, %,d order numbers, %,d items and %,d employee"
                  + " emails in the database exactly as acknowledged; stats agree (%,d successful"
                  + " syncs + %,d seeded entries)",
              emails.size(),
              orderNumbers.size(),
              ITEMS_PER_ORDER * orderNumbers.size(),
              employeeEmails.size(),
              syncsOk.get(),
              seeded.values().stream().mapToLong(Long::longValue).sum());
      return null;
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

    /** The first answer of the employees query: a full page of employees sync acknowledged. */
    private void checkEmployeesPage(String body, int pageSize) {
      Matcher m =
          Pattern.compile(
                  "\"firstName\":\"([^\"]*)\",\"lastName\":\"([^\"]*)\",\"email\":\"([^\"]*)\""
                      + ".*?\"fullName\":\"([^\"]*)\"")
              .matcher(body);
      int found = 0;
      while (m.find()) {
        if (!employeeEmails.contains(m.group(3))
            || !m.group(4).equals(m.group(1) + " " + m.group(2))) {
          throw new IllegalStateException("employees page: unexpected " + m.group() + ": " + body);
        }
        found++;
      }
      if (found != pageSize) {
        throw new IllegalStateException("employees page: " + found + " employees: " + body);
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
    private List<Call> idempotentCalls(List<List<String>> keys, String tag, boolean replay) {
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
     * A sync POST whose answer must be 200 with one result per record, each {@code outcome}; then
     * its keys count as acknowledged (and, if asked, the ids are kept for later requests).
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

    /**
     * Prepared calls, each sent once, from {@code clients} connections: unmeasured for {@code
     * warmup} (at most a tenth of the calls), then measured for {@code duration} (a note when the
     * calls run out before).
     *
     * @param ratio the ratio to the baseline, from the measured load
     */
    private Measure timed(
        String name,
        int clients,
        List<Call> calls,
        Duration warmup,
        Duration duration,
        java.util.function.ToDoubleFunction<Load> ratio,
        String baseline) {
      Cursor cursor = new Cursor(calls);
      return new Measure(
          name,
          clients,
          cursor.feed(calls.size() / 10, warmup),
          cursor.feed(calls.size(), duration),
          load -> {
            if (cursor.exhausted()) {
              System.out.println(
                  "note: " + name + " ran out of prepared bodies before the deadline");
            }
            rows.add(row(name, load, ratio.applyAsDouble(load), baseline));
          });
    }

    /** Warm-up calls, then the measured ones, from 2 clients. */
    private Measure bulk(
        String name,
        List<Call> warmup,
        List<Call> measured,
        int rowsPerRecord,
        double baselineRows,
        String baseline) {
      return new Measure(
          name,
          2,
          Feed.of(warmup),
          Feed.of(measured),
          load ->
              rows.add(
                  row(
                      name,
                      load,
                      load.recordsPerSecond() * rowsPerRecord / baselineRows,
                      baseline)));
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

    /** Slices of one measurement as one. */
    static Load sum(List<Load> slices) {
      return new Load(
          slices.stream().mapToInt(Load::requests).sum(),
          slices.stream().mapToLong(Load::records).sum(),
          slices.stream().mapToDouble(Load::seconds).sum(),
          slices.stream().flatMapToLong(l -> Arrays.stream(l.latencies)).sorted().toArray(),
          slices.stream().mapToLong(Load::cpuNanos).sum(),
          slices.stream().mapToLong(Load::bytes).sum());
    }

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
  // Two builds side by side (bench/compare.sh)

  /**
   * Two builds measured in the same runs, side by side, so that both meet the same machine: on a
   * shared machine the load of other work changes from one minute to the next, and figures taken
   * minutes apart differ by more than the changes to be judged.
   *
   * <p>A run: start-ups with no other service running, measured and stopped: each build's extracted
   * jar with its AOT cache, then each fat jar, {@code starts} of each per build, in turns first,
   * second, second, first; the raw SQLite baseline once (the yardstick of both); then both fat jars
   * started again and kept running, each on a fresh database. The {@link Plan#COMPARE} stages run
   * for both services in step; a measurement warms up each, then takes {@code slices} turns per
   * service in the order A B B A A B … (each one first in half of the turns; strict alternation
   * would always give the same one the warmer client and the machine as the other left it). A
   * service's figure is the sum of its slices, a start-up the mean of its starts. The order of the
   * builds swaps from run to run too, and every after/before figure is the median over the runs of
   * the per-run ratios.
   */
  static final class Compare {

    record Build(String label, Path jar, Path aotDir) {}

    /** Ready time and RSS right after of one start-up, or the mean of several. */
    record Start(double ms, double rssMb) {
      static Start mean(List<Start> starts) {
        return new Start(
            starts.stream().mapToDouble(Start::ms).average().orElseThrow(),
            starts.stream().mapToDouble(Start::rssMb).average().orElseThrow());
      }
    }

    /** What one build measured in one run. */
    record Visit(RunResult run, Start fat, Start aot) {
      Row row(String scenario) {
        return run.rows.stream()
            .filter(r -> r.scenario.equals(scenario))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no scenario " + scenario));
      }
    }

    /** A gate on the after/before ratio: at least or at most {@code limit}. */
    record Gate(boolean atLeast, double limit) {
      boolean passes(double ratio) {
        return atLeast ? ratio >= limit : ratio <= limit;
      }

      @Override
      public String toString() {
        return String.format(Locale.ROOT, "%s %.2f", atLeast ? "\u2265" : "\u2264", limit);
      }
    }

    record Metric(
        String name, java.util.function.ToDoubleFunction<Visit> value, int decimals, Gate gate) {}

    static final List<Metric> METRICS = metrics();

    private static List<Metric> metrics() {
      List<Metric> metrics = new ArrayList<>();
      metrics.add(
          new Metric(
              "bulk: customers create, 1,000 records/request, match_on=email, \u00d7 raw SQLite",
              v -> v.row(CUSTOMERS_CREATE).ratio,
              3,
              new Gate(true, 0.95)));
      metrics.add(
          new Metric("bulk: records/s", v -> v.row(CUSTOMERS_CREATE).recordsPerSecond, 0, null));
      metrics.add(new Metric("bulk: p99 ms", v -> v.row(CUSTOMERS_CREATE).p99Ms, 1, null));
      metrics.add(
          new Metric(
              "bulk: server CPU \u00b5s/record",
              v -> v.row(CUSTOMERS_CREATE).cpuMicrosPerRecord,
              2,
              null));
      metrics.add(
          new Metric(
              "Idempotency-Key, first, \u00d7 raw SQLite",
              v -> v.row(IDEMPOTENT_FIRST).ratio,
              3,
              null));
      metrics.add(
          new Metric(
              "Idempotency-Key, replay, \u00d7 raw SQLite",
              v -> v.row(IDEMPOTENT_REPLAY).ratio,
              3,
              null));
      requests(metrics, HISTORY_PAGE, new Gate(true, 1.0));
      requests(metrics, STATS, null);
      requests(metrics, GRAPHQL_EMPLOYEES, new Gate(true, 1.0));
      requests(metrics, GRAPHQL_CREATE, new Gate(true, 1.0));
      metrics.add(
          new Metric("start-up to healthz 200, fat jar (-Xmx256m), ms", v -> v.fat.ms, 0, null));
      metrics.add(
          new Metric(
              "start-up to healthz 200, extracted jar + AOT cache, ms",
              v -> v.aot.ms,
              0,
              new Gate(false, 1.25)));
      metrics.add(new Metric("RSS after start-up, fat jar, MB", v -> v.fat.rssMb, 0, null));
      metrics.add(
          new Metric(
              "RSS after start-up, extracted jar + AOT cache, MB", v -> v.aot.rssMb, 0, null));
      metrics.add(
          new Metric("RSS after the load, fat jar, MB", v -> v.run.rssAfterLoadMb, 0, null));
      return metrics;
    }

    /** Requests/s (gated if given), p50, p99 and server CPU per request of one scenario. */
    private static void requests(List<Metric> metrics, String scenario, Gate gate) {
      metrics.add(
          new Metric(scenario + ", requests/s", v -> v.row(scenario).requestsPerSecond, 0, gate));
      metrics.add(new Metric(scenario + ", p50 ms", v -> v.row(scenario).p50Ms, 2, null));
      metrics.add(new Metric(scenario + ", p99 ms", v -> v.row(scenario).p99Ms, 2, null));
      metrics.add(
          new Metric(
              scenario + ", server CPU \u00b5s/request",
              v -> v.row(scenario).cpuMicrosPerRecord,
              0,
              null));
    }

    private final Build before;
    private final Build after;
    private final Sizes sizes;
    private final int slices;
    private final int starts;
    private final boolean smoke;

    Compare(List<Path> jars, List<Path> aotDirs, boolean smoke) {
      this.before =
          new Build(
              "before", jars.get(0).toAbsolutePath(), aotDirs == null ? null : aotDirs.get(0));
      this.after =
          new Build("after", jars.get(1).toAbsolutePath(), aotDirs == null ? null : aotDirs.get(1));
      this.smoke = smoke;
      this.sizes = smoke ? Sizes.smoke() : Sizes.compare();
      // Turns of half a second for reads, 15 requests for bulk: the shorter the turns, the more
      // alike the load of other work that the two services meet.
      this.slices = smoke ? 2 : 20;
      this.starts = smoke ? 1 : 2;
    }

    /** Runs, prints the table; true when every gate passed. */
    boolean execute(int runs) throws Exception {
      long started = System.nanoTime();
      String startLoad = loadAverage();
      System.out.printf("before: %s%nafter:  %s%n", before.jar, after.jar);
      if (before.jar.equals(after.jar)) {
        System.out.println("the same jar twice: every ratio below measures the noise");
      }
      List<Visit> befores = new ArrayList<>();
      List<Visit> afters = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        List<Build> order = run % 2 == 1 ? List.of(before, after) : List.of(after, before);
        System.out.printf(
            "%n== run %d of %d: %s first (load average %s)%n",
            run, runs, order.get(0).label, loadAverage());
        Map<Build, Visit> visits = run(order);
        befores.add(visits.get(before));
        afters.add(visits.get(after));
      }
      System.out.printf(
          "%n== %s, %d run(s)%s; load average %s at the start, %s now; %.1f min%n%n",
          before.jar.equals(after.jar) ? "the same build twice" : "before and after",
          runs,
          smoke ? ", smoke: tiny measurements that only show the comparison works" : "",
          startLoad,
          loadAverage(),
          seconds(started) / 60);
      return printTable(befores, afters) || smoke;
    }

    private static String loadAverage() {
      try {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return String.join(" ", fields[0], fields[1], fields[2]);
      } catch (IOException e) {
        return "unknown";
      }
    }

    /** One run, {@code order.get(0)} first; the visits by build. */
    private Map<Build, Visit> run(List<Build> order) throws Exception {
      Build first = order.get(0);
      Build second = order.get(1);
      // Start-ups with no other service running, in turns: first, second, second, first, …
      // (Smoke: the fat jar's from the services started for the load, which saves two starts.)
      List<List<Start>> aot = List.of(new ArrayList<>(), new ArrayList<>());
      List<List<Start>> fat = List.of(new ArrayList<>(), new ArrayList<>());
      for (int k = 0; k < (smoke ? 1 : 2) * starts; k++) {
        boolean aotTurn = k < starts;
        for (int j : k % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
          (aotTurn ? aot : fat).get(j).add(start(order.get(j), aotTurn));
        }
      }
      // The schema of "before": the yardstick stays the same when "after" changes the schema.
      Baselines raw = RawSqlite.measure(before.jar, sizes, Plan.COMPARE);
      System.out.printf(
          "raw SQLite customer batch, the yardstick of both: %,.0f rows/s%n", raw.customerRows);
      try (App secondApp = App.start(second.jar);
          App firstApp = App.start(first.jar)) {
        Run[] runs = {
          new Run(sizes, Plan.COMPARE, raw, firstApp), new Run(sizes, Plan.COMPARE, raw, secondApp)
        };
        return Run.showingLogs(
            List.of(firstApp, secondApp),
            () -> {
              List<Stage> firstStages = runs[0].stages();
              List<Stage> secondStages = runs[1].stages();
              for (int i = 0; i < firstStages.size(); i++) {
                Measure[] measures = {firstStages.get(i).run(), secondStages.get(i).run()};
                if (measures[0] != null) {
                  measureInTurns(runs, measures);
                }
              }
              Map<Build, Visit> visits = new LinkedHashMap<>();
              for (int j = 0; j < 2; j++) {
                Build build = order.get(j);
                App app = j == 0 ? firstApp : secondApp;
                if (fat.get(j).isEmpty()) {
                  fat.get(j).add(new Start(app.startupMs, app.startRssKb / 1024.0));
                }
                visits.put(
                    build,
                    visit(build, runs[j].result(), Start.mean(fat.get(j)), Start.mean(aot.get(j))));
              }
              return visits;
            });
      }
    }

    /**
     * A start-up on a fresh database, measured and stopped: the fat jar as the load runs it, or the
     * extracted jar with its AOT cache as the image and bench/startup.sh start it: in its directory
     * (the cache holds the class path as trained, relative) and with the JVM's default heap, as
     * trained. AOTMode=on: a cache the JVM cannot use ends the run instead of measuring a start
     * without it. NaN without a cache.
     */
    private static Start start(Build build, boolean aot) throws Exception {
      if (aot && build.aotDir == null) {
        return new Start(Double.NaN, Double.NaN);
      }
      try (App app =
          aot
              ? App.start(
                  List.of(
                      jdkTool("java"),
                      "-XX:AOTCache=app.aot",
                      "-XX:AOTMode=on",
                      "-jar",
                      build.jar.getFileName().toString()),
                  Map.of(),
                  build.aotDir)
              : App.start(build.jar)) {
        return new Start(app.startupMs, app.startRssKb / 1024.0);
      }
    }

    /** Warm-ups one after the other, then the slices in turns: 0 1, 1 0, 0 1, … */
    private void measureInTurns(Run[] runs, Measure[] measures) throws Exception {
      for (int j = 0; j < 2; j++) {
        runs[j].drive(measures[j].clients, measures[j].warmup.slice(0, 1));
      }
      List<List<Load>> loads = List.of(new ArrayList<>(), new ArrayList<>());
      for (int k = 0; k < slices; k++) {
        for (int j : k % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
          loads
              .get(j)
              .add(runs[j].drive(measures[j].clients, measures[j].measured.slice(k, slices)));
        }
      }
      for (int j = 0; j < 2; j++) {
        measures[j].done.accept(Load.sum(loads.get(j)));
      }
    }

    private static Visit visit(Build build, RunResult run, Start fat, Start aot) {
      System.out.printf(
          "%n%s: start-up %,.0f ms (AOT cache %,.0f ms); RSS %,.0f MB after start-up (AOT cache"
              + " %,.0f MB), %,.0f MB after the load%n",
          build.label, fat.ms, aot.ms, fat.rssMb, aot.rssMb, run.rssAfterLoadMb);
      SyncBench.printTable(run.rows);
      System.out.println(run.correctness);
      return new Visit(run, fat, aot);
    }

    private static boolean printTable(List<Visit> befores, List<Visit> afters) {
      List<String> header =
          List.of("scenario", "before", "after", "after/before", "per run", "gate");
      List<List<String>> cells = new ArrayList<>();
      boolean passed = true;
      for (Metric metric : METRICS) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < befores.size(); i++) {
          ratios.add(
              metric.value.applyAsDouble(afters.get(i))
                  / metric.value.applyAsDouble(befores.get(i)));
        }
        double ratio = median(ratios, Double::doubleValue);
        String gate = "";
        if (metric.gate != null) {
          if (Double.isNaN(ratio)) {
            gate = metric.gate + " n/a";
          } else {
            boolean pass = metric.gate.passes(ratio);
            passed &= pass;
            gate = metric.gate + (pass ? " PASS" : " FAIL");
          }
        }
        cells.add(
            List.of(
                metric.name,
                number(median(befores, metric.value), metric.decimals),
                number(median(afters, metric.value), metric.decimals),
                ratio(ratio),
                ratios.stream().map(Compare::ratio).collect(Collectors.joining(" ")),
                gate));
      }
      printMarkdown(header, cells, Set.of(0, 4, 5));
      System.out.printf(
          "%nbefore, after: medians over the runs; after/before: the median of the per-run ratios"
              + " (per run: in run order). Gates: bulk \u00d7 raw \u2265 0.95, history page and"
              + " GraphQL requests/s \u2265 1.00, AOT start-up \u2264 1.25: %s%n",
          passed ? "all PASS" : "some FAIL");
      return passed;
    }

    private static String ratio(double ratio) {
      return Double.isNaN(ratio) ? "\u2014" : String.format(Locale.ROOT, "%.3f", ratio);
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
    long startRssKb;

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

    /**
     * @param environment more environment variables, e.g. DATABASE_URL (ScaleOutBench)
     */
    static App start(Path jar, Map<String, String> environment) throws Exception {
      return start(jar, environment, List.of());
    }

    /**
     * @param prefix a command the JVM is started under, e.g. {@code taskset -c 0}
     */
    static App start(Path jar, Map<String, String> environment, List<String> prefix)
        throws Exception {
      List<String> command = new ArrayList<>(prefix);
      command.addAll(command(jar));
      return start(command, environment, null);
    }

    /**
     * Runs {@code command} (a service launch of any kind) on a database in a new directory.
     *
     * @param workingDirectory where the command runs; null: the new directory
     */
    static App start(List<String> command, Map<String, String> environment, Path workingDirectory)
        throws Exception {
      Path dir = Files.createTempDirectory("sync-bench");
      int port = freePort();
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory((workingDirectory != null ? workingDirectory : dir).toFile())
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
      app.startRssKb = app.rssKb();
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

    /** All three baselines; the customer batch alone (the others NaN) for {@link Plan#COMPARE}. */
    static Baselines measure(Path jar, Sizes sizes, Plan plan) throws Exception {
      Path dir = Files.createTempDirectory("sync-bench-raw");
      try {
        // Untimed first rounds, so that the measured ones run on loaded classes and JIT-compiled
        // code in every run, the first one of this JVM included.
        customerBatch(schema(jar, dir.resolve("warm-a.db")), 5 * PER_REQUEST);
        int rows = sizes.bulkRequests * PER_REQUEST;
        double customerRows = customerBatch(schema(jar, dir.resolve("a.db")), rows);
        if (plan == Plan.COMPARE) {
          return new Baselines(customerRows, Double.NaN, Double.NaN);
        }
        orderBatch(schema(jar, dir.resolve("warm-b.db")), 5 * PER_REQUEST);
        singleCommits(schema(jar, dir.resolve("warm-c.db")), Duration.ofMillis(200));
        return new Baselines(
            customerRows,
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
     * (b) Orders with 3 items each, 1,000 orders per transaction; rows (order + items) per second.
     * The ids are assigned here, so that the items can refer to their order in the same batch; the
     * customers and products they refer to are inserted first, untimed.
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
              .filter(
                  n -> n.matches("BOOT-INF/classes/db/migration/" + vendor + "/V\\d+__.*\\.sql"))
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
            "[{\"employee_id\":\"E-"
                + i
                + "\",\"first_name\":\"Seed\",\"last_name\":\"Entry\","
                + "\"email\":\"seed-"
                + i
                + "@bench.example\"}]";
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

  /** A GraphQL-over-HTTP body; {@code variables} is JSON text. */
  static byte[] graphQlBody(String query, String variables) {
    return ("{\"query\":\""
            + query.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\",\"variables\":"
            + variables
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The text of a GraphQL answer that must be 200, without errors, with data. */
  static String graphQlData(Response response) {
    String body = response.text();
    if (response.status != 200 || body.contains("\"errors\"") || !body.startsWith("{\"data\":{")) {
      throw new IllegalStateException("GraphQL -> " + response.status + " " + response.text(500));
    }
    return body;
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

  /** The results as a table (see {@link #printMarkdown}). */
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
    printMarkdown(header, cells, Set.of(0, 7));
  }

  /**
   * A Markdown table whose columns are also padded to line up as plain text: the columns in {@code
   * text} left-aligned, the others (numbers) right-aligned.
   */
  static void printMarkdown(List<String> header, List<List<String>> cells, Set<Integer> text) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> line : cells) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    System.out.println(tableLine(header, widths, text));
    System.out.println(
        java.util.stream.IntStream.range(0, widths.length)
            .mapToObj(i -> "-".repeat(widths[i] - 1) + (text.contains(i) ? "-" : ":"))
            .collect(Collectors.joining(" | ", "| ", " |")));
    for (List<String> line : cells) {
      System.out.println(tableLine(line, widths, text));
    }
  }

  private static String tableLine(List<String> cells, int[] widths, Set<Integer> text) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      line.append(' ').append(text.contains(i) ? cell + pad : pad + cell).append(" |");
    }
    return line.toString();
  }

  private static String number(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "\u2014";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
