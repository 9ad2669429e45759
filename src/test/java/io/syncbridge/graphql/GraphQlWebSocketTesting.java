package io.syncbridge.graphql;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.IntegrationTest;
import java.io.EOFException;
import java.io.InputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Messages and documents the WebSocket tests of this package share. */
final class GraphQlWebSocketTesting {

  static final List<String> TRANSPORT_WS = List.of("graphql-transport-ws");
  static final List<String> LEGACY_WS = List.of("graphql-ws");
  static final String INIT =
      "{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\""
          + IntegrationTest.TOKEN
          + "\"}}";
  static final String CREATED = "subscription { employeeCreated { id email fullName } }";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private GraphQlWebSocketTesting() {}

  /** A subscribe (graphql-transport-ws) or start (legacy) message for the document. */
  static String operation(String type, String id, String query) {
    return JSON.writeValueAsString(
        Map.of("type", type, "id", id, "payload", Map.of("query", query)));
  }

  /** Creates an employee with this email through the createEmployee mutation. */
  static void createByMutation(HttpTestClient api, String email) {
    var response =
        api.postJson(
            "/graphql",
            "{\"query\":\"mutation { createEmployee(data: {employeeId: \\\"E\\\", firstName: \\\"A\\\","
                + " lastName: \\\"B\\\", email: \\\""
                + email
                + "\\\"}) { id } }\"}");
    assertThat(response.body()).as(response.body()).doesNotContain("errors");
  }

  /**
   * The WebSocket handshake by hand, on a socket the test reads or drops itself; returns the
   * answer's status line and headers.
   */
  static String upgrade(Socket socket, int port, String subprotocol, String... headers)
      throws Exception {
    socket.setSoTimeout(5_000);
    StringBuilder request =
        new StringBuilder("GET /graphql HTTP/1.1\r\nHost: 127.0.0.1:")
            .append(port)
            .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
            .append("Sec-WebSocket-Protocol: ")
            .append(subprotocol)
            .append("\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    socket.getOutputStream().write(request.append("\r\n").toString().getBytes(ISO_8859_1));
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
