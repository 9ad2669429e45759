package io.syncbridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.MutableClock;
import io.syncbridge.support.TestResponse;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Sync jobs over real HTTP: upload, queue, processing by the worker (driven by hand, in chunks of 3
 * records), results, and the rules of their state.
 */
@Import(MutableClock.class)
@TestPropertySource(
    properties = {
      "sync-bridge.jobs.chunk-size=3",
      "sync-bridge.jobs.max-size=64KB",
      "sync-bridge.retry.enabled=false"
    })
class SyncJobIntegrationTests extends IntegrationTest {

  private static final String CSV = "text/csv";
  private static final String NDJSON = "application/x-ndjson";

  @Autowired private SyncJobWorker worker;
  @Autowired private SyncJobService service;
  @Autowired private MutableClock clock;
  @Autowired private JobFiles files;
  @Autowired private SyncJobProcessor processor;
  @Autowired private SyncJobRepository repository;
  @Autowired private io.syncbridge.db.WriteTransactions writes;
  @Autowired private io.micrometer.core.instrument.MeterRegistry meters;
  @Autowired private io.syncbridge.sync.RetryWorker retries;

  @Test
  void createsAnOpenJob() {
    TestResponse created =
        api.postJson("/api/v1/sync-jobs", "{\"model\":\"customers\",\"atomic\":false}");

    assertThat(created.status()).isEqualTo(201);
    JsonNode job = created.json().get("data");
    assertThat(job.get("state").asString()).isEqualTo("open");
    assertThat(job.get("model").asString()).isEqualTo("customers");
    for (String field :
        List.of(
            "id",
            "records_read",
            "records_stored",
            "records_failed",
            "created_at",
            "started_at",
            "finished_at",
            "records_per_second")) {
      assertThat(job.has(field)).as(field).isTrue();
    }
  }

  @Test
  void refusesOptionsAsASyncRequestWould() {
    TestResponse refused =
        api.postJson("/api/v1/sync-jobs", "{\"model\":\"customers\",\"match_on\":\"nope\"}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("errors").get("match_on").asString())
        .isEqualTo("\"nope\" is not a valid choice for customers; choose one of: email.");
  }

  @ParameterizedTest
  @CsvSource({"text/csv", "application/x-ndjson"})
  void storesCustomersInChunksAndReportsEachRecord(String format) {
    long id = job("{\"model\":\"customers\",\"atomic\":false}");
    List<String[]> customers = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      customers.add(new String[] {"F" + i, "L" + i, "c" + i + "@example.com"});
    }
    customers.set(4, new String[] {"F5", "L5", "not-an-email"});
    upload(id, format, data(format, List.of("first_name", "last_name", "email"), customers));
    queue(id);

    assertThat(worker.processQueued()).isEqualTo(1);

    JsonNode job = get(id);
    assertThat(job.get("state").asString()).isEqualTo("completed");
    assertThat(job.get("records_read").asLong()).isEqualTo(7);
    assertThat(job.get("records_stored").asLong()).isEqualTo(6);
    assertThat(job.get("records_failed").asLong()).isEqualTo(1);
    assertThat(count("customers")).isEqualTo(6);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM sync_history WHERE request_id = ?", Long.class, "job-" + id))
        .as("one history entry per chunk")
        .isEqualTo(3);
    String failed = api.get("/api/v1/sync-jobs/" + id + "/failed-records").body();
    String successful = api.get("/api/v1/sync-jobs/" + id + "/successful-records").body();
    if (format.equals(CSV)) {
      assertThat(failed)
          .isEqualTo(
              "line,field,error,first_name,last_name,email\n"
                  + "5,email,\"Enter a valid email address.\",F5,L5,not-an-email\n");
      assertThat(successful.lines())
          .hasSize(7)
          .first()
          .isEqualTo("line,id,status,first_name,last_name,email");
      assertThat(successful.lines().skip(1).map(line -> line.replaceFirst(",\\d+,", ",<id>,")))
          .as("each stored record's own cells after its line, id and status")
          .containsExactly(
              "1,<id>,created,F1,L1,c1@example.com",
              "2,<id>,created,F2,L2,c2@example.com",
              "3,<id>,created,F3,L3,c3@example.com",
              "4,<id>,created,F4,L4,c4@example.com",
              "6,<id>,created,F6,L6,c6@example.com",
              "7,<id>,created,F7,L7,c7@example.com");
    } else {
      JsonNode line = json(failed.lines().findFirst().orElseThrow());
      assertThat(failed.lines()).hasSize(1);
      assertThat(line.get("line").asLong()).isEqualTo(5);
      assertThat(line.get("field").asString()).isEqualTo("email");
      assertThat(line.get("error").asString()).isEqualTo("Enter a valid email address.");
      assertThat(line.get("record").get("email").asString()).isEqualTo("not-an-email");
      assertThat(successful.lines().map(l -> json(l).get("status").asString()))
          .containsOnly("created")
          .hasSize(6);
    }
  }

