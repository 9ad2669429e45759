package io.syncbridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.JoinedInstance;
import io.syncbridge.support.PostgresOnly;
import io.syncbridge.support.TestResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two instances on one PostgreSQL and one jobs directory, their workers taking queued jobs at the
 * same moment: every job is processed once, each of its chunks stored once.
 */
@PostgresOnly
class SyncJobsAcrossInstancesTests {

  private static JoinedInstance first;
  private static JoinedInstance second;

  @BeforeAll
  static void twoInstancesOnOneDatabase() throws Exception {
    String redisUrl = JoinedInstance.redisOrSkip();
    String database = JoinedInstance.sharedDatabase();
    String channel = "sync-bridge-test:" + UUID.randomUUID();
    List<String> settings =
        List.of(
            "--sync-bridge.jobs.directory=" + Files.createTempDirectory("sync-bridge-jobs"),
            "--sync-bridge.jobs.chunk-size=3");
    first = JoinedInstance.start(redisUrl, channel, database, settings);
    second = JoinedInstance.start(redisUrl, channel, database, settings);
  }

  @AfterAll
  static void stop() {
    JoinedInstance.closeAll(first, second);
  }

  @Test
  void workersOnBothInstancesProcessEveryJobOnce() throws Exception {
    JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
    jdbc.update("DELETE FROM customers");
    jdbc.update("DELETE FROM sync_history");
    jdbc.update("DELETE FROM sync_jobs");
    List<Long> jobs = new ArrayList<>();
    for (int job = 0; job < 6; job++) {
      // Uploads to either instance: the other may process the job.
      HttpTestClient api = (job % 2 == 0 ? first : second).api();
      long id =
          api.postJson("/api/v1/sync-jobs", "{\"model\":\"customers\"}")
              .json()
              .get("data")
              .get("id")
              .asLong();
      StringBuilder data = new StringBuilder();
      for (int i = 0; i < 7; i++) {
        data.append(
            "{\"first_name\":\"F\",\"last_name\":\"L\",\"email\":\"j%d-%d@example.com\"}\n"
                .formatted(job, i));
      }
      assertThat(
              send(
                      api,
                      "PUT",
                      "/api/v1/sync-jobs/" + id + "/data",
                      data.toString(),
                      "application/x-ndjson")
                  .status())
          .isEqualTo(200);
      assertThat(
              send(
                      api,
                      "PATCH",
                      "/api/v1/sync-jobs/" + id,
                      "{\"state\":\"upload_complete\"}",
                      "application/json")
                  .status())
          .isEqualTo(200);
      jobs.add(id);
    }

    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Callable<Integer>> workers = new ArrayList<>();
    for (JoinedInstance instance : List.of(first, second, first, second)) {
      workers.add(() -> instance.bean(SyncJobWorker.class).processQueued());
    }
    int taken = 0;
    for (Future<Integer> worker : threads.invokeAll(workers)) {
      taken += worker.get();
    }
    threads.shutdown();

    assertThat(taken).as("jobs taken in all").isEqualTo(6);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM customers", Long.class)).isEqualTo(42);
    for (long id : jobs) {
      assertThat(jdbc.queryForObject("SELECT state FROM sync_jobs WHERE id = ?", String.class, id))
          .isEqualTo("completed");
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM sync_history WHERE request_id = ?",
                  Long.class,
                  "job-" + id))
          .as("chunks of job %d", id)
          .isEqualTo(3);
    }
  }

  private static TestResponse send(
      HttpTestClient api, String method, String path, String body, String type) {
    return api.send(method, path, body, "content-type", type);
  }
}
