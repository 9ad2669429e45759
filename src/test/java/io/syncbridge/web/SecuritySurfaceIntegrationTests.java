package io.syncbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.RawHttp;
import io.syncbridge.support.TestResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * The findings of the security review ({@code docs/security.md}) that concern the HTTP surface as a
 * whole: what is public, which headers every answer carries, that no other site is granted access,
 * where the token is read, which actuator endpoints exist, and that callers without the token can
 * store nothing.
 */
class SecuritySurfaceIntegrationTests extends IntegrationTest {

  /** Everything served without the token; each must hold nothing secret. */
  private static final List<String> PUBLIC_GETS =
      List.of(
          "/api/v1/healthz",
          "/actuator/health/liveness",
          "/actuator/health/readiness",
          "/v3/api-docs",
          "/v3/api-docs.yaml",
          "/swagger-ui.html",
          "/swagger-ui/init.js",
          "/",
          "/console",
          "/console/",
          "/console/app.js",
          "/console/console.css",
          "/graphiql/app.js",
          "/webjars/swagger-ui/swagger-ui-bundle.js");

  @Autowired private List<ScheduledTaskHolder> scheduledTasks;

  @Test
  void thePublicSurfaceIsReadOnlyAndHoldsNoSecret() {
    for (String path : PUBLIC_GETS) {
      TestResponse response = anonymous.get(path);
      assertThat(response.status()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).doesNotContain(TOKEN);
      assertThat(anonymous.send("POST", path, "{}").status()).as("POST " + path).isEqualTo(401);
    }
    TestResponse graphiql = anonymous.get("/graphql", "accept", "text/html");
    assertThat(graphiql.status()).isEqualTo(200);
    assertThat(graphiql.body()).doesNotContain(TOKEN);
    // The page is public, running anything is not: not even a query sent from a browser.
    assertThat(
            anonymous.get("/graphql?query=%7Bemployees%7Bid%7D%7D", "accept", "text/html").status())
        .isEqualTo(401);
  }

