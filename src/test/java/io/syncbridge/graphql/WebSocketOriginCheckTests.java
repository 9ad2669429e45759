package io.syncbridge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Which handshakes the Origin policy lets through, for a service at http://sync.internal:8000. */
class WebSocketOriginCheckTests {

  private static final List<String> NONE = List.of();
  private static final List<String> LISTED =
      List.of("https://console.example.com", "https://*.ops.example.com");

  @ParameterizedTest(name = "{0} with {1} allowed -> {2}")
  @CsvSource({
    // No Origin: not a browser (browsers always send one on a WebSocket handshake).
    ",                               none,   200",
    "http://sync.internal:8000,      none,   200",
    // Another site's page, or one of the same host on another scheme or port.
    "https://evil.example,           none,   403",
    "http://sync.internal:8001,      none,   403",
    "https://sync.internal:8000,     none,   403",
    "http://sync.internal.evil.example:8000, none, 403",
    // Sandboxed frames and file:// pages send the literal null.
    "null,                           none,   403",
    // Listed origins, exactly or by pattern; anything else stays refused.
    "https://console.example.com,    listed, 200",
    "https://eu.ops.example.com,     listed, 200",
    "http://console.example.com,     listed, 403",
    "https://console.example.com.evil.example, listed, 403",
    "http://sync.internal:8000,      listed, 200",
    "https://evil.example,           any,    200",
  })
  void decides(String origin, String allowed, int status) {
    var check =
        new WebSocketOriginCheck(
            switch (allowed.trim()) {
              case "listed" -> LISTED;
              case "any" -> List.of("*");
              default -> NONE;
            });
    MockHttpServletRequest servletRequest = new MockHttpServletRequest("GET", "/graphql");
    servletRequest.setScheme("http");
    servletRequest.setServerName("sync.internal");
    servletRequest.setServerPort(8000);
    if (origin != null) {
      servletRequest.addHeader("Origin", origin.trim());
    }
    MockHttpServletResponse servletResponse = new MockHttpServletResponse();

    boolean accepted =
        check.beforeHandshake(
            new ServletServerHttpRequest(servletRequest),
            new ServletServerHttpResponse(servletResponse),
            null,
            new HashMap<>());

    assertThat(accepted).isEqualTo(status == 200);
    assertThat(servletResponse.getStatus()).isEqualTo(status);
  }
}
