import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulk ingest against SQLite's own speed, measured in one run of one JVM version: first a plain
 * JDBC batch insert of the same customer rows (1,000 per transaction, WAL, synchronous=NORMAL),
 * then the packaged service over HTTP with CLIENTS concurrent clients posting 1,000-record
 * requests (bodies prepared in advance, so the client costs little), and the service's CPU time
 * per acknowledged record. Run by bench/ingest-jvm.sh, which puts sqlite-jdbc on the class path.
 *
 *   java -cp sqlite-jdbc.jar bench/IngestBench.java JAR [requests=100] [clients=2]
 */
public class IngestBench {

  static final int PER_REQUEST = 1000;
  static final int PORT = 18126;
  static final String TOKEN = "bench";

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int rows = requests * PER_REQUEST;

    double raw = rawJdbc(rows);
    System.out.printf("raw JDBC batch insert:      %,10.0f rows/s%n", raw);

    Path dir = Files.createTempDirectory("ingest-bench");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("app.log").toFile())
            .directory(dir.toFile());
    builder.environment().put("APP_AUTH_TOKEN", TOKEN);
    builder.environment().put("PORT", String.valueOf(PORT));
    builder.environment().put("DB_PATH", dir.resolve("bench.db").toString());
    Process app = builder.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      waitHealthy(http);
      // Warm-up, so that the JIT has compiled the path before measuring.
      post(http, body("warm", 0));
      for (int i = 1; i < 20; i++) {
        post(http, body("warm", i));
      }
      List<byte[]> bodies = new ArrayList<>(requests);
      for (int i = 0; i < requests; i++) {
        bodies.add(body("run", i));
      }
      long cpuBefore = cpuNanos(app.pid());
      long started = System.nanoTime();
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < requests) {
                    post(http, bodies.get(i));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      double seconds = (System.nanoTime() - started) / 1e9;
      long cpu = cpuNanos(app.pid()) - cpuBefore;
      double rate = rows / seconds;
      System.out.printf(
          "HTTP, %d clients:            %,10.0f records/s  = %.2f x raw%n", clients, rate, rate / raw);
      System.out.printf("server CPU per record:      %10.2f us%n", cpu / 1000.0 / rows);
    } finally {
      app.destroy();
      app.waitFor();
    }
  }

  static double rawJdbc(int rows) throws Exception {
    Path db = Files.createTempFile("raw", ".db");
    Files.delete(db);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(254) NOT NULL UNIQUE,"
                + " first_name VARCHAR(150) NOT NULL, last_name VARCHAR(150) NOT NULL,"
                + " default_currency VARCHAR(3) NOT NULL, created_at TIMESTAMP NOT NULL,"
                + " updated_at TIMESTAMP NOT NULL)");
      }
      c.setAutoCommit(false);
      long started = System.nanoTime();
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 0; i < rows; i++) {
          p.setLong(1, i + 1);
          p.setString(2, "raw-" + i + "@bench.example");
          p.setString(3, "First");
          p.setString(4, "Last");
          p.setString(5, "USD");
          p.setTimestamp(6, now);
          p.setTimestamp(7, now);
          p.addBatch();
          if ((i + 1) % PER_REQUEST == 0) {
            p.executeBatch();
            c.commit();
          }
        }
      }
      return rows / ((System.nanoTime() - started) / 1e9);
    }
  }

  static byte[] body(String tag, int request) {
    StringBuilder b = new StringBuilder("{\"model\":\"customers\",\"data\":[");
    for (int i = 0; i < PER_REQUEST; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"email\":\"")
          .append(tag)
          .append('-')
          .append(request)
          .append('-')
          .append(i)
          .append("@bench.example\",\"first_name\":\"First\",\"last_name\":\"Last\"}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static void post(HttpClient http, byte[] body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/sync"))
                .header("content-type", "application/json")
                .header("x-auth-token", TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
  }

  static void waitHealthy(HttpClient http) throws Exception {
    for (int i = 0; i < 600; i++) {
      try {
        var r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/healthz"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("service did not become healthy");
  }

  /** User + system CPU time of a process, from /proc (Linux). */
  static long cpuNanos(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * 10_000_000L; // 100 clock ticks per second
  }
}
