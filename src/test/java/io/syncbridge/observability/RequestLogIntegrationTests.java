package io.syncbridge.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One JSON log line per request, with the request id, and no secret in any line. */
@ExtendWith(OutputCaptureExtension.class)
class RequestLogIntegrationTests extends IntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BANK_ACCOUNT = "DE89370400440532013000";

  @Test
  void everyRequestLogsOneJsonLineAndNoSecret(CapturedOutput output) throws Exception {
    String body =
        "{\"model\":\"employees\",\"data\":[{\"employee_id\":\"E-9\",\"first_name\":\"Log\","
            + "\"last_name\":\"Line\",\"email\":\"log@example.com\",\"bank_account_number\":\""
            + BANK_ACCOUNT
            + "\"}]}";
    assertThat(api.postJson("/api/v1/sync", body, "x-request-id", "log-test-1").status())
        .isEqualTo(200);
    // A failing record with the account number in it: the failure reason must not carry it.
    assertThat(
            api.postJson(
                    "/api/v1/sync",
                    body.replace("log@example.com", "not-an-email"),
                    "x-request-id",
                    "log-test-2")
                .status())
        .isEqualTo(400);
    assertThat(anonymous.get("/api/v1/sync/stats", "x-request-id", "log-test-3").status())
        .isEqualTo(401);

    JsonNode synced = awaitLine(output, "log-test-1");
    assertThat(synced.get("name").asString()).isEqualTo("sync.request");
    assertThat(synced.get("method").asString()).isEqualTo("POST");
    assertThat(synced.get("path").asString()).isEqualTo("/api/v1/sync");
    assertThat(synced.get("status").asInt()).isEqualTo(200);
    assertThat(synced.get("duration_ms").asLong()).isNotNegative();
    assertThat(synced.get("request_id").asString()).isEqualTo("log-test-1");
    assertThat(awaitLine(output, "log-test-2").get("status").asInt()).isEqualTo(400);
    JsonNode denied = awaitLine(output, "log-test-3");
    assertThat(denied.get("status").asInt()).isEqualTo(401);
    assertThat(denied.get("path").asString()).isEqualTo("/api/v1/sync/stats");

    assertThat(output.getOut()).doesNotContain(TOKEN).doesNotContain(BANK_ACCOUNT);
    assertThat(output.getErr()).doesNotContain(TOKEN).doesNotContain(BANK_ACCOUNT);
  }

  /** The request log line of the request with this id; every line of the output is JSON. */
  private static JsonNode awaitLine(CapturedOutput output, String requestId) throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<String> lines = output.getOut().lines().filter(l -> !l.isBlank()).toList();
      for (String line : lines) {
        JsonNode json = JSON.readTree(line);
        if ("sync_bridge.request".equals(json.path("logger_name").asString())
            && requestId.equals(json.path("request_id").asString())) {
          return json;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no request log line for " + requestId + " in:\n" + output.getOut());
  }
}
