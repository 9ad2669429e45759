package io.syncbridge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.IntegrationTest;
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
}
