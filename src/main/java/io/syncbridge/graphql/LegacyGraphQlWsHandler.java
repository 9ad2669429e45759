package io.syncbridge.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.ReactorSchedulers;
import org.springframework.graphql.execution.SubscriptionPublisherException;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The legacy Apollo {@code graphql-ws} subprotocol ({@code subscriptions-transport-ws}), which
 * Spring for GraphQL does not speak: {@code connection_init} → {@code connection_ack} (then {@code
 * ka} keep-alives), {@code start} → {@code data}… {@code complete}, {@code stop}, {@code
 * connection_terminate}. Operations run through the same {@link WebGraphQlHandler} as every other
 * GraphQL request. Each session sends from a thread of its own, so a client that stops reading
 * holds up nobody else: only its own thread waits, until the container's send timeout closes it.
 */
final class LegacyGraphQlWsHandler extends TextWebSocketHandler {

  private static final Logger log = LoggerFactory.getLogger(LegacyGraphQlWsHandler.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int SEND_TIME_LIMIT_MS = 10_000;
  private static final int SEND_BUFFER_LIMIT_BYTES = 1024 * 1024;

  private final WebGraphQlHandler graphQlHandler;
  private final ConnectionAuth auth;
  private final Duration initTimeout;
  private final Duration keepAlive;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  LegacyGraphQlWsHandler(
      WebGraphQlHandler graphQlHandler,
      ConnectionAuth auth,
      Duration initTimeout,
      Duration keepAlive) {
    this.graphQlHandler = graphQlHandler;
    this.auth = auth;
    this.initTimeout = initTimeout;
    this.keepAlive = keepAlive;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    Connection connection = new Connection(session);
    connections.put(session.getId(), connection);
    connection.resources.add(
        Mono.delay(initTimeout)
            .subscribe(
                tick -> {
                  if (!connection.initialised.get()) {
                    connection.close(GraphQlCloseStatus.INIT_TIMEOUT);
                  }
                }));
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    Connection connection = connections.get(session.getId());
    if (connection == null) {
      return;
    }
    JsonNode json = WebSocketMessages.parseObject(message.getPayload());
    String type = json == null ? "" : json.path("type").asString("");
    switch (type) {
      case "connection_init" -> init(connection, json.get("payload"));
      case "start" -> start(connection, json);
      case "stop" -> stop(connection, json.path("id").asString(""));
      case "connection_terminate" -> connection.close(CloseStatus.NORMAL);
      default -> connection.close(GraphQlCloseStatus.INVALID_MESSAGE);
    }
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
    Connection connection = connections.get(session.getId());
    if (connection != null) {
      connection.close(GraphQlCloseStatus.INVALID_MESSAGE);
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    Connection connection = connections.remove(session.getId());
    if (connection != null) {
      connection.dispose();
    }
  }

  private void init(Connection connection, JsonNode payload) {
    if (!connection.initialised.compareAndSet(false, true)) {
      connection.close(GraphQlCloseStatus.TOO_MANY_INITS);
      return;
    }
    if (!auth.allows(connection.session, payload)) {
      connection.send(
          Map.of("type", "connection_error", "payload", Map.of("message", "Forbidden")));
      connection.close(GraphQlCloseStatus.FORBIDDEN);
      return;
    }
    connection.acknowledged = true;
    connection.send(Map.of("type", "connection_ack"));
    connection.send(Map.of("type", "ka"));
    connection.resources.add(
        Flux.interval(keepAlive, keepAlive, connection.sender)
            .subscribe(tick -> connection.send(Map.of("type", "ka"))));
  }

  private void start(Connection connection, JsonNode message) {
    if (!connection.acknowledged) {
      connection.close(GraphQlCloseStatus.UNAUTHORIZED);
      return;
    }
    String id = message.path("id").asString("");
    JsonNode payload = message.get("payload");
    if (id.isEmpty() || !OperationPayload.isValid(payload)) {
      connection.close(GraphQlCloseStatus.INVALID_MESSAGE);
      return;
    }
    Disposable.Swap operation = Disposables.swap();
    if (connection.operations.putIfAbsent(id, operation) != null) {
      connection.close(GraphQlCloseStatus.duplicateOperation(id));
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
            .flatMapMany(LegacyGraphQlWsHandler::results)
            // One result at a time, as a send takes them: a queue of 256 (the default) was 1.5 of
            // the 11.6 KB an idle subscription held, and results beyond the one being sent wait in
            // the subscription's own bounded buffer anyway.
            .publishOn(connection.sender, 1)
            .subscribe(
                result -> connection.send(message("data", id, result)),
                error -> {
                  connection.operations.remove(id);
                  connection.send(message("error", id, errorPayload(id, error)));
                },
                () -> {
                  // A stopped operation is not completed again.
                  if (connection.operations.remove(id) != null) {
                    connection.send(message("complete", id, null));
                  }
                }));
  }

  private static void stop(Connection connection, String id) {
    Disposable operation = connection.operations.remove(id);
    if (operation != null) {
      operation.dispose();
    }
  }

  @SuppressWarnings("unchecked")
  private static Flux<Map<String, Object>> results(
      org.springframework.graphql.server.WebGraphQlResponse response) {
    if (response.getData() instanceof Publisher<?> publisher) {
      return Flux.from((Publisher<ExecutionResult>) publisher)
          .map(ExecutionResult::toSpecification);
    }
    return Flux.just(response.toMap());
  }

  private static Map<String, Object> errorPayload(String id, Throwable error) {
    List<GraphQLError> errors;
    if (error instanceof SubscriptionPublisherException resolved) {
      errors = resolved.getErrors();
    } else {
      log.error("Subscription {} failed", id, error);
      errors =
          List.of(
              GraphqlErrorBuilder.newError()
                  .message("Subscription error")
                  .extensions(Map.of(ErrorCode.KEY, ErrorCode.INTERNAL_ERROR.name()))
                  .build());
    }
    return errors.isEmpty()
        ? Map.of("message", "Subscription error")
        : errors.get(0).toSpecification();
  }

  private static Map<String, Object> message(String type, String id, Object payload) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", type);
    message.put("id", id);
    if (payload != null) {
      message.put("payload", payload);
    }
    return message;
  }

  /** One client connection and everything it holds. */
  private static final class Connection {

    final WebSocketSession session;
    final Scheduler sender;
    final AtomicBoolean initialised = new AtomicBoolean();
    volatile boolean acknowledged;
    final Map<String, Disposable> operations = new ConcurrentHashMap<>();
    final Disposable.Composite resources = Disposables.composite();
    final WebSocketSessionInfo info;

    Connection(WebSocketSession session) {
      this.session =
          new ConcurrentWebSocketSessionDecorator(
              session,
              SEND_TIME_LIMIT_MS,
              SEND_BUFFER_LIMIT_BYTES,
              ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
      this.sender = senderThread("graphql-ws-" + UUID.randomUUID().toString().substring(0, 8));
      this.info = new SessionInfo(session);
    }

    /**
     * A virtual thread where there are (Java 21+), as Spring's graphql-transport-ws handler uses
     * per session: an idle connection then holds a few KB instead of a platform thread and its
     * stack.
     */
    private static Scheduler senderThread(String name) {
      return Runtime.version().feature() >= 21
          ? ReactorSchedulers.singleThread(name)
          : Schedulers.newSingle(name, true);
    }

    void send(Map<String, Object> message) {
      if (!session.isOpen()) {
        return;
      }
      try {
        session.sendMessage(new TextMessage(JSON.writeValueAsString(message)));
      } catch (IOException | RuntimeException e) {
        // The client is gone or too slow (the decorator then closes the session).
        close(CloseStatus.SESSION_NOT_RELIABLE);
      }
    }

    void close(CloseStatus status) {
      try {
        session.close(status);
      } catch (IOException e) {
        // Already closed.
      }
    }

    void dispose() {
      operations.values().forEach(Disposable::dispose);
      operations.clear();
      resources.dispose();
      sender.dispose();
    }
  }

  /** What GraphQL request handling may ask about the connection. */
  private record SessionInfo(WebSocketSession session) implements WebSocketSessionInfo {

    @Override
    public String getId() {
      return session.getId();
    }

    @Override
    public Map<String, Object> getAttributes() {
      return session.getAttributes();
    }

    @Override
    public java.net.URI getUri() {
      return session.getUri();
    }

    @Override
    public org.springframework.http.HttpHeaders getHeaders() {
      return session.getHandshakeHeaders();
    }

    @Override
    public Mono<java.security.Principal> getPrincipal() {
      return Mono.justOrEmpty(session.getPrincipal());
    }

    @Override
    public java.net.InetSocketAddress getRemoteAddress() {
      return session.getRemoteAddress();
    }
  }
}
