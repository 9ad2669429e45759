package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.SqliteOnly;
import io.syncbridge.support.TestDatabase;
import io.syncbridge.support.TestResponse;
import io.syncbridge.sync.RetryWorker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database on a small tmpfs that fills up, batch by batch, with the default disk reserve. At
 * every step health's {@code write} and a 1-record sync agree: {@code write:true} while syncs are
 * stored, {@code write:false} exactly when they are refused (507, nothing stored). Reads and
 * deletions keep working meanwhile; once the volume grows, both recover without a restart, and so
 * they do after a sync too large for the volume met the full disk itself. The volume is smaller
 * than the old fixed 16 MB reserve, which refused everything on it. Mounting needs root
 * (CAP_SYS_ADMIN); elsewhere the test is skipped with a message.
 */
@EnabledIf("tmpfsMounted")
@SqliteOnly
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "sync-bridge.auth-token=" + DiskFullIntegrationTests.TOKEN,
      "sync-bridge.retry.enabled=false",
      // A replay refused for lack of space keeps its claim this long; then it is due again.
      "sync-bridge.retry.lease=1s",
      // The pool keeps its connections open, as it does outside tests: SQLite removes the
      // write-ahead log when the last connection closes, which would free the space by chance.
      "spring.datasource.hikari.minimum-idle=8"
    })
class DiskFullIntegrationTests {

  static final String TOKEN = "test-token";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Steps refused before the filling stops: the refusal must hold, not flicker. */
  private static final int REFUSED_STEPS = 5;

  @LocalServerPort private int port;

  @Autowired private JdbcTemplate jdbc;

  @Autowired private RetryWorker retryWorker;

  @Autowired private MeterRegistry metrics;

  private HttpTestClient anonymous;
  private HttpTestClient api;

  @BeforeEach
  void clients() {
    anonymous = new HttpTestClient(port);
    api = anonymous.withHeader("x-auth-token", TOKEN);
  }

  private static Path mountPoint;
  private static Boolean mounted;

