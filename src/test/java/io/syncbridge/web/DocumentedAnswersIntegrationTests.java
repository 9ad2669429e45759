package io.syncbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.syncbridge.jobs.SyncJobWorker;
import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The API's answers against the OpenAPI document it serves: each route, with its successes and the
 * errors a client meets, must answer with a status the document lists for it, in a content type it
 * lists, with a body its schema accepts. A field added to an answer but not to the document, or an
 * error status the document does not name, fails here.
 */
class DocumentedAnswersIntegrationTests extends IntegrationTest {

  private static final String JSON = "application/json";
  private static final String CUSTOMER =
      "{\"email\":\"%s@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"}";

  @Autowired private SyncJobWorker jobs;

  private final List<String> mismatches = new ArrayList<>();
  private final Set<String> exercised = new TreeSet<>();
  private OpenApiInteractionValidator document;

  @Test
  void everyRouteAnswersAsTheDocumentSays() {
    document =
        OpenApiInteractionValidator.createForInlineApiSpecification(
                anonymous.get("/v3/api-docs").body())
            // Undocumented fields count as mismatches; allOf parts are merged first, so that a
            // field of one part is not "additional" to the other.
            .withResolveCombinators(true)
            .build();

    check("GET /api/v1/healthz", anonymous.get("/api/v1/healthz"));

    String sync = "POST /api/v1/sync";
    check(sync, sync("customers", "[" + CUSTOMER.formatted("a") + "]"));
    check(sync, sync("customers", "[" + CUSTOMER.formatted("a") + "]"));
    check(sync, sync("customers", "[{\"email\":\"nope\"}]"));
    check(sync, sync("invoices", "[]"));
    check(
        sync,
        api.postJson(
            "/api/v1/sync",
            "{\"model\":\"customers\",\"atomic\":false,\"data\":["
                + CUSTOMER.formatted("b")
                + ",{\"email\":\"x\"}]}"));
    check(sync, api.send("POST", "/api/v1/sync", "model=customers", "content-type", "text/plain"));
    check(sync, anonymous.postJson("/api/v1/sync", "{}"));
    String once = "{\"model\":\"customers\",\"data\":[" + CUSTOMER.formatted("c") + "]}";
    check(sync, api.postJson("/api/v1/sync", once, "Idempotency-Key", "k1"));
    check(sync, api.postJson("/api/v1/sync", once, "Idempotency-Key", "k1"));
    check(sync, api.postJson("/api/v1/sync", "{\"model\":\"products\"}", "Idempotency-Key", "k1"));

    check("GET /api/v1/sync/stats", api.get("/api/v1/sync/stats"));
    String list = "GET /api/v1/sync-history";
    check(list, api.get("/api/v1/sync-history?size=2&status=failed"));
    check(list, api.get("/api/v1/sync-history?payload=false"));
    check(list, api.get("/api/v1/sync-history?page=0"));
    long successful = entry("successful");
    long failed = entry("failed");
    String entry = "/api/v1/sync-history/{id}";
    check("GET " + entry, api.get("/api/v1/sync-history/" + successful));
    check("GET " + entry, api.get("/api/v1/sync-history/999999"));
    String retry = "POST /api/v1/sync-history/retry/{id}";
    check(retry, api.postJson("/api/v1/sync-history/retry/" + failed, ""));
    check(retry, api.postJson("/api/v1/sync-history/retry/" + successful, ""));
    check(retry, api.postJson("/api/v1/sync-history/retry/999999", ""));
    check("DELETE " + entry, api.delete("/api/v1/sync-history/" + successful));
    check("DELETE " + entry, api.delete("/api/v1/sync-history/" + successful));

    String jobsRoute = "/api/v1/sync-jobs";
    check("POST " + jobsRoute, api.postJson(jobsRoute, "{\"model\":\"invoices\"}"));
    TestResponse created = api.postJson(jobsRoute, "{\"model\":\"customers\",\"atomic\":false}");
    check("POST " + jobsRoute, created);
    String job = jobsRoute + "/" + created.json().at("/data/id").asLong();
    String data = "PUT /api/v1/sync-jobs/{id}/data";
    check(data, api.send("PUT", job + "/data", "{}", "content-type", JSON));
    check(
        data,
        api.send(
            "PUT",
            job + "/data",
            "first_name,last_name,email\nA,B,j1@example.com\nC,D,not-an-email\n",
            "content-type",
            "text/csv"));
    check(data, api.send("PUT", jobsRoute + "/999999/data", "a\n", "content-type", "text/csv"));
    String update = "PATCH /api/v1/sync-jobs/{id}";
    check(update, api.send("PATCH", job, "{\"state\":\"done\"}", "content-type", JSON));
    check(update, api.send("PATCH", job, "{\"state\":\"upload_complete\"}", "content-type", JSON));
    check(data, api.send("PUT", job + "/data", "a,b,c\n", "content-type", "text/csv"));
    jobs.processQueued();
    check(update, api.send("PATCH", job, "{\"state\":\"aborted\"}", "content-type", JSON));
    check("GET /api/v1/sync-jobs/{id}", api.get(job));
    check("GET /api/v1/sync-jobs/{id}", api.get(jobsRoute + "/999999"));
    check("GET " + jobsRoute, api.get(jobsRoute + "?state=completed&model=customers"));
    check("GET " + jobsRoute, api.get(jobsRoute + "?state=finished"));
    check("GET /api/v1/sync-jobs/{id}/failed-records", api.get(job + "/failed-records"));
    check("GET /api/v1/sync-jobs/{id}/successful-records", api.get(job + "/successful-records"));
    check(
        "GET /api/v1/sync-jobs/{id}/failed-records", api.get(jobsRoute + "/999999/failed-records"));

    assertThat(mismatches).isEmpty();
    assertThat(exercised)
        .as("every documented route, each at least once")
        .containsAll(documentedRoutes());
  }

  /** Validates one answer of {@code route} ("METHOD /template") against the document. */
  private void check(String route, TestResponse response) {
    String method = route.substring(0, route.indexOf(' '));
    String path = response.raw().uri().getRawPath();
    SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.status());
    String type = response.header("content-type");
    if (type != null) {
      answer.withContentType(type);
    }
    if (!response.body().isEmpty()) {
      answer.withBody(response.body());
    }
    ValidationReport report =
        document.validateResponse(path, Request.Method.valueOf(method), answer.build());
    exercised.add(route);
    if (report.hasErrors()) {
      mismatches.add(
          route
              + " → "
              + response.status()
              + " "
              + report.getMessages().stream()
                  .map(DocumentedAnswersIntegrationTests::describe)
                  .collect(Collectors.joining("; "))
              + " in "
              + response.body());
    }
  }

  private static String describe(ValidationReport.Message message) {
    List<String> nested =
        message.getNestedMessages().stream()
            .map(DocumentedAnswersIntegrationTests::describe)
            .toList();
    return message.getMessage() + (nested.isEmpty() ? "" : " " + nested);
  }

  private long entry(String status) {
    return jdbc.queryForObject(
        "SELECT max(id) FROM sync_history WHERE status = ?", Long.class, status);
  }

  private Set<String> documentedRoutes() {
    Set<String> routes = new TreeSet<>();
    anonymous
        .get("/v3/api-docs")
        .json()
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        operation -> {
                          if (!operation.getKey().equals("parameters")) {
                            routes.add(operation.getKey().toUpperCase() + " " + path.getKey());
                          }
                        }));
    return routes;
  }
}
