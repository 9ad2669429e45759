package io.syncbridge.graphql;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the text frames of both GraphQL WebSocket subprotocols. */
final class WebSocketMessages {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private WebSocketMessages() {}

  /** The frame as a JSON object, or null when it is not one (the caller closes with 4400). */
  static JsonNode parseObject(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }
}
