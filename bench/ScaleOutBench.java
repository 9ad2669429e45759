import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bulk ingest on each database, and on two instances sharing one PostgreSQL (bench/scaleout.sh):
 *
 * <ol>
 *   <li>raw baselines in this JVM, one connection: customer rows inserted as JDBC batches in
 *       transactions of each scenario's request size, on SQLite and on PostgreSQL, each on the
 *       app's own schema and driver settings;
 *   <li>the packaged service on SQLite, on PostgreSQL, and as two instances on one PostgreSQL
 *       schema, each on a fresh database, driven by the same 4 client threads (with two instances,
 *       two threads each: the same offered load, shared out as a load balancer would);
 *   <li>two scenarios: requests of 1,000 new customers, and requests of 10;
 *   <li>a check that every acknowledged customer was stored exactly once.
 * </ol>
 *
 * Reuses SyncBench's service launcher and HTTP client (Java 22+ runs the two source files
 * together).
 *
 * <pre>java -cp sqlite-jdbc.jar:postgresql.jar bench/ScaleOutBench.java JAR POSTGRES_URL
 *     [--smoke] [--runs N] [--pin]</pre>
 */
public class ScaleOutBench {

  static final int CLIENTS = 4;

  /**
   * {@code --pin}: each instance's JVM on a core of its own ({@code taskset -c i}), so that one
   * instance has one core and two have two, while PostgreSQL and the client float over all. On a
   * 2-core machine that is the only way to see what a second instance adds when the instance, not
   * the machine, is the limit.
   */
  static boolean pin;

  record Sizes(int bulkRequests, int bulkWarmup, int smallRequests, int smallWarmup) {
    static Sizes full() {
      return new Sizes(60, 20, 3000, 1000);
    }

    static Sizes smoke() {
      return new Sizes(4, 2, 40, 10);
    }
  }

  /** Where a scenario runs: a database and a number of instances. */
  enum Target {
    SQLITE("SQLite, 1 instance", 1),
    POSTGRES("PostgreSQL, 1 instance", 1),
    POSTGRES_TWO("PostgreSQL, 2 instances", 2);

    final String label;
    final int instances;

    Target(String label, int instances) {
      this.label = label;
      this.instances = instances;
    }
  }

  record Scenario(String name, int recordsPerRequest) {}

