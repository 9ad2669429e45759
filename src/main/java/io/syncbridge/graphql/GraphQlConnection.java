package io.syncbridge.graphql;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.graphql.execution.ReactorSchedulers;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * One GraphQL WebSocket connection, whichever subprotocol it speaks, and everything it holds: its
 * operations by id, its subscriptions, its timers, and the one thread that writes to it.
 *
 * <p>Every message goes out through that thread, in the order it was handed over, so what a
 * connection receives is in the order things happened. Subscription events arrive rendered (see
 * {@link SharedSubscriptions}) and wait in a queue of at most {@code eventBuffer}. A client that
 * stops reading blocks only this thread, until the container's send timeout gives up on it and the
 * connection closes. The thread is a virtual one where there are (Java 21+): an idle connection
 * then costs a few KB rather than a platform thread.
 */
final class GraphQlConnection {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Tomcat's property for how long one blocking send may wait on a client that does not read. */
  private static final String SEND_TIMEOUT_PROPERTY =
      "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

  private static final long SEND_TIMEOUT_MS = 10_000;

  private static final String ATTRIBUTE = GraphQlConnection.class.getName();

  final WebSocketSession session;
  final WebSocketSessionInfo info;
  final Map<String, Disposable> operations = new ConcurrentHashMap<>();
  final AtomicBoolean initialised = new AtomicBoolean();
  final AtomicInteger openSubscriptions = new AtomicInteger();
  final Set<SharedSubscriptions.Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final int eventBuffer;
  private final AtomicInteger waitingEvents = new AtomicInteger();
  volatile boolean acknowledged;
  volatile boolean denied;
  private final Disposable.Composite resources = Disposables.composite();
  private Scheduler sender;
  private boolean disposed;
  private volatile Thread senderThread;

  private GraphQlConnection(WebSocketSession session, int eventBuffer) {
    this.session = session;
    this.eventBuffer = eventBuffer;
    this.info = new SessionInfo(session);
    if (session instanceof NativeWebSocketSession nativeSession
        && nativeSession.getNativeSession() instanceof jakarta.websocket.Session container) {
      container.getUserProperties().put(SEND_TIMEOUT_PROPERTY, SEND_TIMEOUT_MS);
    }
  }

  /**
   * The connection of a session, made when the session opens.
   *
   * @param eventBuffer subscription events that may wait to be sent before the connection counts as
   *     fallen behind
   */
  static GraphQlConnection open(WebSocketSession session, int eventBuffer) {
    GraphQlConnection connection = new GraphQlConnection(session, eventBuffer);
    session.getAttributes().put(ATTRIBUTE, connection);
    return connection;
  }

  /** The connection of a session, or null when it has none (yet, or any more). */
  static GraphQlConnection of(WebSocketSession session) {
    return (GraphQlConnection) session.getAttributes().get(ATTRIBUTE);
  }

  /** The connection a GraphQL request over a WebSocket came on, or null. */
  static GraphQlConnection of(Map<String, Object> sessionAttributes) {
    return (GraphQlConnection) sessionAttributes.get(ATTRIBUTE);
  }

  /** Runs the task on the connection's thread, after every task given before it. */
  void execute(Runnable task) {
    Scheduler thread = sender();
    if (thread == null) {
      return; // closed: nothing more goes out
    }
    try {
      thread.schedule(task);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  /**
   * The connection's thread, started on first use: a connection that never gets as far as being
   * answered (no token, refused) costs no thread. Null once the connection is closed.
   */
  private synchronized Scheduler sender() {
    if (sender == null && !disposed) {
      String name = "graphql-ws-" + UUID.randomUUID().toString().substring(0, 8);
      sender =
          Runtime.version().feature() >= 21
              ? ReactorSchedulers.singleThread(name)
              : Schedulers.newSingle(name, true);
      sender.schedule(() -> senderThread = Thread.currentThread());
    }
    return sender;
  }

  /** Sends a message as JSON, after every message handed over before it. */
  void send(Map<String, ?> message) {
    send(JSON.writeValueAsString(message));
  }

  /** Sends a message already in JSON, after every message handed over before it. */
  void send(String text) {
    if (Thread.currentThread() == senderThread) {
      write(text);
    } else {
      execute(() -> write(text));
    }
  }

  /**
   * Queues a subscription event, already framed, after everything handed over before it; false, and
   * nothing queued, when {@code eventBuffer} events are waiting already.
   */
  boolean offerEvent(String text) {
    if (waitingEvents.incrementAndGet() > eventBuffer) {
      waitingEvents.decrementAndGet();
      return false;
    }
    execute(
        () -> {
          waitingEvents.decrementAndGet();
          write(text);
        });
    return true;
  }

  private void write(String text) {
    if (!session.isOpen()) {
      return;
    }
    try {
      session.sendMessage(new TextMessage(text));
    } catch (IOException | RuntimeException e) {
      // The client is gone, or did not read within the send timeout.
      close(CloseStatus.SESSION_NOT_RELIABLE);
    }
  }

  void close(CloseStatus status) {
    try {
      session.close(status);
    } catch (IOException | RuntimeException e) {
      // Already closed.
    }
  }

  /** Closes the connection with this status unless it has been initialised by then. */
  void closeUnlessInitialisedWithin(java.time.Duration timeout, CloseStatus status) {
    resources.add(
        Mono.delay(timeout)
            .subscribe(
                tick -> {
                  if (!initialised.get()) {
                    close(status);
                  }
                }));
  }

  /** Sends the message every {@code interval} while the connection is open. */
  void keepAlive(java.time.Duration interval, Map<String, ?> message) {
    resources.add(
        reactor.core.publisher.Flux.interval(interval, interval, Schedulers.parallel())
            .subscribe(tick -> send(message)));
  }

  /** Ends everything the connection holds; called once it has closed. */
  void dispose() {
    operations.values().forEach(Disposable::dispose);
    operations.clear();
    resources.dispose();
    synchronized (this) {
      disposed = true;
      if (sender != null) {
        sender.dispose();
      }
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
    public URI getUri() {
      return session.getUri();
    }

    @Override
    public HttpHeaders getHeaders() {
      return session.getHandshakeHeaders();
    }

    @Override
    public Mono<Principal> getPrincipal() {
      return Mono.justOrEmpty(session.getPrincipal());
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return session.getRemoteAddress();
    }
  }
}
