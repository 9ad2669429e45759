package io.syncbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.RawHttp;
import io.syncbridge.support.SqliteOnly;
import io.syncbridge.support.TestDatabase;
import io.syncbridge.support.TestResponse;
import io.syncbridge.support.UnwritableDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.repository.Repository;

class FoundationIntegrationTests extends IntegrationTest {

  private static final List<String> PROTECTED_SPELLINGS =
      List.of(
          "/api/v1/sync",
          "/api/v1/sync/",
          "//api/v1/sync",
          "/api//v1/sync",
          "/api/v1/./sync",
          "/api/v1/x/../sync",
          "/API/V1/SYNC",
          "/api/v1/sync;jsessionid=x",
          "/api/v1/sync-history/1",
          "/api/v1/sync-history/retry/1",
          "/api/v1/sync/stats",
          "/api/v1/healthz/",
          "/api/v1/HEALTHZ",
          "/api/v1/healthz/../sync",
          "/graphql",
          "/does-not-exist",
          "/error");

  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  @Test
  @SqliteOnly
  void commitsAreFlushedToDiskInWalMode() {
    // synchronous=FULL (2): a request answered 200 survives a power cut, not only a crash.
    assertThat(jdbc.queryForObject("PRAGMA synchronous", Integer.class)).isEqualTo(2);
    assertThat(jdbc.queryForObject("PRAGMA journal_mode", String.class)).isEqualTo("wal");
    // A write-ahead log grown by a large (or failed) transaction gives the space back.
    assertThat(jdbc.queryForObject("PRAGMA journal_size_limit", Long.class)).isEqualTo(4194304L);
  }

  @Autowired private ApplicationContext context;

  @Test
  void everyRepositoryAndItsDeclaredQueriesAreValidOnThisDatabase() {
    // Repositories are created on first use (DatabaseConfiguration): creating them all here parses
    // every declared query against the mapping, which a broken query fails.
    Map<String, Repository> repositories = context.getBeansOfType(Repository.class);

    assertThat(repositories)
        .containsOnlyKeys(
            "employeeRepository",
            "healthProbeRepository",
            "idempotencyKeyRepository",
            "syncHistoryRepository",
            "syncJobRepository");
  }

  @Test
  void everyResponseCarriesSecurityHeadersAndPagesGetTheirOwnPolicy() {
    TestResponse health = anonymous.get("/api/v1/healthz");
    TestResponse denied = anonymous.get("/api/v1/sync/stats");
    TestResponse page = anonymous.get("/graphql", "accept", "text/html");

    for (TestResponse response : List.of(health, denied, page)) {
      assertThat(response.header("x-content-type-options")).isEqualTo("nosniff");
      assertThat(response.header("x-frame-options")).isEqualTo("DENY");
      assertThat(response.header("referrer-policy")).isEqualTo("no-referrer");
    }
    assertThat(health.header("content-security-policy"))
        .isEqualTo("default-src 'none'; frame-ancestors 'none'");
    assertThat(health.header("cache-control")).isEqualTo("no-store");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-security-policy")).startsWith("default-src 'self'");
  }

