package io.syncbridge.graphql;

import tools.jackson.databind.JsonNode;

/**
 * The payload of a {@code subscribe} (graphql-transport-ws) or {@code start} (legacy) message:
 * checked before it reaches GraphQL, so that a malformed one closes the socket with 4400 instead of
 * failing inside the handler.
 */
final class OperationPayload {

  private OperationPayload() {}

  static boolean isValid(JsonNode payload) {
    return payload != null
        && payload.isObject()
        && payload.path("query").isString()
        && !payload.get("query").stringValue().isBlank()
        && objectOrAbsent(payload.get("variables"))
        && objectOrAbsent(payload.get("extensions"))
        && (payload.get("operationName") == null
            || payload.get("operationName").isNull()
            || payload.get("operationName").isString());
  }

  private static boolean objectOrAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isObject();
  }
}