  @Test
  void aChunksHistoryEntryShowsItsRecordsAndARetryReplaysTheOnesThatFailed() {
    long id = job("{\"model\":\"orders\",\"atomic\":false}");
    upload(
        id,
        NDJSON,
        """
        {"order_number":"SO-1","customer_id":424241,"status":"new","amount":"1.50"}
        {"order_number":"SO-2","customer_id":424242,"status":"new","amount":"2.00"}
        """);
    givenCustomer(424241);
    queue(id);
    worker.processQueued();
    long entry =
        jdbc.queryForObject(
            "SELECT id FROM sync_history WHERE request_id = ?", Long.class, "job-" + id);

    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM sync_history WHERE id = ? AND payload IS NULL"
                    + " AND payload_deflated IS NOT NULL",
                Long.class,
                entry))
        .as("kept deflated")
        .isOne();
    JsonNode shown = api.get("/api/v1/sync-history/" + entry).json().get("data");
    assertThat(shown.get("status").asString()).isEqualTo("partial");
    JsonNode records = json(shown.get("payload").asString());
    assertThat(records).hasSize(2);
    assertThat(records.get(1).get("order_number").asString()).isEqualTo("SO-2");
    assertThat(records.get(1).get("customer_id").asLong()).isEqualTo(424242);
    assertThat(api.get("/api/v1/sync-history?model=orders").json().get("data").get("data").get(0))
        .as("the page shows the same entry, payload included")
        .isEqualTo(shown);

    givenCustomer(424242);
    assertThat(api.postJson("/api/v1/sync-history/retry/" + entry, "").status()).isEqualTo(200);
    assertThat(retries.replayDue()).isEqualTo(1);

    assertThat(api.get("/api/v1/sync-history/" + entry).json().get("data").get("status").asString())
        .isEqualTo("successful");
    assertThat(
            jdbc.queryForList(
                "SELECT order_number FROM orders ORDER BY order_number", String.class))
        .containsExactly("SO-1", "SO-2");
  }

  /** A damaged row: listed without its payload, its retry refused with a reason, not thrown. */
  @Test
  void aChunkWhosePayloadCannotBeInflatedIsListedAndItsRetryEndsWithAReason() {
    long id = job("{\"model\":\"orders\",\"atomic\":false}");
    upload(
        id,
        NDJSON,
        "{\"order_number\":\"SO-9\",\"customer_id\":424249,\"status\":\"new\",\"amount\":1}\n");
    queue(id);
    worker.processQueued();
    long entry =
        jdbc.queryForObject(
            "SELECT id FROM sync_history WHERE request_id = ?", Long.class, "job-" + id);
    jdbc.update(
        "UPDATE sync_history SET payload_deflated = ? WHERE id = ?",
        "damaged".getBytes(StandardCharsets.UTF_8),
        entry);

    TestResponse shown = api.get("/api/v1/sync-history/" + entry);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().get("data").has("payload")).isFalse();
    assertThat(api.postJson("/api/v1/sync-history/retry/" + entry, "").status()).isEqualTo(200);
    assertThat(retries.replayDue()).isEqualTo(1);

    JsonNode replayed = api.get("/api/v1/sync-history/" + entry).json().get("data");
    assertThat(replayed.get("retries").asInt()).isEqualTo(1);
    assertThat(replayed.get("failure_reason").asString()).isNotBlank();
  }

  @ParameterizedTest
  @CsvSource({"text/csv", "application/x-ndjson"})
  void storesEveryModel(String format) {
    boolean csv = format.equals(CSV);
    double completedBefore = completedJobs("orders");
    long products = job("{\"model\":\"products\",\"match_on\":\"name\"}");
    upload(
        products,
        format,
        csv
            ? "name,price,weight_grams\nApple,1.50,120\nPear,2,\n"
            : "{\"name\":\"Apple\",\"price\":\"1.50\",\"weight_grams\":120}\n{\"name\":\"Pear\",\"price\":2}\n");
    long customers = job("{\"model\":\"customers\"}");
    upload(
        customers,
        format,
        csv
            ? "first_name,last_name,email\nA,B,a@example.com\n"
            : "{\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\"a@example.com\"}\n");
    long employees = job("{\"model\":\"employees\"}");
    upload(
        employees,
        format,
        csv
            ? "employee_id,first_name,last_name,email\nE1,Ada,Lovelace,ada@example.com\n"
            : "{\"employeeId\":\"E1\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\"}\n");
    for (long id : List.of(products, customers, employees)) {
      queue(id);
    }
    assertThat(worker.processQueued()).isEqualTo(3);
    long customer = jdbc.queryForObject("SELECT id FROM customers", Long.class);
    long apple = jdbc.queryForObject("SELECT id FROM products WHERE name = 'Apple'", Long.class);
    long orders = job("{\"model\":\"orders\"}");
    String items = "[{\"product_id\":%d,\"qty\":2,\"unit_price\":\"1.50\"}]".formatted(apple);
    upload(
        orders,
        format,
        csv
            ? "order_number,customer_id,status,items\nSO-1,%d,paid,\"%s\"\n"
                .formatted(customer, items.replace("\"", "\"\""))
            : "{\"order_number\":\"SO-1\",\"customer_id\":%d,\"status\":\"paid\",\"items\":%s}\n"
                .formatted(customer, items));
    queue(orders);
    assertThat(worker.processQueued()).isEqualTo(1);

    for (long id : List.of(products, customers, employees, orders)) {
      assertThat(get(id).get("state").asString()).as("job %d", id).isEqualTo("completed");
      assertThat(get(id).get("records_failed").asLong()).as("job %d", id).isZero();
    }
    assertThat(count("products")).isEqualTo(2);
    assertThat(count("employees")).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT amount FROM orders", java.math.BigDecimal.class))
        .isEqualByComparingTo("3");
    assertThat(count("order_items")).isEqualTo(1);
    assertThat(events.created()).as("employee jobs raise the usual events").hasSize(1);
    assertThat(completedJobs("orders") - completedBefore).as("sync.jobs").isEqualTo(1);
  }

  @Test
  void anAbortedJobKeepsWhatItStoredAndSaysHowFarItGot() throws Exception {
    long id = job("{\"model\":\"customers\"}");
    upload(id, NDJSON, customerLines(1, 7));
    queue(id);
    processChunksThenStop(1);

    assertThat(get(id).get("state").asString()).isEqualTo("in_progress");
    assertThat(patch(id, "{\"state\":\"aborted\"}").status()).isEqualTo(200);

    JsonNode job = get(id);
    assertThat(job.get("state").asString()).isEqualTo("aborted");
    assertThat(job.get("records_stored").asLong()).isEqualTo(3);
    assertThat(job.get("bytes_processed").asLong()).isLessThan(job.get("bytes_uploaded").asLong());
    assertThat(count("customers")).isEqualTo(3);
    clock.advance(Duration.ofSeconds(31));
    assertThat(worker.processQueued()).as("an aborted job is not taken up again").isZero();
  }

  @Test
  void aJobStoppedBetweenChunksResumesFromTheNextOneAndStoresEachRecordOnce() throws Exception {
    long id = job("{\"model\":\"customers\",\"atomic\":false}");
    upload(id, NDJSON, customerLines(1, 7));
    queue(id);
    processChunksThenStop(2);
    assertThat(get(id).get("records_stored").asLong()).isEqualTo(6);
    assertThat(worker.processQueued())
        .as("its lease, renewed with each chunk, still runs")
        .isZero();

    clock.advance(Duration.ofSeconds(31));
    assertThat(worker.processQueued()).isEqualTo(1);

    assertThat(get(id).get("state").asString()).isEqualTo("completed");
    assertThat(get(id).get("records_stored").asLong()).isEqualTo(7);
    assertThat(count("customers")).isEqualTo(7);
    assertThat(
            api.get("/api/v1/sync-jobs/" + id + "/successful-records")
                .body()
                .lines()
                .map(line -> json(line).get("line").asLong()))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void reportsMalformedCsvPerLineAndStoresTheRest() {
    long id = job("{\"model\":\"customers\",\"atomic\":false}");
    byte[] badUtf8 = {
      'B', (byte) 0xC3, '(', ',', 'L', ',', 'b', '@', 'x', '.', 'o', 'r', 'g', '\n'
    };
    String head = "\uFEFFfirst_name,last_name,email\r\nA,L,a@example.com\r\ntoo,few\r\n";
    String tail = "C,L,c@example.com\n\"unbalanced,L,d@example.com\n";
    byte[] body =
        concat(
            head.getBytes(StandardCharsets.UTF_8), badUtf8, tail.getBytes(StandardCharsets.UTF_8));
    assertThat(
            api.sendBody(
                    "PUT",
                    "/api/v1/sync-jobs/" + id + "/data",
                    BodyPublishers.ofByteArray(body),
                    "content-type",
                    CSV)
                .status())
        .isEqualTo(200);
    queue(id);

    worker.processQueued();

    assertThat(get(id).get("records_stored").asLong()).isEqualTo(2);
    assertThat(get(id).get("records_failed").asLong()).isEqualTo(3);
    assertThat(api.get("/api/v1/sync-jobs/" + id + "/failed-records").body())
        .isEqualTo(
            "line,field,error,first_name,last_name,email\n"
                + "2,non_field_errors,\"Expected 3 values (the header's columns), found 2.\",too,few\n"
                + "3,non_field_errors,\"Invalid UTF-8.\"\n"
                + "5,non_field_errors,\"Malformed CSV: a quoted field is never closed.\"\n");
  }

  @Test
  void anAtomicJobStopsAtTheChunkWithAFailingRecordAndKeepsTheChunksBefore() {
    long id = job("{\"model\":\"customers\"}");
    upload(
        id,
        NDJSON,
        customerLines(1, 3)
            + "{\"first_name\":\"X\",\"last_name\":\"Y\",\"email\":\"bad\"}\n"
            + customerLines(5, 8));
    queue(id);

    worker.processQueued();

    JsonNode job = get(id);
    assertThat(job.get("state").asString()).isEqualTo("failed");
    assertThat(job.get("error").asString()).startsWith("Record at line 4, field 'email'");
    assertThat(job.get("records_stored").asLong()).isEqualTo(3);
    assertThat(count("customers")).as("the first chunk stays").isEqualTo(3);
    assertThat(api.get("/api/v1/sync-jobs/" + id + "/failed-records").body())
        .contains("\"line\":4");
  }

  @Test
  void anAbortedJobIsNotProcessedAndKeepsItsState() {
    long id = job("{\"model\":\"customers\"}");
    upload(id, NDJSON, customerLines(1, 2));
    queue(id);

    TestResponse aborted = patch(id, "{\"state\":\"aborted\"}");

    assertThat(aborted.status()).isEqualTo(200);
    assertThat(worker.processQueued()).isZero();
    assertThat(get(id).get("state").asString()).isEqualTo("aborted");
    assertThat(get(id).get("finished_at").isNull()).isFalse();
    assertThat(count("customers")).isZero();
    assertThat(patch(id, "{\"state\":\"upload_complete\"}").status()).isEqualTo(409);
  }

  @Test
  void aJobLeftByAnInstanceThatWentAwayResumesOnceItsLeaseRunsOut() {
    long id = job("{\"model\":\"customers\"}");
    upload(id, NDJSON, customerLines(1, 7));
    queue(id);
    assertThat(service.claimNext("gone:1", clock.instant().plus(Duration.ofSeconds(30))))
        .isPresent();

    assertThat(worker.processQueued()).as("still leased").isZero();
    clock.advance(Duration.ofSeconds(31));
    assertThat(worker.processQueued()).isEqualTo(1);

    assertThat(get(id).get("state").asString()).isEqualTo("completed");
    assertThat(get(id).get("records_stored").asLong()).isEqualTo(7);
    assertThat(count("customers")).isEqualTo(7);
  }

  @Test
  void resultsComeInTheDataFormatAndEmptyBeforeTheFirstUpload() {
    long id = job("{\"model\":\"customers\"}");
    TestResponse none = api.get("/api/v1/sync-jobs/" + id + "/failed-records");
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.body()).isEmpty();
    assertThat(none.header("content-type")).isEqualTo("application/x-ndjson;charset=UTF-8");

    upload(id, CSV, "first_name,last_name,email\nA,L,a@example.com\n");
    queue(id);
    worker.processQueued();

    TestResponse stored = api.get("/api/v1/sync-jobs/" + id + "/successful-records");
    assertThat(stored.header("content-type")).isEqualTo("text/csv;charset=UTF-8");
    assertThat(stored.body()).startsWith("line,id,status,first_name,last_name,email\n1,");
  }

  @Test
  void theSuccessfulRecordsOfACsvJobNeedItsDataTheFailedOnesDoNot() throws Exception {
    long id = job("{\"model\":\"customers\"}");
    upload(id, CSV, "first_name,last_name,email\nA,L,a@example.com\nB,L,not-an-email\n");
    queue(id);
    worker.processQueued();

    java.nio.file.Files.delete(files.data(id));

    TestResponse successful = api.get("/api/v1/sync-jobs/" + id + "/successful-records");
    assertThat(successful.status()).isEqualTo(404);
    assertThat(successful.json().get("message").asString())
        .contains("is not in this instance's jobs directory");
    assertThat(api.get("/api/v1/sync-jobs/" + id + "/failed-records").body())
        .isEqualTo(
            "line,field,error,first_name,last_name,email\n"
                + "2,email,\"Enter a valid email address.\",B,L,not-an-email\n");
  }

  @Test
  void theFilesOfAJobAreDeletedOnceItsRetentionHasPassed() throws Exception {
    long id = job("{\"model\":\"customers\"}");
    upload(id, NDJSON, customerLines(1, 2));
    queue(id);
    worker.processQueued();
    java.nio.file.Path data = files.data(id);
    assertThat(data).exists();

    clock.advance(Duration.ofDays(6));
    worker.deleteExpiredFiles();
    assertThat(data).as("kept for 7 days").exists();
    clock.advance(Duration.ofDays(2));
    worker.deleteExpiredFiles();

    assertThat(data).doesNotExist();
    assertThat(count("sync_job_results")).isZero();
    TestResponse results = api.get("/api/v1/sync-jobs/" + id + "/successful-records");
    assertThat(results.status()).isEqualTo(404);
    assertThat(results.json().get("message").asString())
        .startsWith("The job's records are no longer kept");
    assertThat(get(id).get("records_stored").asLong()).as("the job itself stays").isEqualTo(2);
    clock.advance(Duration.ofDays(3));
    worker.deleteExpiredFiles();
    assertThat(worker.deleteExpiredFiles())
        .as("a later sweep goes over the jobs that ended since the last one, not every job")
        .isZero();
  }

  @Test
  void laterUploadsAppendAndMayRepeatTheHeader() {
    long id = job("{\"model\":\"customers\"}");
    upload(id, CSV, "first_name,last_name,email\nA,L,a@example.com");
    upload(id, CSV, "first_name,last_name,email\nB,L,b@example.com\n");
    upload(id, CSV, "C,L,c@example.com\n");
    queue(id);

    worker.processQueued();

    assertThat(get(id).get("records_stored").asLong()).isEqualTo(3);
    assertThat(jdbc.queryForList("SELECT first_name FROM customers ORDER BY id", String.class))
        .containsExactly("A", "B", "C");
  }

  @Test
  void refusesUploadsAJobCannotTake() {
    long id = job("{\"model\":\"customers\"}");
    String path = "/api/v1/sync-jobs/" + id + "/data";

    assertThat(
            api.send("PUT", path, "a,a\n", "content-type", CSV)
                .json()
                .get("errors")
                .get("header")
                .asString())
        .isEqualTo("The header row names the column 'a' twice.");
    assertThat(api.send("PUT", path, "x", "content-type", "text/plain").status()).isEqualTo(415);
    upload(id, NDJSON, customerLines(1, 1));
    assertThat(api.send("PUT", path, "a\n", "content-type", CSV).status()).isEqualTo(409);
    TestResponse tooLarge = api.send("PUT", path, "x".repeat(70_000), "content-type", NDJSON);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(get(id).get("bytes_uploaded").asLong())
        .as("a refused upload leaves nothing")
        .isEqualTo(customerLines(1, 1).length());
    queue(id);
    assertThat(api.send("PUT", path, customerLines(2, 2), "content-type", NDJSON).status())
        .isEqualTo(409);
    assertThat(api.get("/api/v1/sync-jobs/999999").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/sync-jobs/abc").status()).isEqualTo(404);
    assertThat(patch(job("{\"model\":\"customers\"}"), "{\"state\":\"upload_complete\"}").status())
        .as("nothing uploaded yet")
        .isEqualTo(409);
  }

  @Test
  void uploadsToOneJobTakeTurnsOnAnyInstance() {
    long id = job("{\"model\":\"customers\"}");
    // An upload on another instance holds the job's turn.
    assertThat(
            writes.execute(
                () ->
                    repository.claimUpload(
                        id, "elsewhere", clock.instant(), clock.instant().plusSeconds(60))))
        .isEqualTo(1);
    String path = "/api/v1/sync-jobs/" + id + "/data";

    TestResponse refused = api.send("PUT", path, customerLines(1, 1), "content-type", NDJSON);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asString())
        .isEqualTo(
            "Another upload to this job is in progress; send the next one when it has ended.");
    assertThat(patch(id, "{\"state\":\"upload_complete\"}").status()).isEqualTo(409);

    clock.advance(Duration.ofSeconds(61)); // that instance went away mid-upload
    upload(id, NDJSON, customerLines(1, 1));
    assertThat(get(id).get("bytes_uploaded").asLong()).isEqualTo(customerLines(1, 1).length());
  }

  @Test
  void aJobWhoseDataIsNotInTheJobsDirectoryFailsWithTheReason() throws Exception {
    long id = job("{\"model\":\"customers\"}");
    upload(id, NDJSON, customerLines(1, 1));
    queue(id);
    java.nio.file.Files.delete(files.data(id));

    worker.processQueued();

    assertThat(get(id).get("state").asString()).isEqualTo("failed");
    assertThat(get(id).get("error").asString()).contains("sync-bridge.jobs.directory");
  }

  @Test
  void aJobThatStopsOnAnErrorEveryTimeEndsFailedAfterFiveTries() {
    long id = job("{\"model\":\"customers\"}");
    upload(id, CSV, "first_name,last_name,email\nA,L,a@example.com\n");
    queue(id);
    // Its stored header no longer reads: every try stops on the same error.
    jdbc.update("UPDATE sync_jobs SET csv_header = 'not json' WHERE id = ?", id);

    for (int attempt = 1; attempt <= SyncJobService.MAX_FAILURES; attempt++) {
      assertThat(get(id).get("state").asString())
          .as("try %d", attempt)
          .isIn("upload_complete", "in_progress");
      assertThat(worker.processQueued()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(31));
    }

    assertThat(get(id).get("state").asString()).isEqualTo("failed");
    assertThat(get(id).get("error").asString())
        .startsWith("Processing stopped 5 times; the last time: ");
    assertThat(worker.processQueued()).isZero();
  }

  @Test
  void anUploadCutOffBeforeItsEndIsRefusedAndLeavesNothing() throws Exception {
    long id = job("{\"model\":\"customers\"}");
    String part = customerLines(1, 2);
    String response;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout(20_000);
      var out = socket.getOutputStream();
      out.write(
          ("PUT /api/v1/sync-jobs/"
                  + id
                  + "/data HTTP/1.1\r\nHost: localhost\r\n"
                  + "x-auth-token: "
                  + TOKEN
                  + "\r\ncontent-type: "
                  + NDJSON
                  + "\r\n"
                  + "content-length: 100000\r\nconnection: close\r\n\r\n"
                  + part)
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.flush();
      socket.shutdownOutput(); // far less than announced
      response =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    // Tomcat answers the broken request itself once its body fails (the envelope, no details).
    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response).contains("{\"status\":400,");
    assertThat(get(id).get("bytes_uploaded").asLong()).isZero();
    upload(id, NDJSON, part); // the job's upload turn was given back
    assertThat(get(id).get("bytes_uploaded").asLong()).isEqualTo(part.length());
  }

  @Test
  void listsJobsNewestFirstByStateAndModel() {
    long first = job("{\"model\":\"customers\"}");
    long second = job("{\"model\":\"products\"}");
    patch(first, "{\"state\":\"aborted\"}");

    JsonNode all = api.get("/api/v1/sync-jobs").json().get("data");
    JsonNode aborted = api.get("/api/v1/sync-jobs?state=aborted").json().get("data");
    JsonNode products = api.get("/api/v1/sync-jobs?model=products&size=1").json().get("data");

    assertThat(all.get("total").asLong()).isEqualTo(2);
    assertThat(all.get("data").get(0).get("id").asLong()).isEqualTo(second);
    assertThat(aborted.get("data")).hasSize(1);
    assertThat(aborted.get("data").get(0).get("id").asLong()).isEqualTo(first);
    assertThat(products.get("data").get(0).get("id").asLong()).isEqualTo(second);
    assertThat(api.get("/api/v1/sync-jobs?state=nope").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/sync-jobs?size=101").status()).isEqualTo(400);
  }

  private void givenCustomer(long id) {
    String customer =
        "[{\"id\":%d,\"email\":\"c%d@example.com\",\"first_name\":\"C\",\"last_name\":\"D\"}]"
            .formatted(id, id);
    assertThat(sync("customers", customer).status()).isEqualTo(200);
  }

  private long job(String options) {
    TestResponse created = api.postJson("/api/v1/sync-jobs", options);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("data").get("id").asLong();
  }

  private void upload(long id, String format, String data) {
    TestResponse uploaded =
        api.send("PUT", "/api/v1/sync-jobs/" + id + "/data", data, "content-type", format);
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
  }

  private void queue(long id) {
    TestResponse queued = patch(id, "{\"state\":\"upload_complete\"}");
    assertThat(queued.status()).as(queued.body()).isEqualTo(200);
  }

  private TestResponse patch(long id, String body) {
    return api.send("PATCH", "/api/v1/sync-jobs/" + id, body, "content-type", "application/json");
  }

  private JsonNode get(long id) {
    return api.get("/api/v1/sync-jobs/" + id).json().get("data");
  }

  private static String customerLines(int from, int to) {
    StringBuilder lines = new StringBuilder();
    for (int i = from; i <= to; i++) {
      lines.append(
          "{\"first_name\":\"F%d\",\"last_name\":\"L\",\"email\":\"c%d@example.com\"}\n"
              .formatted(i, i));
    }
    return lines.toString();
  }

  private static String data(String format, List<String> columns, List<String[]> rows) {
    StringBuilder data = new StringBuilder();
    if (format.equals(CSV)) {
      data.append(String.join(",", columns)).append('\n');
      rows.forEach(row -> data.append(String.join(",", row)).append('\n'));
    } else {
      for (String[] row : rows) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
          fields.add("\"" + columns.get(i) + "\":\"" + row[i] + "\"");
        }
        data.append('{').append(String.join(",", fields)).append("}\n");
      }
    }
    return data.toString();
  }

  private static JsonNode json(String text) {
    return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private double completedJobs(String model) {
    var counter = meters.find("sync.jobs").tags("model", model, "state", "completed").counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * Claims the queued job and stores {@code chunks} of its chunks, then stops, as processing does
   * between two chunks when the service is stopping; the job stays in progress and claimed.
   */
  private void processChunksThenStop(int chunks) throws Exception {
    SyncJob claimed =
        service.claimNext("test:1", clock.instant().plus(Duration.ofSeconds(30))).orElseThrow();
    int[] started = {0};
    processor.process(claimed, "test:1", () -> started[0]++ >= chunks);
  }
}
