package io.syncbridge.graphql;

import io.syncbridge.web.ApiToken;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a WebSocket connection may subscribe: the token in the handshake's {@code
 * x-auth-token} header (non-browser clients), or in the {@code connection_init} payload as {@code
 * {"x-auth-token": "…"}} (also accepted nested in {@code headers}, as some clients send it).
 */
final class ConnectionAuth {

  static final String TOKEN_KEY = "x-auth-token";

  private final ApiToken token;

  ConnectionAuth(ApiToken token) {
    this.token = token;
  }

  boolean allows(WebSocketSession session, JsonNode initPayload) {
    return token.matches(session.getHandshakeHeaders().getFirst(TOKEN_KEY))
        || tokenIn(initPayload)
        || (initPayload != null && tokenIn(initPayload.get("headers")));
  }

  private boolean tokenIn(JsonNode node) {
    if (node == null || !node.isObject()) {
      return false;
    }
    for (var field : node.properties()) {
      if (field.getKey().equalsIgnoreCase(TOKEN_KEY)
          && field.getValue().isString()
          && token.matches(field.getValue().stringValue())) {
        return true;
      }
    }
    return false;
  }
}
