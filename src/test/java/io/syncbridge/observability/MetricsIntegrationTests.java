package io.syncbridge.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Prometheus metrics, probes and build info at /actuator, behind the token like the API. */
class MetricsIntegrationTests extends IntegrationTest {

  @org.springframework.beans.factory.annotation.Autowired
  private io.syncbridge.jobs.SyncJobWorker jobs;

  private static final String VALID =
      "[{\"email\":\"m@example.com\",\"first_name\":\"M\",\"last_name\":\"M\"}]";
  private static final String INVALID_EMAIL =
      "[{\"email\":\"not-an-email\",\"first_name\":\"M\",\"last_name\":\"M\"}]";

  @Test
  void syncsOfEachOutcomeAreTimedByModelAndOutcome() {
    double successfulBefore = count("sync_operation_seconds_count", "customers", "successful");
    double failedBefore = count("sync_operation_seconds_count", "customers", "failed");
    double invalidBefore = count("sync_operation_seconds_count", "unknown", "invalid");
    double partialBefore = count("sync_operation_seconds_count", "customers", "partial");
    double partialRecords = count("sync_records_total", "customers", "partial");
    double successfulRecords = count("sync_records_total", "customers", "successful");

    assertThat(sync("customers", VALID).status()).isEqualTo(200);
    assertThat(sync("customers", INVALID_EMAIL).status()).isEqualTo(400);
    assertThat(sync("no-such-model", VALID).status()).isEqualTo(400);
    assertThat(
            api.postJson(
                    "/api/v1/sync",
                    "{\"model\":\"customers\",\"atomic\":false,\"data\":["
                        + "{\"email\":\"p@example.com\",\"first_name\":\"P\",\"last_name\":\"P\"},"
                        + "{\"email\":\"bad\",\"first_name\":\"P\",\"last_name\":\"P\"}]}")
                .status())
        .isEqualTo(207);

    assertThat(count("sync_operation_seconds_count", "customers", "successful"))
        .isEqualTo(successfulBefore + 1);
    assertThat(count("sync_operation_seconds_count", "customers", "failed"))
        .isEqualTo(failedBefore + 1);
    assertThat(count("sync_operation_seconds_count", "unknown", "invalid"))
        .isEqualTo(invalidBefore + 1);
    assertThat(count("sync_operation_seconds_count", "customers", "partial"))
        .isEqualTo(partialBefore + 1);
    // A histogram, so that Prometheus can compute percentiles across instances.
    assertThat(prometheus()).contains("sync_operation_seconds_bucket{");
    // Records are counted with the same tags: 1 + 1 + 1, and the 2 of the partial one.
    assertThat(count("sync_records_total", "customers", "partial")).isEqualTo(partialRecords + 2);
    assertThat(count("sync_records_total", "customers", "successful"))
        .isEqualTo(successfulRecords + 1);
  }

  @Test
  void historyHealthAndGraphQlOperationsAreTimed() {
    // Other tests share this context and its registry: each series must grow by this test's call.
    String[] series = {
      "sync_history_list_seconds_count{outcome=\"success\"}",
      "sync_history_get_seconds_count{outcome=\"client_error\"}",
      "sync_history_stats_seconds_count{outcome=\"success\"}",
      "health_check_seconds_count{outcome=\"success\"}",
      "graphql_request_seconds_count{error=\"none\",graphql_operation_type=\"query\","
          + "graphql_outcome=\"SUCCESS\"}"
    };
    double[] before = new double[series.length];
    for (int i = 0; i < series.length; i++) {
      before[i] = value(series[i]);
    }

    api.get("/api/v1/sync-history");
    api.get("/api/v1/sync-history/999999");
    api.get("/api/v1/sync/stats");
    anonymous.get("/api/v1/healthz");
    api.postJson("/graphql", "{\"query\":\"{ employees { id } }\"}");

    for (int i = 0; i < series.length; i++) {
      String timer = series[i];
      double expected = before[i] + 1;
      // A timer is recorded when its request completes, which may be just after the client got
      // the answer.
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(20))
          .untilAsserted(() -> assertThat(value(timer)).as(timer).isEqualTo(expected));
    }
  }

  @Test
  void prometheusAndInfoNeedTheTokenWhileProbesDoNot() {
    TestResponse denied = anonymous.get("/actuator/prometheus");
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.body()).isEqualTo("{\"status\":401,\"message\":\"Access Denied\"}");
    assertThat(anonymous.get("/actuator/info").status()).isEqualTo(401);

    for (String probe : new String[] {"liveness", "readiness"}) {
      TestResponse response = anonymous.get("/actuator/health/" + probe);
      assertThat(response.status()).as(probe).isEqualTo(200);
      assertThat(response.json().get("status").asString()).isEqualTo("UP");
    }

    TestResponse info = api.get("/actuator/info");
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().at("/build/version").asString()).isNotBlank();
    assertThat(info.json().at("/git/commit/id").asString()).matches("[0-9a-f]{7,}");
  }

  /**
   * The Grafana dashboard in deploy/ queries only series the service exports: each metric named in
   * a panel's query is in the scrape once the service has served what the panel shows.
   */
  @Test
  void everyMetricTheGrafanaDashboardQueriesIsExported() throws Exception {
    assertThat(sync("customers", VALID.replace("m@", "grafana@")).status()).isEqualTo(200);
    TestResponse job = api.postJson("/api/v1/sync-jobs", "{\"model\":\"customers\"}");
    String jobPath = "/api/v1/sync-jobs/" + job.json().at("/data/id").asLong();
    api.send(
        "PUT",
        jobPath + "/data",
        "{\"email\":\"job@example.com\",\"first_name\":\"J\",\"last_name\":\"J\"}\n",
        "content-type",
        "application/x-ndjson");
    api.send(
        "PATCH", jobPath, "{\"state\":\"upload_complete\"}", "content-type", "application/json");
    jobs.processQueued();
    assertThat(api.get(jobPath).json().at("/data/state").asString()).isEqualTo("completed");

    String dashboard =
        java.nio.file.Files.readString(java.nio.file.Path.of("deploy/grafana/sync-bridge.json"));
    java.util.Set<String> queried = new java.util.TreeSet<>();
    Matcher expr = Pattern.compile("\"(?:expr|definition)\": \"(.*?)\",?\n").matcher(dashboard);
    while (expr.find()) {
      // A series selector (name{…}), or the metric a template variable lists values of.
      Matcher metric =
          Pattern.compile("([a-z_]+)\\{|label_values\\(([a-z_]+)").matcher(expr.group(1));
      while (metric.find()) {
        queried.add(metric.group(1) != null ? metric.group(1) : metric.group(2));
      }
    }
    String scrape = prometheus();

    assertThat(queried).hasSizeGreaterThanOrEqualTo(8);
    assertThat(queried)
        .allSatisfy(name -> assertThat(scrape).as(name).containsPattern("(?m)^" + name + "[{ ]"));
  }

  private String prometheus() {
    TestResponse response = api.get("/actuator/prometheus");
    assertThat(response.status()).isEqualTo(200);
    return response.body();
  }

  /** The value of a series given with its labels as Prometheus prints them, 0 when none yet. */
  private double value(String series) {
    Matcher m = Pattern.compile(Pattern.quote(series) + " (\\S+)").matcher(prometheus());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** The value of a sync.operation or sync.records series of requests, 0 when none yet. */
  private double count(String series, String model, String outcome) {
    return value(
        series + "{model=\"" + model + "\",outcome=\"" + outcome + "\",source=\"request\"}");
  }
}
