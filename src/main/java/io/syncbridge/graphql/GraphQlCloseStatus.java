package io.syncbridge.graphql;

import org.springframework.web.socket.CloseStatus;

/** Close codes of both GraphQL WebSocket subprotocols, as the earlier server used them. */
final class GraphQlCloseStatus {

  static final CloseStatus INVALID_MESSAGE = new CloseStatus(4400, "Invalid message");
  static final CloseStatus UNAUTHORIZED = new CloseStatus(4401, "Unauthorized");
  static final CloseStatus FORBIDDEN = new CloseStatus(4403, "Forbidden");
  static final CloseStatus INIT_TIMEOUT =
      new CloseStatus(4408, "Connection initialisation timeout");
  static final CloseStatus TOO_MANY_INITS =
      new CloseStatus(4429, "Too many initialisation requests");

  /** WebSocket's own 1013: the server cannot take the connection now (reason set by the caller). */
  static final CloseStatus TRY_AGAIN_LATER = CloseStatus.SERVICE_OVERLOAD;

  static CloseStatus duplicateOperation(String id) {
    return new CloseStatus(4409, "Subscriber for " + id + " already exists");
  }

  private GraphQlCloseStatus() {}
}
