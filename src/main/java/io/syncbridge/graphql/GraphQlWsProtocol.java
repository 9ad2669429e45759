package io.syncbridge.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.SubscriptionPublisherException;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import reactor.core.Disposable;
import reactor.core.Disposables;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What both GraphQL WebSocket subprotocols share: a {@link GraphQlConnection} per session, closed
 * with 4408 when it is not initialised in time and 4400 on a binary frame; the token check at
 * {@code connection_init}; and operations run through the same {@link WebGraphQlHandler} as every
 * other GraphQL request, their results sent in order through the connection. Each subprotocol
 * decides its message names and shapes.
 */
abstract class GraphQlWsProtocol extends TextWebSocketHandler {

  private static final Logger log = LoggerFactory.getLogger(GraphQlWsProtocol.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebGraphQlHandler graphQlHandler;
  private final ConnectionAuth auth;
  private final SharedSubscriptions subscriptions;
  private final Settings settings;
  final Duration keepAlive;

  /**
   * @param initTimeout how long a connection may take to send {@code connection_init}
   * @param keepAlive how often a keep-alive goes out
   * @param eventBuffer subscription events one connection may have waiting
   */
  record Settings(Duration initTimeout, Duration keepAlive, int eventBuffer) {}

  GraphQlWsProtocol(
      WebGraphQlHandler graphQlHandler,
      ConnectionAuth auth,
      SharedSubscriptions subscriptions,
      Settings settings) {
    this.graphQlHandler = graphQlHandler;
    this.auth = auth;
    this.subscriptions = subscriptions;
    this.settings = settings;
    this.keepAlive = settings.keepAlive();
  }

  /** Handles one parsed message (null when the frame was not a JSON object). */
  abstract void handle(GraphQlConnection connection, JsonNode message);

  /** The errors that ended an operation, as this subprotocol sends them. */
  abstract Map<String, Object> error(String id, List<GraphQLError> errors);

  /** The end of an operation, as this subprotocol sends it. */
  abstract Map<String, Object> complete(String id);

  /**
   * A result of an operation as this subprotocol frames it, from the id and the result already in
   * JSON: a subscription's event is rendered once for all its subscribers.
   */
  abstract String result(String quotedId, String renderedResult);

  @Override
  public final void afterConnectionEstablished(WebSocketSession session) {
    GraphQlConnection.open(session, settings.eventBuffer())
        .closeUnlessInitialisedWithin(settings.initTimeout(), GraphQlCloseStatus.INIT_TIMEOUT);
  }

  @Override
  protected final void handleTextMessage(WebSocketSession session, TextMessage message) {
    GraphQlConnection connection = GraphQlConnection.of(session);
    if (connection != null && !connection.denied) {
      handle(connection, WebSocketMessages.parseObject(message.getPayload()));
    }
  }

  @Override
  protected final void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
    GraphQlConnection connection = GraphQlConnection.of(session);
    if (connection != null) {
      connection.close(GraphQlCloseStatus.INVALID_MESSAGE);
    }
  }

  @Override
  public final void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    GraphQlConnection connection = GraphQlConnection.of(session);
    if (connection != null) {
      connection.dispose();
    }
  }

  /**
   * The first {@code connection_init}: false, with the connection closing, when it is a second one
   * or carries no valid token; everything the client sends after a refusal is ignored.
   */
  final boolean initialise(GraphQlConnection connection, JsonNode payload) {
    if (!connection.initialised.compareAndSet(false, true)) {
      connection.close(GraphQlCloseStatus.TOO_MANY_INITS);
      return false;
    }
    if (!auth.allows(connection.session, payload)) {
      connection.denied = true;
      return false;
    }
    connection.acknowledged = true;
    return true;
  }

  /**
   * Runs one operation (closing with 4409 when its id is in use) and sends its results, then its
   * end, in order. A subscription joins the execution of the same operation when one runs already
   * (see {@link SharedSubscriptions}); its events are sent as they come.
   */
  final void run(GraphQlConnection connection, String id, JsonNode payload) {
    Disposable.Swap operation = Disposables.swap();
    if (connection.operations.putIfAbsent(id, operation) != null) {
      connection.close(GraphQlCloseStatus.duplicateOperation(id));
      return;
    }
    String key = payload.toString();
    var subscriber = new SharedSubscriptions.Subscriber(this, connection, id);
    if (subscriptions.joinRunning(key, subscriber)) {
      return;
    }
    WebSocketSession session = connection.session;
    @SuppressWarnings("unchecked")
    Map<String, Object> body = JSON.convertValue(payload, Map.class);
    var request =
        new WebSocketGraphQlRequest(
            session.getUri(),
            session.getHandshakeHeaders(),
            null,
            session.getRemoteAddress(),
            session.getAttributes(),
            body,
            id,
            null,
            connection.info);
    operation.update(
        graphQlHandler
            .handleRequest(request)
            .subscribe(
                response -> {
                  if (response.getData() instanceof Publisher<?> events) {
                    @SuppressWarnings("unchecked")
                    Publisher<ExecutionResult> results = (Publisher<ExecutionResult>) events;
                    subscriptions.start(
                        key,
                        request.getDocument(),
                        request.getOperationName(),
                        results,
                        subscriber);
                    return;
                  }
                  connection.send(
                      result(
                          JSON.writeValueAsString(id), JSON.writeValueAsString(response.toMap())));
                  // A stopped operation is not completed again.
                  if (connection.operations.remove(id) != null) {
                    connection.send(complete(id));
                  }
                },
                failure -> {
                  connection.operations.remove(id);
                  connection.send(error(id, errors(id, failure)));
                }));
  }

  /** Ends an operation the client stopped; nothing more is sent for it. */
  static void stop(GraphQlConnection connection, String id) {
    Disposable operation = connection.operations.remove(id);
    if (operation != null) {
      operation.dispose();
    }
  }

  static List<GraphQLError> errors(String operation, Throwable failure) {
    if (failure instanceof SubscriptionPublisherException resolved
        && !resolved.getErrors().isEmpty()) {
      return resolved.getErrors();
    }
    log.error("Operation {} failed", operation, failure);
    return List.of(
        GraphqlErrorBuilder.newError()
            .message("Subscription error")
            .extensions(ErrorCode.INTERNAL_ERROR.extensions())
            .build());
  }
}