  static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario("create, 1,000 records/request", 1000),
          new Scenario("create, 10 records/request", 10));

  /**
   * One run: raw rows/s per scenario and database (in transactions of the scenario's request
   * size), and records/s per scenario and target.
   */
  record Result(double[] rawSqlite, double[] rawPostgres, double[][] recordsPerSecond) {

    void print() {
      for (int s = 0; s < SCENARIOS.size(); s++) {
        System.out.printf(
            "raw customer inserts, %,d rows per transaction, one connection: SQLite %,.0f rows/s,"
                + " PostgreSQL %,.0f rows/s%n",
            SCENARIOS.get(s).recordsPerRequest, rawSqlite[s], rawPostgres[s]);
      }
      System.out.println();
      System.out.printf(
          "| scenario | %s | %s | %s | 2 vs 1 instance (PostgreSQL) |%n",
          Target.SQLITE.label, Target.POSTGRES.label, Target.POSTGRES_TWO.label);
      System.out.println("|---|---:|---:|---:|---:|");
      for (int s = 0; s < SCENARIOS.size(); s++) {
        double[] row = recordsPerSecond[s];
        System.out.printf(
            "| %s | %,.0f rec/s (%.2f\u00d7 raw) | %,.0f rec/s (%.2f\u00d7 raw) | %,.0f rec/s"
                + " (%.2f\u00d7 raw) | %.2f\u00d7 |%n",
            SCENARIOS.get(s).name,
            row[0],
            row[0] / rawSqlite[s],
            row[1],
            row[1] / rawPostgres[s],
            row[2],
            row[2] / rawPostgres[s],
            row[2] / row[1]);
      }
    }

    static Result medianOf(List<Result> results) {
      double[][] medians = new double[SCENARIOS.size()][Target.values().length];
      double[] rawSqlite = new double[SCENARIOS.size()];
      double[] rawPostgres = new double[SCENARIOS.size()];
      for (int s = 0; s < medians.length; s++) {
        int scenario = s;
        rawSqlite[s] = SyncBench.median(results, r -> r.rawSqlite[scenario]);
        rawPostgres[s] = SyncBench.median(results, r -> r.rawPostgres[scenario]);
        for (int t = 0; t < medians[s].length; t++) {
          int target = t;
          medians[s][t] = SyncBench.median(results, r -> r.recordsPerSecond[scenario][target]);
        }
      }
      return new Result(rawSqlite, rawPostgres, medians);
    }
  }

  public static void main(String[] args) {
    Path jar = null;
    String postgres = null;
    boolean smoke = false;
    int runs = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> smoke = true;
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--pin" -> pin = true;
        default -> {
          if (jar == null) {
            jar = Path.of(args[i]).toAbsolutePath();
          } else {
            postgres = args[i];
          }
        }
      }
    }
    if (jar == null || postgres == null) {
      System.err.println("usage: java bench/ScaleOutBench.java JAR POSTGRES_URL [--smoke] [--runs N]");
      System.exit(2);
    }
    Sizes sizes = smoke ? Sizes.smoke() : Sizes.full();
    int repetitions = runs > 0 ? runs : smoke ? 1 : 3;
    System.out.printf(
        "JVM: %s, app started with %s%s; %d client threads; %s mode, %d run(s); load average %s%n",
        Runtime.version(),
        SyncBench.APP_HEAP,
        pin ? ", each instance pinned to a core of its own" : "",
        CLIENTS,
        smoke ? "smoke" : "full",
        repetitions,
        loadAverage());
    try {
      List<Result> results = new ArrayList<>();
      for (int run = 1; run <= repetitions; run++) {
        System.out.printf("%n== run %d of %d%n", run, repetitions);
        Result result = new ScaleOutBench(jar, postgres, sizes).run();
        result.print();
        results.add(result);
      }
      if (repetitions > 1) {
        System.out.printf("%n== median of %d runs%n", repetitions);
        Result.medianOf(results).print();
      }
    } catch (Throwable e) {
      System.out.flush();
      System.err.println("BENCHMARK FAILED: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private final Path jar;
  private final String postgres;
  private final Sizes sizes;
  private final AtomicInteger batches = new AtomicInteger();

  ScaleOutBench(Path jar, String postgres, Sizes sizes) {
    this.jar = jar;
    this.postgres = postgres;
    this.sizes = sizes;
  }

  Result run() throws Exception {
    double[] rawSqlite = new double[SCENARIOS.size()];
    double[] rawPostgres = new double[SCENARIOS.size()];
    for (int s = 0; s < SCENARIOS.size(); s++) {
      int perTransaction = SCENARIOS.get(s).recordsPerRequest;
      rawSqlite[s] = rawSqlite(perTransaction);
      rawPostgres[s] = rawPostgres(perTransaction);
    }
    double[][] recordsPerSecond = new double[SCENARIOS.size()][Target.values().length];
    for (int s = 0; s < SCENARIOS.size(); s++) {
      for (Target target : Target.values()) {
        recordsPerSecond[s][target.ordinal()] = measure(SCENARIOS.get(s), target);
      }
    }
    return new Result(rawSqlite, rawPostgres, recordsPerSecond);
  }

  // ---- raw baselines: the same customer rows, inserted by plain JDBC batches on the app's schema
  // and driver settings, after an untimed round that loads and compiles the code

  private double rawSqlite(int perTransaction) throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory("scaleout-raw");
    try {
      rawInserts(SyncBench.RawSqlite.schema(jar, dir.resolve("w.db")), 5000, perTransaction, true);
      return rawInserts(
          SyncBench.RawSqlite.schema(jar, dir.resolve("a.db")),
          rawRows(perTransaction),
          perTransaction,
          true);
    } finally {
      try (var files = java.nio.file.Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private double rawPostgres(int perTransaction) throws Exception {
    try (Schema warm = new Schema()) {
      rawInserts(warm.connect(), 5000, perTransaction, false);
    }
    try (Schema schema = new Schema()) {
      return rawInserts(schema.connect(), rawRows(perTransaction), perTransaction, false);
    }
  }

  /** As many rows as the scenario's measured requests carry. */
  private int rawRows(int perTransaction) {
    return perTransaction >= 1000
        ? sizes.bulkRequests * 1000
        : sizes.smallRequests * perTransaction;
  }

  /**
   * Customer rows in transactions of {@code perTransaction}, each a JDBC batch; rows per second.
   * SQLite stores timestamps as epoch milliseconds (as the app binds them), PostgreSQL as
   * timestamptz.
   */
  private static double rawInserts(
      Connection c, int rows, int perTransaction, boolean epochMillis) throws SQLException {
    try (c;
        PreparedStatement insert = c.prepareStatement(SyncBench.RawSqlite.CUSTOMER_INSERT)) {
      c.setAutoCommit(false);
      long started = System.nanoTime();
      for (int i = 0; i < rows; i++) {
        long now = System.currentTimeMillis();
        insert.setString(1, "raw-" + i + "@bench.example");
        insert.setString(2, "First");
        insert.setString(3, "Last");
        insert.setString(4, "USD");
        if (epochMillis) {
          insert.setLong(5, now);
          insert.setLong(6, now);
        } else {
          insert.setTimestamp(5, new Timestamp(now));
          insert.setTimestamp(6, new Timestamp(now));
        }
        insert.addBatch();
        if ((i + 1) % perTransaction == 0 || i + 1 == rows) {
          insert.executeBatch();
          c.commit();
        }
      }
      return rows / SyncBench.seconds(started);
    }
  }

  /** A fresh PostgreSQL schema with the app's migrations (read from the jar), dropped on close. */
  final class Schema implements AutoCloseable {
    final String name = "scaleout_" + UUID.randomUUID().toString().substring(0, 8);
    final String url;

    Schema() throws Exception {
      execute(postgres, "CREATE SCHEMA " + name);
      url = postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** A connection on the schema with the app's tables and the app's driver settings. */
    Connection connect() throws Exception {
      Connection c = DriverManager.getConnection(url + "&reWriteBatchedInserts=true");
      try (Statement statement = c.createStatement()) {
        // The PostgreSQL driver runs a whole script, dollar-quoted function bodies included.
        for (String script : SyncBench.migrations(jar, "postgresql")) {
          statement.execute(script);
        }
      }
      return c;
    }

    @Override
    public void close() throws Exception {
      execute(postgres, "DROP SCHEMA " + name + " CASCADE");
    }
  }

  // ---- the service

  /** Starts the target's instances on a fresh database, warms them up, measures records/s. */
  private double measure(Scenario scenario, Target target) throws Exception {
    Schema schema = target == Target.SQLITE ? null : new Schema();
    List<SyncBench.App> apps = new ArrayList<>();
    try {
      for (int i = 0; i < target.instances; i++) {
        apps.add(
            SyncBench.App.start(
                jar,
                schema == null ? Map.of() : Map.of("DATABASE_URL", schema.url),
                pin ? List.of("taskset", "-c", String.valueOf(i)) : List.of()));
      }
      boolean bulk = scenario.recordsPerRequest > 100;
      int warmup = bulk ? sizes.bulkWarmup : sizes.smallWarmup;
      int measured = bulk ? sizes.bulkRequests : sizes.smallRequests;
      drive(apps, scenario, warmup);
      double perSecond = drive(apps, scenario, measured);
      // Every request was answered 200 (drive fails otherwise): each of its customers is stored
      // once, whichever instance took it.
      long expected = (long) (warmup + measured) * scenario.recordsPerRequest;
      String url = schema == null ? "jdbc:sqlite:" + apps.get(0).db : schema.url;
      try (Connection c = DriverManager.getConnection(url);
          Statement statement = c.createStatement();
          var rs = statement.executeQuery("SELECT count(*), count(DISTINCT email) FROM customers")) {
        rs.next();
        if (rs.getLong(1) != expected || rs.getLong(2) != expected) {
          throw new IllegalStateException(
              "%s, %s: %d customers (%d emails) stored, %d acknowledged"
                  .formatted(target.label, scenario.name, rs.getLong(1), rs.getLong(2), expected));
        }
      }
      return perSecond;
    } finally {
      for (SyncBench.App app : apps) {
        app.close();
      }
      if (schema != null) {
        schema.close();
      }
    }
  }

  /**
   * Sends {@code requests} requests of new customers from {@link #CLIENTS} threads, thread i to
   * instance i mod n; returns records per second.
   */
  private double drive(List<SyncBench.App> apps, Scenario scenario, int requests)
      throws Exception {
    List<SyncBench.Call> calls = new ArrayList<>(requests);
    for (int r = 0; r < requests; r++) {
      calls.add(customers(batches.incrementAndGet(), scenario.recordsPerRequest));
    }
    AtomicInteger next = new AtomicInteger();
    AtomicLong records = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < CLIENTS; c++) {
      SyncBench.App app = apps.get(c % apps.size());
      Thread thread =
          new Thread(
              () -> {
                try (SyncBench.Http http = app.client()) {
                  int i;
                  while (failure.get() == null && (i = next.getAndIncrement()) < calls.size()) {
                    SyncBench.Call call = calls.get(i);
                    SyncBench.Response response = http.send(call);
                    if (response.status() != 200) {
                      throw new IllegalStateException(
                          "HTTP " + response.status() + ": " + response.text(300));
                    }
                    records.addAndGet(call.records());
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("request failed: " + failure.get(), failure.get());
    }
    return records.get() / SyncBench.seconds(started);
  }

  private static SyncBench.Call customers(int batch, int count) {
    StringBuilder body = new StringBuilder("{\"model\":\"customers\",\"data\":[");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"email\":\"b")
          .append(batch)
          .append('-')
          .append(i)
          .append("@scale.example\",\"first_name\":\"First\",\"last_name\":\"Last\"}");
    }
    body.append("]}");
    return SyncBench.Call.post(
        "/api/v1/sync", body.toString().getBytes(StandardCharsets.UTF_8), Map.of(), count, r -> {});
  }

  // ---- helpers

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement statement = c.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String loadAverage() {
    try {
      return String.join(
          " ",
          java.util.Arrays.copyOf(
              java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    } catch (Exception e) {
      return "?";
    }
  }
}