  @Test
  void tomcatsOwnErrorAnswersCarryTheSecurityHeaders() {
    for (String head :
        List.of(
            "GET /META-INF/MANIFEST.MF HTTP/1.1",
            "GET /WEB-INF/web.xml HTTP/1.1",
            "TRACE /api/v1/healthz HTTP/1.1",
            "GET /%ZZ HTTP/1.1")) {
      String response =
          RawHttp.exchange(port(), head + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");

      assertThat(response).as(head).matches("(?s)HTTP/1.1 4\\d\\d .*");
      assertSecurityHeaders(head, response);
      assertThat(response).as(head).containsIgnoringCase("cache-control: no-store");
    }
  }

  @Test
  void everyKindOfAnswerCarriesTheSecurityHeaders() {
    List<String> answers = new ArrayList<>();
    for (String method : List.of("GET", "HEAD", "OPTIONS")) {
      for (String path :
          List.of(
              "/api/v1/healthz",
              "/api/v1/sync/stats",
              "/console/app.js",
              "/console/missing.js",
              "/webjars/missing.js",
              "/actuator/health/liveness",
              "/actuator/prometheus",
              "/does-not-exist")) {
        for (boolean withToken : List.of(false, true)) {
          var client = withToken ? api : anonymous;
          TestResponse response = client.send(method, path, (String) null);
          String label = method + " " + path + (withToken ? " (token)" : "") + " -> ";
          answers.add(label + response.status());
          assertThat(response.header("x-content-type-options")).as(label).isEqualTo("nosniff");
          assertThat(response.header("x-frame-options")).as(label).isEqualTo("DENY");
          assertThat(response.header("referrer-policy")).as(label).isEqualTo("no-referrer");
          assertThat(response.header("content-security-policy"))
              .as(label)
              .contains("frame-ancestors 'none'");
          assertThat(response.header("x-request-id")).as(label).isNotBlank();
        }
      }
    }
    // The matrix reaches successes, refusals and errors alike.
    assertThat(answers).anyMatch(a -> a.endsWith("200"));
    assertThat(answers).anyMatch(a -> a.endsWith("401"));
    assertThat(answers).anyMatch(a -> a.endsWith("404"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // An upgrade with an unsupported WebSocket version.
        "Sec-WebSocket-Version: 12",
        // An upgrade from another site's page.
        "Sec-WebSocket-Version: 13\r\nOrigin: https://evil.example"
      })
  void refusedWebSocketUpgradesCarryTheSecurityHeadersAndTheEnvelope(String headers) {
    String response =
        RawHttp.exchange(
            port(),
            "GET /graphql HTTP/1.1\r\nHost: 127.0.0.1:"
                + port()
                + "\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Protocol: graphql-transport-ws\r\n"
                + headers
                + "\r\n\r\n");

    assertThat(response).matches("(?s)HTTP/1.1 4(03|26) .*");
    assertSecurityHeaders(headers, response);
    assertThat(response).containsIgnoringCase("content-type: application/json");
    assertThat(response).containsPattern("\\{\"status\":4(03|26),\"message\":\"[^\"]+\"}$");
  }

  @Test
  void noOtherSiteIsGrantedAccess() {
    String[] fromElsewhere = {
      "origin", "https://evil.example",
      "access-control-request-method", "POST",
      "access-control-request-headers", "x-auth-token,content-type"
    };
    List<TestResponse> answers =
        List.of(
            anonymous.send("OPTIONS", "/api/v1/sync", null, fromElsewhere),
            api.send("OPTIONS", "/api/v1/sync", null, fromElsewhere),
            api.send("OPTIONS", "/graphql", null, fromElsewhere),
            api.get("/api/v1/sync/stats", "origin", "https://evil.example"),
            api.postJson("/graphql", "{\"query\":\"{employees{id}}\"}", fromElsewhere),
            anonymous.get("/api/v1/healthz", "origin", "https://evil.example"));

    // A preflight without the token is refused outright.
    assertThat(answers.get(0).status()).isEqualTo(401);
    for (TestResponse response : answers) {
      assertThat(response.raw().headers().map().keySet())
          .as(response.toString())
          .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("access-control"));
    }
  }

  @Test
  void theTokenIsReadFromTheHeaderOnly() {
    assertThat(anonymous.get("/api/v1/sync/stats?x-auth-token=" + TOKEN).status()).isEqualTo(401);
    assertThat(anonymous.get("/api/v1/sync/stats", "cookie", "x-auth-token=" + TOKEN).status())
        .isEqualTo(401);
    assertThat(anonymous.get("/api/v1/sync/stats", "authorization", "Bearer " + TOKEN).status())
        .isEqualTo(401);
    String tokenInTheBody =
        "{\"query\":\"{employees{id}}\",\"extensions\":{\"x-auth-token\":\"" + TOKEN + "\"}}";
    assertThat(anonymous.postJson("/graphql", tokenInTheBody).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/sync/stats").status()).isEqualTo(200);
  }

  @Test
  void theActuatorExposesOnlyHealthInfoAndPrometheusAndOnlyProbesArePublic() {
    for (String endpoint :
        List.of(
            "env",
            "beans",
            "mappings",
            "configprops",
            "heapdump",
            "threaddump",
            "loggers",
            "metrics",
            "scheduledtasks",
            "shutdown",
            "sbom")) {
      assertThat(api.get("/actuator/" + endpoint).status()).as(endpoint).isEqualTo(404);
      assertThat(anonymous.get("/actuator/" + endpoint).status()).as(endpoint).isEqualTo(401);
    }
    for (String endpoint : List.of("", "/health", "/info", "/prometheus")) {
      assertThat(anonymous.get("/actuator" + endpoint).status()).as(endpoint).isEqualTo(401);
      assertThat(api.get("/actuator" + endpoint).status()).as(endpoint).isEqualTo(200);
    }
    // The public probes say up or down and nothing else.
    assertThat(anonymous.get("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(anonymous.get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(api.get("/actuator/health").json().has("components")).isFalse();
  }

  @Test
  void withoutTheTokenNothingIsStored() {
    String customer =
        "{\"model\":\"customers\",\"data\":[{\"email\":\"a@b.example\",\"first_name\":\"A\","
            + "\"last_name\":\"B\"}]}";
    String mutation =
        "{\"query\":\"mutation { createEmployee(data: {employeeId: \\\"E1\\\", firstName:"
            + " \\\"A\\\", lastName: \\\"B\\\", email: \\\"e@b.example\\\"}) { id } }\"}";
    List<TestResponse> answers = new ArrayList<>();
    for (var client : List.of(anonymous, anonymous.withHeader("x-auth-token", "wrong"))) {
      answers.add(client.postJson("/api/v1/sync", customer));
      answers.add(client.postJson("/api/v1/sync", customer, "Idempotency-Key", "k-anonymous"));
      answers.add(client.postJson("/api/v1/sync", "{\"model\":\"nope\",\"data\":[{}]}"));
      answers.add(client.postJson("/api/v1/sync-history/retry/1", ""));
      answers.add(client.delete("/api/v1/sync-history/1"));
      answers.add(client.postJson("/graphql", mutation));
      answers.add(client.send("PUT", "/console/app.js", "x"));
    }

    assertThat(answers).allSatisfy(response -> assertThat(response.status()).isEqualTo(401));
    for (String table :
        List.of(
            "customers", "products", "orders", "employees", "sync_history", "idempotency_keys")) {
      assertThat(count(table)).as(table).isZero();
    }
  }

  @Test
  void metricsAndInfoCarryNeitherSecretsNorCallerChosenValues() {
    String bankAccount = "GB33BUKB20201555555555";
    sync(
        "employees",
        "[{\"employee_id\":\"M1\",\"first_name\":\"A\",\"last_name\":\"B\","
            + "\"email\":\"m1@example.com\",\"bank_account_number\":\""
            + bankAccount
            + "\"}]");
    // A model name of the caller's choosing must not become a metric tag (nor grow their number).
    api.postJson("/api/v1/sync", "{\"model\":\"caller-chosen-model\",\"data\":[{}]}");
    api.get("/api/v1/caller-chosen-path");

    String metrics = api.get("/actuator/prometheus").body();
    String info = api.get("/actuator/info").body();

    assertThat(metrics).contains("sync_operation_seconds").contains("model=\"unknown\"");
    for (String body : List.of(metrics, info)) {
      assertThat(body)
          .doesNotContain(TOKEN, bankAccount, "caller-chosen", databaseFile().toString());
    }
  }

  @Test
  void everyAttemptWithTheTokenIsKeptWithItsPayloadRejectedOnesToo() {
    String padding = "p".repeat(10_000);
    String customer =
        "[{\"email\":\"keep@example.com\",\"first_name\":\"%s\",\"last_name\":\"B\"}]";
    api.postJson(
        "/api/v1/sync",
        "{\"model\":\"customers\",\"data\":" + customer.formatted("A") + "}",
        "Idempotency-Key",
        "kept-1");
    sync("customers", customer.formatted(padding));
    api.postJson("/api/v1/sync", "{\"model\":\"nope\",\"data\":[{\"x\":\"" + padding + "\"}]}");
    api.postJson("/api/v1/sync", "{\"model\":\"customers\",\"data\":\"" + padding + "\"}");

    // History has no retention: each attempt stays, with what it sent, until deleted by id.
    assertThat(jdbc.queryForList("SELECT status FROM sync_history ORDER BY id", String.class))
        .containsExactly("successful", "failed", "invalid", "invalid");
    assertThat(
            jdbc.queryForList(
                "SELECT length(payload) FROM sync_history ORDER BY id", Integer.class))
        .allSatisfy(length -> assertThat(length).isPositive())
        .filteredOn(length -> length > 10_000)
        .hasSize(3);
    // A key keeps its response for 24 h.
    assertThat(count("idempotency_keys")).isEqualTo(1);
  }

  @Test
  void expiredIdempotencyKeysArePurgedOnASchedule() {
    // A scheduled method's task names it as class.method.
    assertThat(scheduledTasks)
        .flatMap(ScheduledTaskHolder::getScheduledTasks)
        .map(task -> task.getTask().toString())
        .anyMatch(name -> name.contains("IdempotencyKeys") && name.endsWith(".purgeExpired"));
  }

  private static void assertSecurityHeaders(String label, String rawResponse) {
    String head = rawResponse.split("\r\n\r\n", 2)[0];
    assertThat(head)
        .as(label)
        .containsIgnoringCase("x-content-type-options: nosniff")
        .containsIgnoringCase("x-frame-options: DENY")
        .containsIgnoringCase("referrer-policy: no-referrer")
        .containsIgnoringCase("content-security-policy: ")
        .containsIgnoringCase("x-request-id: ");
  }
}