  @Test
  void healthIsOpenAndReportsBothProbes() {
    TestResponse response = anonymous.get("/api/v1/healthz");

    assertThat(response.status()).isEqualTo(200);
    var body = response.json();
    assertThat(body.get("status").asInt()).isEqualTo(200);
    assertThat(body.get("data").get("read").asBoolean()).isTrue();
    assertThat(body.get("data").get("write").asBoolean()).isTrue();
    // The free space on the SQLite file's volume; PostgreSQL's disk is not ours to watch.
    assertThat(body.at("/data/details/free_bytes").isMissingNode())
        .isEqualTo(TestDatabase.isPostgres());
    assertThat(Instant.parse(body.get("data").get("timestamp").asString()))
        .isCloseTo(
            Instant.now(),
            org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES));
  }

  @Test
  @SqliteOnly
  void aReadOnlyDatabaseAnswersWritesWith503KeepsReadsAndRecovers() {
    assertThat(anonymous.get("/api/v1/healthz").status()).isEqualTo(200);
    try (var unwritable = UnwritableDatabase.of(databaseFile())) {
      TestResponse response = anonymous.get("/api/v1/healthz");

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.json().get("status").asInt()).isEqualTo(503);
      assertThat(response.json().get("data").get("write").asBoolean()).isFalse();
      assertThat(response.json().get("data").get("read").asBoolean()).isTrue();
      TestResponse readiness = anonymous.get("/actuator/health/readiness");
      assertThat(readiness.status()).as("readiness agrees with healthz").isEqualTo(503);
      assertThat(readiness.body()).isEqualTo("{\"status\":\"DOWN\"}");
      assertThat(anonymous.get("/actuator/health/liveness").body())
          .as("a restart would not mend it")
          .isEqualTo("{\"status\":\"UP\"}");
      TestResponse write = sync("customers", READ_ONLY_CUSTOMER);
      assertThat(write.status()).as(write.body()).isEqualTo(503);
      assertThat(write.json().get("message").asString()).contains("nothing was stored");
      assertThat(api.get("/api/v1/sync-history?payload=false").status()).isEqualTo(200);
    }
    // Connections opened while the file was unwritable are read-only; the probe that meets one
    // has the pool renewed and tries again (PoolRenewalIntegrationTests looks closer).
    assertThat(anonymous.get("/api/v1/healthz").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(count("customers")).isZero();
    assertThat(sync("customers", READ_ONLY_CUSTOMER).status()).isEqualTo(200);
    assertThat(count("customers")).isEqualTo(1);
  }

  private static final String READ_ONLY_CUSTOMER =
      "[{\"email\":\"ro@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"}]";

  @Test
  void everyProtectedSpellingAndMethodNeedsTheToken() {
    List<String> failures = new ArrayList<>();
    for (String path : PROTECTED_SPELLINGS) {
      for (String method : METHODS) {
        for (var client : List.of(anonymous, anonymous.withHeader("x-auth-token", "wrong"))) {
          TestResponse response = client.send(method, path, (String) null);
          boolean envelope =
              method.equals("HEAD")
                  || response.body().equals("{\"status\":401,\"message\":\"Access Denied\"}")
                  || (path.equals("/graphql")
                      && response
                          .body()
                          .startsWith("{\"status\":401,\"message\":\"Access Denied\""));
          if (response.status() != 401 || !envelope) {
            failures.add(method + " " + path + " -> " + response);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
  void healthIsOpenOnlyForReads(String method) {
    TestResponse response = anonymous.send(method, "/api/v1/healthz", (String) null);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("{\"status\":401,\"message\":\"Access Denied\"}");
  }

  @Test
  void aTokenThatDiffersOnlyInCaseOrLengthIsRejected() {
    for (String wrong : List.of("TEST-TOKEN", "test-toke", "test-token2", "")) {
      assertThat(anonymous.get("/api/v1/sync/stats", "x-auth-token", wrong).status())
          .as(wrong)
          .isEqualTo(401);
    }
  }

  @Test
  void unknownRouteWithTheTokenIsA404Envelope() {
    TestResponse response = api.get("/api/v1/does-not-exist");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"status\":404,\"message\":\"Not Found\"}");
  }

  @Test
  void wrongMethodIsA405Envelope() {
    TestResponse response = api.send("DELETE", "/api/v1/healthz", (String) null);

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.json().get("message").asString()).isEqualTo("Method Not Allowed");
    assertThat(response.header("allow")).contains("GET");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /../../etc/passwd HTTP/1.1\r\nHost: localhost\r\n",
        "GET /%2e%2e/%2e%2e/x HTTP/1.1\r\nHost: localhost\r\n",
        "GET /api/v1/sync%00 HTTP/1.1\r\nHost: localhost\r\n",
        "GET /%ZZ HTTP/1.1\r\nHost: localhost\r\n",
        "GET /api/v1/healthz HTTP/1.1\r\nHost: a b\r\n"
      })
  void requestsTheContainerRejectsStillGetTheEnvelope(String head) {
    String response =
        RawHttp.exchange(port(), head + "x-request-id: raw-1\r\nConnection: close\r\n\r\n");

    assertThat(response)
        .startsWith("HTTP/1.1 400")
        .containsIgnoringCase("content-type: application/json")
        .containsIgnoringCase("x-request-id: raw-1")
        .endsWith("{\"status\":400,\"message\":\"Bad Request\"}");
  }

  @Test
  void echoesTheCallersRequestId() {
    TestResponse response = anonymous.get("/api/v1/healthz", "x-request-id", "abc-123");

    assertThat(response.header("x-request-id")).isEqualTo("abc-123");
  }

  @Test
  void sanitisesAndTruncatesTheCallersRequestId() {
    String hostile = "evil\"id <script>" + "x".repeat(200);

    String echoed =
        anonymous.get("/api/v1/healthz", "x-request-id", hostile).header("x-request-id");

    assertThat(echoed).hasSize(128).startsWith("evilidscriptx").matches("[A-Za-z0-9._:/+=@-]+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\"<>"})
  void generatesARequestIdWhenTheCallerSentNoneUsable(String callerId) {
    var headers = callerId.isEmpty() ? new String[0] : new String[] {"x-request-id", callerId};

    String id = anonymous.get("/api/v1/healthz", headers).header("x-request-id");

    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void unauthorisedResponsesCarryARequestIdToo() {
    assertThat(anonymous.get("/api/v1/sync/stats").header("x-request-id")).isNotBlank();
  }
}
