package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hostile-input corpus ({@code hostile-inputs.jsonl}: one case per line, with the answer it
 * must get) over real HTTP. Every answer is the envelope with the expected 4xx, security headers
 * and a request id, and never a stack trace; afterwards the service is healthy and syncs normally.
 * Limits are lowered here so that the cases stay small.
 */
@TestPropertySource(
    properties = {"sync-bridge.max-request-size=1MB", "sync-bridge.limits.max-records=1000"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIntegrationTests extends IntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern TEMPLATE =
      Pattern.compile("\\{\\{(repeat (\\d+) (.*?)|hex ([0-9A-F]+))}}");

  record Case(
      String name,
      String method,
      String path,
      String contentType,
      Boolean token,
      Map<String, String> headers,
      String body,
      int status,
      String message,
      Map<String, String> errors,
      JsonNode details) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> corpus() throws IOException {
    try (InputStream in =
        HostileInputIntegrationTests.class.getResourceAsStream("/hostile-inputs.jsonl")) {
      List<Case> cases = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          cases.add(JSON.readValue(line, Case.class));
        }
      }
      return cases.stream();
    }
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void getsTheExpectedClientErrorInTheEnvelope(Case c) {
    List<String> headers = new ArrayList<>();
    if (c.body() != null) {
      headers.addAll(
          List.of("content-type", c.contentType() == null ? "application/json" : c.contentType()));
    }
    if (c.headers() != null) {
      c.headers().forEach((name, value) -> headers.addAll(List.of(name, expand(value))));
    }
    var client = Boolean.FALSE.equals(c.token()) ? anonymous : api;
    String method = c.method() == null ? "POST" : c.method();
    String path = new String(expand(c.path() == null ? "/api/v1/sync" : c.path()));
    TestResponse response =
        client.sendBody(
            method,
            path,
            c.body() == null
                ? BodyPublishers.noBody()
                : BodyPublishers.ofByteArray(bytes(c.body())),
            headers.toArray(String[]::new));

    assertThat(response.status()).as(response.body()).isEqualTo(c.status());
    assertThat(response.header("x-request-id")).isNotBlank();
    assertThat(response.header("x-content-type-options")).isEqualTo("nosniff");
    assertThat(response.header("content-security-policy")).isNotBlank();
    assertThat(response.body())
        .doesNotContain("Exception", "\tat ", "org.springframework", "SQL", TOKEN);
    if (c.status() >= 400) {
      JsonNode envelope = response.json();
      assertThat(envelope.get("status").asInt()).isEqualTo(c.status());
      assertThat(envelope.get("message").asString()).isNotBlank();
      if (c.message() != null) {
        assertThat(envelope.get("message").asString()).isEqualTo(c.message());
      }
      if (c.errors() != null) {
        c.errors()
            .forEach(
                (field, message) ->
                    assertThat(envelope.path("errors").path(field).asString())
                        .as(response.body())
                        .isEqualTo(message));
      }
      if (c.details() != null) {
        assertThat(envelope.get("details")).isEqualTo(c.details());
      }
    }
  }

  @Order(2)
  @Test
  void afterTheCorpusTheServiceIsHealthyAndSyncs() throws IOException {
    corpus().forEach(this::getsTheExpectedClientErrorInTheEnvelope);

    assertThat(anonymous.get("/api/v1/healthz").status()).isEqualTo(200);
    TestResponse sync =
        api.postJson(
            "/api/v1/sync",
            "{\"model\":\"customers\",\"data\":[{\"email\":\"ok@b.example\",\"first_name\":\"A\","
                + "\"last_name\":\"B\"}]}");
    assertThat(sync.status()).as(sync.body()).isEqualTo(200);
    assertThat(count("customers")).isEqualTo(1);
  }

  /** {@code {{repeat N text}}} and {@code {{hex BYTES}}} make large or invalid bodies. */
  private static byte[] bytes(String template) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Matcher m = TEMPLATE.matcher(template);
    int last = 0;
    while (m.find()) {
      out.writeBytes(template.substring(last, m.start()).getBytes(StandardCharsets.UTF_8));
      if (m.group(2) != null) {
        out.writeBytes(
            m.group(3).repeat(Integer.parseInt(m.group(2))).getBytes(StandardCharsets.UTF_8));
      } else {
        out.writeBytes(HexFormat.of().parseHex(m.group(4)));
      }
      last = m.end();
    }
    out.writeBytes(template.substring(last).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String expand(String template) {
    return new String(bytes(template), StandardCharsets.UTF_8);
  }
}
