package io.syncbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Every error the app can produce answers in the envelope, without internals. */
@Import(ErrorEnvelopeIntegrationTests.Probes.class)
@TestPropertySource(properties = "sync-bridge.max-request-size=1KB")
@ExtendWith(OutputCaptureExtension.class)
class ErrorEnvelopeIntegrationTests extends IntegrationTest {

  @Test
  void malformedJsonIsA400Envelope() {
    TestResponse response = api.postJson("/test/echo", "{\"model\": ");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo("{\"status\":400,\"message\":\"Malformed JSON request body\"}");
  }

  @Test
  void wrongContentTypeIsA415Envelope() {
    TestResponse response =
        api.send("POST", "/test/echo", "model=customers", "content-type", "text/plain");

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().get("status").asInt()).isEqualTo(415);
    assertThat(response.json().get("message").asString()).contains("application/json");
  }

  @Test
  void bodyDeclaredLargerThanTheLimitIsA413Envelope() {
    TestResponse response = api.postJson("/test/echo", "{\"a\":\"" + "x".repeat(2000) + "\"}");

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().get("message").asString())
        .isEqualTo("Request body too large: the limit is 1024 bytes");
  }

  @Test
  void chunkedBodyGrowingPastTheLimitIsA413Envelope() {
    byte[] body = ("{\"a\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
    // A publisher of unknown length makes the client send the body chunked, without a length.
    var chunked =
        BodyPublishers.fromPublisher(
            (Flow.Subscriber<? super java.nio.ByteBuffer> s) ->
                BodyPublishers.ofByteArray(body).subscribe(s));

    TestResponse response =
        api.sendBody("POST", "/test/echo", chunked, "content-type", "application/json");

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().get("status").asInt()).isEqualTo(413);
  }

  @Test
  void unexpectedErrorsSayOnlyInternalServerErrorAndAreLoggedWithTheRequestId(
      CapturedOutput output) {
    TestResponse response = api.postJson("/test/fail", "{}", "x-request-id", "req-500-check");

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("{\"status\":500,\"message\":\"Internal Server Error\"}");
    // One JSON log line: the error, its request id, and the stack trace with the cause.
    assertThat(output.getAll().lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"level\":\"ERROR\"")
                    .contains("\"request_id\":\"req-500-check\"")
                    .contains("Unhandled error")
                    .contains("SELECT secret FROM internals"));
  }

  @Test
  void aValidBodyStillReachesTheHandler() {
    TestResponse response = api.postJson("/test/echo", "{\"a\":\"b\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("data").get("a").asString()).isEqualTo("b");
  }

  @TestConfiguration(proxyBeanMethods = false)
  @RestController
  static class Probes {

    @PostMapping(path = "/test/echo", consumes = "application/json")
    ApiResponse<Map<String, Object>> echo(@RequestBody Map<String, Object> body) {
      return ApiResponse.ok("echo", body);
    }

    @PostMapping("/test/fail")
    ApiResponse<Void> fail() {
      throw new IllegalStateException("SELECT secret FROM internals");
    }
  }
}