  static synchronized boolean tmpfsMounted() {
    if (TestDatabase.isPostgres()) {
      // Skipped by @SqliteOnly, which JUnit asks after this: mount nothing that stays behind.
      return false;
    }
    if (mounted == null) {
      try {
        mountPoint = Files.createTempDirectory("sync-bridge-full");
        Process mount =
            new ProcessBuilder(
                    "mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(mount.getInputStream().readAllBytes());
        mounted = mount.waitFor() == 0;
        if (!mounted) {
          System.out.println(
              "DiskFullIntegrationTests skipped: cannot mount a tmpfs here: " + output);
        }
      } catch (IOException e) {
        System.out.println("DiskFullIntegrationTests skipped: " + e);
        mounted = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        mounted = false;
      }
    }
    return mounted;
  }

  @DynamicPropertySource
  static void databaseOnTheSmallFileSystem(DynamicPropertyRegistry registry) {
    registry.add("sync-bridge.db-path", () -> mountPoint.resolve("full.db").toString());
  }

  @AfterAll
  static void unmount() throws Exception {
    if (Boolean.TRUE.equals(mounted)) {
      // Lazily: the cached application context still holds the database open.
      new ProcessBuilder("umount", "-l", mountPoint.toString()).start().waitFor();
    }
  }

  @Test
  void healthAndWritesAgreeWhileTheVolumeFillsAndBothRecoverWhenItGrows() throws Exception {
    TestResponse start = anonymous.get("/api/v1/healthz");
    assertThat(start.status()).as("an 8 MB volume is usable: " + start.body()).isEqualTo(200);
    long freeAtStart = freeBytes(start);
    assertThat(freeAtStart).isPositive();
    assertThat(metrics.get("sync.database.disk.reserve").gauge().value())
        .as("the reserve: 5 % of the volume, below the 16 MB cap")
        .isEqualTo(8 * 1024 * 1024 / 100 * 5);
    assertThat(metrics.get("sync.database.disk.free").gauge().value()).isPositive();
    long employee = createEmployee("before").at("/data/createEmployee/id").asLong();
    long failedEntry = failedOrderOfCustomer(4242);

    List<String> disagreements = new ArrayList<>();
    long stored = fill(50, disagreements);

    assertThat(disagreements).as("steps where health and a 1-record sync disagree").isEmpty();
    assertThat(stored).as("records stored before the reserve was reached").isPositive();
    assertThat(count("customers")).as("a refused sync stores nothing").isEqualTo(stored);
    TestResponse refused = sync("customers", customers("refused", 1));
    assertThat(refused.status()).isEqualTo(507);
    assertThat(refused.json().get("message").asString())
        .contains("reserve")
        .contains("nothing was stored");
    TestResponse health = anonymous.get("/api/v1/healthz");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().at("/data/read").asBoolean()).isTrue();
    assertThat(health.json().at("/data/write").asBoolean()).isFalse();
    assertThat(freeBytes(health)).isLessThan(freeAtStart);

    // Below the reserve: reads and deletions work, GraphQL and replays are refused.
    assertThat(api.get("/api/v1/sync-history?size=1&payload=false").status()).isEqualTo(200);
    JsonNode create = createEmployee("below");
    assertThat(create.at("/errors/0/extensions/code").asString()).isEqualTo("INSUFFICIENT_STORAGE");
    assertThat(create.at("/errors/0/message").asString()).contains("nothing was stored");
    assertThat(count("employees")).isEqualTo(1);
    JsonNode delete = graphQl("mutation { deleteEmployee(id: " + employee + ") }");
    assertThat(delete.at("/data/deleteEmployee").asBoolean())
        .as("deleting makes room, so it is not refused: " + delete)
        .isTrue();
    long someEntry = jdbc.queryForObject("SELECT max(id) FROM sync_history", Long.class);
    assertThat(api.delete("/api/v1/sync-history/" + someEntry).status()).isEqualTo(204);
    assertThat(api.postJson("/api/v1/sync-history/retry/" + failedEntry, "").status())
        .isEqualTo(200);
    retryWorker.replayDue();
    assertThat(entry(failedEntry))
        .as("a refused replay uses up no attempt")
        .containsEntry("status", "pending_retry")
        .containsEntry("retries", 0L);

    // More room: the first probe and the next sync see it, without a restart.
    resize("12m");
    assertThat(anonymous.get("/api/v1/healthz").status()).isEqualTo(200);
    assertThat(sync("customers", customers("after-growing", 1)).status()).isEqualTo(200);
    JsonNode created = createEmployee("after");
    assertThat(created.at("/data/createEmployee/id").asLong()).as(created.toString()).isPositive();
    assertThat(sync("customers", customerWithId(4242)).status()).isEqualTo(200);
    Thread.sleep(1100); // the refused replay's claim runs out
    assertThat(retryWorker.replayDue()).isEqualTo(1);
    assertThat(entry(failedEntry)).containsEntry("status", "successful");

    // A sync larger than the space left meets the full disk itself: 507, nothing stored. It grew
    // the write-ahead log to the volume's limit; the next commit cuts the log back to
    // journal_size_limit (it had been checkpointed, as it is after every 1000 pages), so health
    // and syncs do not stay refused for good.
    jdbc.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    long customers = count("customers");
    TestResponse tooLarge = sync("customers", customers("too-large", 30000));
    assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(507);
    assertThat(tooLarge.json().get("message").asString()).contains("out of disk space");
    assertThat(count("customers")).isEqualTo(customers);
    assertAgree("after a sync too large for the volume", disagreements);
    TestResponse afterTooLarge = anonymous.get("/api/v1/healthz");
    assertThat(afterTooLarge.status()).as(afterTooLarge.body()).isEqualTo(200);
    assertThat(sync("customers", customers("after-too-large", 1)).status()).isEqualTo(200);
    assertThat(disagreements).isEmpty();
  }

