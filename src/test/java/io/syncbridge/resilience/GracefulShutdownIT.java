package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncbridge.support.WebSocketProbe;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * SIGTERM to the packaged jar while a large sync is being stored and a subscriber is connected: the
 * sync completes, is answered 200 and recorded; the subscriber gets a 1001 close; the process exits
 * on its own. A restart on the same file finds every record.
 */
class GracefulShutdownIT {

  private static final int RECORDS = 100_000;

  @TempDir Path dir;

  @Test
  void aSyncInFlightAtSigtermCompletesAndIsRecorded() throws Exception {
    Path database = dir.resolve("shutdown.db");
    String body =
        IntStream.range(0, RECORDS)
            .mapToObj(
                i ->
                    "{\"email\":\"s"
                        + i
                        + "@shutdown.example\",\"first_name\":\"S\",\"last_name\":\"Down\"}")
            .collect(Collectors.joining(",", "{\"model\":\"customers\",\"data\":[", "]}"));
    int exitCode;
    try (PackagedApp app = PackagedApp.start(database, "first.log");
        WebSocketProbe subscriber =
            WebSocketProbe.connect(app.port(), List.of("graphql-transport-ws"))) {
      subscriber.send(
          "{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\""
              + PackagedApp.TOKEN
              + "\"}}");
      subscriber.next("connection_ack", 10);
      ApiClient api = new ApiClient(app.port());
      CompletableFuture<HttpResponse<String>> sync =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return api.sync(body, "in-flight");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // Well into the request: the service is handling it (its body is being read and its records
      // checked and written), whatever the machine's speed.
      awaitSyncInFlight(new ApiClient(app.port()));
      assertThat(sync).as("the sync is still in flight at SIGTERM").isNotDone();
      app.terminate();

      HttpResponse<String> response = sync.get();
      assertThat(response.statusCode()).as(app.logTail(30)).isEqualTo(200);
      assertThat(ApiClient.JSON.readTree(response.body()).at("/data/results").size())
          .isEqualTo(RECORDS);
      assertThat(subscriber.closeStatus(30).getCode()).isEqualTo(1001);
      exitCode = app.awaitExit(Duration.ofSeconds(60));
      assertThat(app.log()).contains("Graceful shutdown complete");
    }
    // 143: the JVM's exit after SIGTERM, once the shutdown hooks have run.
    assertThat(exitCode).isIn(0, 143);

    try (PackagedApp restarted = PackagedApp.start(database, "second.log")) {
      ApiClient api = new ApiClient(restarted.port());
      JsonNode entries = api.getData("/api/v1/sync-history?payload=false").get("data");
      assertThat(entries.size()).isEqualTo(1);
      assertThat(entries.get(0).get("status").asString()).isEqualTo("successful");
      assertThat(entries.get(0).get("records").asInt()).isEqualTo(RECORDS);
      assertThat(entries.get(0).get("request_id").asString()).isEqualTo("in-flight");
      assertThat(api.getData("/api/v1/sync/stats").get("total").asInt()).isEqualTo(1);
    }
    assertThat(Files.exists(database)).isTrue();
  }

  /**
   * Until the service counts a POST among the requests it is handling
   * (http.server.requests.active).
   */
  private static void awaitSyncInFlight(ApiClient api) {
    Pattern activePost =
        Pattern.compile(
            "^http_server_requests_active_seconds_count\\{[^}]*method=\"POST\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                activePost
                    .matcher(api.get("/actuator/prometheus").body())
                    .results()
                    .anyMatch(active -> Double.parseDouble(active.group(1)) >= 1));
  }
}
