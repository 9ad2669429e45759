import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A large load as a sync job, end to end, against SQLite's own insert rate in the same run: raw
 * customer inserts in JDBC batches (SyncBench's baseline (a), on the app's schema), then the
 * packaged service (heap capped as in every bench, -Xmx256m) creating a job, taking a CSV of N new
 * customers over HTTP, and storing them, until the job says completed: from the job's created_at to
 * its finished_at, the service's own clock, so that how often this client polls neither adds to
 * the time nor takes the service's CPU (it polls twice a second). Each run starts the service on a
 * fresh database and first runs an untimed job (--warm-up, 200,000 records), so that the timed one
 * runs on compiled code, as in a service that has been up for a while (its table then already holds
 * those rows, where the raw baseline's is empty); {@code --warm-up 20000}
 * measures a service just started. Prints each run and the medians; exits non-zero when a job does
 * not store every record.
 *
 * <pre>bench/jobs.sh [--records N] [--runs R] [--warm-up N] [--smoke]</pre>
 *
 * Runs from source on Java 22+ (it uses SyncBench's App and RawSqlite from the same directory).
 */
public class JobBench {

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    int records = 1_000_000;
    int runs = 3;
    int warmUpRecords = 200_000;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warm-up" -> warmUpRecords = Integer.parseInt(args[++i]);
        case "--smoke" -> {
          records = 20_000;
          warmUpRecords = 20_000;
          runs = 1;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("job-bench");
    try {
      Path csv = customers(dir.resolve("customers.csv"), "job", records);
      Path warmUp = customers(dir.resolve("warm-up.csv"), "warm", warmUpRecords);
      List<double[]> results = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        SyncBench.RawSqlite.customerBatch(
            SyncBench.RawSqlite.schema(jar, dir.resolve("warm-" + run + ".db")), 5_000);
        double raw =
            SyncBench.RawSqlite.customerBatch(
                SyncBench.RawSqlite.schema(jar, dir.resolve("raw-" + run + ".db")), records);
        double job;
        long rssKb;
        Phases phases;
        try (SyncBench.App app = SyncBench.App.start(jar)) {
          runJob(app.port, warmUp, warmUpRecords);
          phases = runJob(app.port, csv, records);
          job = records / phases.endToEndSeconds();
          rssKb = app.rssKb();
        }
        results.add(new double[] {raw, job});
        System.out.printf(
            "run %d: raw SQLite customer batches %,.0f rows/s; job of %,d customers (CSV, end to"
                + " end) %,.0f records/s = %.3f× raw (upload %.1f s, processing %.1f s: %,.0f"
                + " records/s); service RSS after it %,d MB%n",
            run, raw, records, job, job / raw, phases.uploadSeconds(), phases.processingSeconds(),
            records / phases.processingSeconds(), rssKb / 1024);
      }
      System.out.printf(
          "median of %d runs: raw %,.0f rows/s, job %,.0f records/s, job/raw %.3f%n",
          runs,
          median(results, 0),
          median(results, 1),
          median(results.stream().map(r -> new double[] {r[1] / r[0]}).toList(), 0));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Where a job's time went: created_at to finished_at, its upload, and its processing (started_at
   * to finished_at).
   */
  record Phases(double endToEndSeconds, double uploadSeconds, double processingSeconds) {}

  /** Creates a job, uploads {@code csv}, queues it and waits until it completed. */
  static Phases runJob(int port, Path csv, int records) throws Exception {
    String base = "http://127.0.0.1:" + port + "/api/v1/sync-jobs";
    try (HttpClient http = HttpClient.newHttpClient()) {
      String created =
          send(http, "POST", base, "application/json", HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"customers\",\"atomic\":false}"), 201);
      long id = Long.parseLong(field(created, "id"));
      long uploadStarted = System.nanoTime();
      send(http, "PUT", base + "/" + id + "/data", "text/csv", HttpRequest.BodyPublishers.ofFile(csv), 200);
      double upload = (System.nanoTime() - uploadStarted) / 1e9;
      send(http, "PATCH", base + "/" + id, "application/json",
          HttpRequest.BodyPublishers.ofString("{\"state\":\"upload_complete\"}"), 200);
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (System.nanoTime() < deadline) {
        String job = send(http, "GET", base + "/" + id, null, HttpRequest.BodyPublishers.noBody(), 200);
        String state = field(job, "state");
        if (!state.equals("upload_complete") && !state.equals("in_progress")) {
          long stored = Long.parseLong(field(job, "records_stored"));
          if (!state.equals("completed") || stored != records) {
            throw new IllegalStateException("the job ended " + state + " with " + stored + " of " + records + " stored: " + job);
          }
          return new Phases(
              seconds(field(job, "created_at"), field(job, "finished_at")),
              upload,
              seconds(field(job, "started_at"), field(job, "finished_at")));
        }
        Thread.sleep(500);
      }
      throw new IllegalStateException("the job did not end in 30 minutes");
    }
  }

  private static double seconds(String from, String to) {
    return Duration.between(java.time.Instant.parse(from), java.time.Instant.parse(to)).toMillis()
        / 1e3;
  }

  private static String send(HttpClient http, String method, String url, String type,
      HttpRequest.BodyPublisher body, int expected) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).header("x-auth-token", SyncBench.TOKEN).method(method, body);
    if (type != null) {
      request.header("content-type", type);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  /** A CSV of {@code n} new customers, as an ERP's export would have them. */
  static Path customers(Path file, String prefix, int n) throws Exception {
    try (var out = Files.newBufferedWriter(file)) {
      out.write("first_name,last_name,email,default_currency\n");
      for (int i = 0; i < n; i++) {
        out.write("First" + i + ",Last" + i + "," + prefix + i + "@bench.example,EUR\n");
      }
    }
    return file;
  }

  private static double median(List<double[]> rows, int column) {
    double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    int m = values.length / 2;
    return values.length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
  }
}