  /**
   * Syncs batches of {@code batchSize} records until {@value #REFUSED_STEPS} steps were refused;
   * after each, health and then a 1-record sync must agree. Returns the records stored.
   */
  private long fill(int batchSize, List<String> disagreements) {
    long stored = 0;
    int refusedSteps = 0;
    for (int step = 0; step < 500 && refusedSteps < REFUSED_STEPS; step++) {
      TestResponse batch = sync("customers", customers("batch" + step, batchSize));
      assertThat(batch.status()).as(batch.body()).isIn(200, 507);
      if (batch.status() == 200) {
        stored += batchSize;
      }
      TestResponse health = anonymous.get("/api/v1/healthz");
      boolean write = health.json().at("/data/write").asBoolean();
      assertThat(health.json().at("/data/read").asBoolean()).isTrue();
      assertThat(health.status()).isEqualTo(write ? 200 : 503);
      TestResponse one = sync("customers", customers("one" + step, 1));
      assertThat(one.status()).as(one.body()).isIn(200, 507);
      if (one.status() == 200) {
        stored++;
      } else {
        refusedSteps++;
        assertThat(one.json().get("message").asString()).contains("nothing was stored");
      }
      if (write != (one.status() == 200)) {
        disagreements.add(
            "step "
                + step
                + ": health write="
                + write
                + " (free "
                + freeBytes(health)
                + " bytes), 1-record sync "
                + one.status());
      }
    }
    return stored;
  }

  private void assertAgree(String when, List<String> disagreements) {
    TestResponse health = anonymous.get("/api/v1/healthz");
    boolean write = health.json().at("/data/write").asBoolean();
    TestResponse one = sync("customers", customers("agree-" + when.hashCode(), 1));
    assertThat(one.status()).as(one.body()).isIn(200, 507);
    if (write != (one.status() == 200)) {
      disagreements.add(when + ": health write=" + write + ", 1-record sync " + one.status());
    }
  }

  private static long freeBytes(TestResponse health) {
    return health.json().at("/data/details/free_bytes").asLong(-1);
  }

  private static void resize(String size) throws Exception {
    Process remount =
        new ProcessBuilder("mount", "-o", "remount,size=" + size, mountPoint.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(remount.getInputStream().readAllBytes());
    assertThat(remount.waitFor()).as(output).isZero();
  }

  private long failedOrderOfCustomer(long customer) {
    TestResponse response =
        sync(
            "orders",
            "[{\"order_number\":\"SO-"
                + customer
                + "\",\"customer_id\":"
                + customer
                + ",\"status\":\"new\",\"amount\":1}]");
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    return jdbc.queryForObject("SELECT max(id) FROM sync_history", Long.class);
  }

  private Map<String, Object> entry(long id) {
    Map<String, Object> row =
        jdbc.queryForMap("SELECT status, retries FROM sync_history WHERE id = ?", id);
    return Map.of(
        "status", row.get("status"), "retries", ((Number) row.get("retries")).longValue());
  }

  private JsonNode createEmployee(String tag) {
    return graphQl(
        "mutation { createEmployee(data: {employeeId: \""
            + tag
            + "\", firstName: \"A\", lastName: \"B\", email: \""
            + tag
            + "@example.com\"}) { id } }");
  }

  private JsonNode graphQl(String query) {
    TestResponse response =
        api.postJson("/graphql", JSON.writeValueAsString(Map.of("query", query)));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private TestResponse sync(String model, String data) {
    return api.postJson("/api/v1/sync", "{\"model\":\"" + model + "\",\"data\":" + data + "}");
  }

  private long count(String table) {
    return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
  }

  private static String customerWithId(long id) {
    return "[{\"id\":"
        + id
        + ",\"email\":\"c"
        + id
        + "@example.com\",\"first_name\":\"C\",\"last_name\":\"D\"}]";
  }

  private static String customers(String tag, int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                "{\"email\":\""
                    + tag
                    + "-"
                    + i
                    + "@example.com\",\"first_name\":\""
                    + "F".repeat(100)
                    + "\",\"last_name\":\"L\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }
}
