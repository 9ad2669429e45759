package io.syncbridge.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.springframework.graphql.execution.ErrorType;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket subscriptions of this instance, grouped by what they ask: every subscription with
 * the same operation (document, operation name, variables and extensions, as the client sent them)
 * shares one execution, whose events are rendered to JSON once and handed to each subscriber's
 * connection with only the id differing. A thousand subscribers of one document cost one GraphQL
 * execution and one serialisation per event, not a thousand; an idle subscriber is a few objects.
 *
 * <p>The execution runs where the event is published, one event at a time and in order, so each
 * connection gets its events in the order they happened, whichever of its subscriptions they belong
 * to. What it hands over waits in the connection's bounded queue (see {@link GraphQlConnection}); a
 * connection with more than {@code subscriber-buffer} events waiting has fallen too far behind: its
 * subscriptions get an error after what was waiting and end. It never slows the publisher or the
 * other connections.
 */
final class SharedSubscriptions {

  /** Live subscriptions on this instance, tagged by subscription field. */
  static final String OPEN_METRIC = "graphql.subscriptions";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final GraphQLError SLOW =
      GraphqlErrorBuilder.newError()
          .message("Subscriber too slow: too many events waiting; subscription ended")
          .errorType(ErrorType.BAD_REQUEST)
          .extensions(ErrorCode.SLOW_SUBSCRIBER.extensions())
          .build();

  private final int maxPerConnection;
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> openByField = new ConcurrentHashMap<>();

  /**
   * @param fields the schema's subscription fields, each counted in {@link #OPEN_METRIC}
   */
  SharedSubscriptions(int maxPerConnection, List<String> fields, MeterRegistry metrics) {
    this.maxPerConnection = maxPerConnection;
    for (String field : fields) {
      AtomicInteger open = new AtomicInteger();
      openByField.put(field, open);
      Gauge.builder(OPEN_METRIC, open, AtomicInteger::get)
          .description("GraphQL subscriptions open on this instance")
          .tag("subscription", field)
          .register(metrics);
    }
  }

  /**
   * Joins the execution already running for this operation, if there is one; false when there is
   * none, and the operation must be executed (then handed to {@link #start}).
   */
  boolean joinRunning(String operation, Subscriber subscriber) {
    Execution running = executions.get(operation);
    return running != null && join(running, subscriber);
  }

  /**
   * A subscription's event stream, just executed for {@code subscriber}: shared from now on, unless
   * an execution of the same operation started meanwhile, which the subscriber joins instead.
   */
  void start(
      String operation,
      String query,
      String operationName,
      Publisher<ExecutionResult> events,
      Subscriber subscriber) {
    Execution started = new Execution(operation, SubscriptionField.of(query, operationName));
    while (true) {
      Execution running = executions.putIfAbsent(operation, started);
      if (running == null) {
        join(started, subscriber);
        started.source =
            Flux.from(events).subscribe(started::next, started::fail, started::complete);
        if (started.members.isEmpty()) {
          started.endIfUnused(); // the subscriber left before the source was there to dispose
        }
        return;
      }
      if (join(running, subscriber)) {
        return; // this stream was never subscribed to: nothing runs for it
      }
      // The running one was ending: it goes, and this one takes its place.
      executions.remove(operation, running);
    }
  }

  /** Operations with an execution of their own now. */
  int executions() {
    return executions.size();
  }

  private boolean join(Execution execution, Subscriber subscriber) {
    GraphQlConnection connection = subscriber.connection;
    if (connection.openSubscriptions.incrementAndGet() > maxPerConnection) {
      connection.openSubscriptions.decrementAndGet();
      subscriber.fail(
          List.of(
              GraphqlErrorBuilder.newError()
                  .message(
                      "Too many subscriptions on this connection: at most "
                          + maxPerConnection
                          + " may be open at once; complete one before starting another")
                  .errorType(ErrorType.BAD_REQUEST)
                  .extensions(ErrorCode.BAD_USER_INPUT.extensions())
                  .build()));
      return true;
    }
    if (!execution.add(subscriber)) {
      connection.openSubscriptions.decrementAndGet();
      return false;
    }
    subscriber.execution = execution;
    openByField.computeIfAbsent(execution.field, f -> new AtomicInteger()).incrementAndGet();
    connection.subscribers.add(subscriber);
    // From now on stopping the operation, or closing the connection, makes the subscriber leave;
    // if either happened already, it leaves at once.
    if (connection.operations.computeIfPresent(subscriber.id, (id, operation) -> subscriber)
        == null) {
      subscriber.leave();
    }
    return true;
  }

  /** One execution of a subscription operation, and everyone it is for. */
  private final class Execution {
    final String operation;
    final String field;
    final List<Subscriber> members = new CopyOnWriteArrayList<>();
    volatile Disposable source;
    private boolean ended;

    Execution(String operation, String field) {
      this.operation = operation;
      this.field = field;
    }

    synchronized boolean add(Subscriber subscriber) {
      if (ended) {
        return false;
      }
      members.add(subscriber);
      return true;
    }

    void remove(Subscriber subscriber) {
      members.remove(subscriber);
      openByField.get(field).decrementAndGet();
      endIfUnused();
    }

    void endIfUnused() {
      synchronized (this) {
        if (ended || !members.isEmpty() || source == null) {
          return;
        }
        ended = true;
      }
      executions.remove(operation, this);
      source.dispose();
    }

    /** Rendered once, for every subscriber of the operation. */
    void next(ExecutionResult result) {
      String payload = JSON.writeValueAsString(result.toSpecification());
      for (Subscriber member : members) {
        member.deliver(payload);
      }
    }

    void fail(Throwable failure) {
      List<GraphQLError> errors = GraphQlWsProtocol.errors(field, failure);
      for (Subscriber member : end()) {
        member.fail(errors);
      }
    }

    void complete() {
      for (Subscriber member : end()) {
        member.complete();
      }
    }

    private List<Subscriber> end() {
      synchronized (this) {
        ended = true;
      }
      executions.remove(operation, this);
      List<Subscriber> left = List.copyOf(members);
      left.forEach(Subscriber::leave);
      return left;
    }
  }

  /** One client's subscription: its connection, its id and the subprotocol that frames it. */
  static final class Subscriber implements Disposable {
    final GraphQlWsProtocol protocol;
    final GraphQlConnection connection;
    final String id;
    private final String quotedId;
    private final AtomicBoolean left = new AtomicBoolean();
    private volatile Execution execution;

    Subscriber(GraphQlWsProtocol protocol, GraphQlConnection connection, String id) {
      this.protocol = protocol;
      this.connection = connection;
      this.id = id;
      this.quotedId = JSON.writeValueAsString(id);
    }

    private void deliver(String payload) {
      if (!connection.offerEvent(protocol.result(quotedId, payload))) {
        fellBehind(connection);
      }
    }

    /** Ends the subscription with these errors; the id is free again. */
    void fail(List<GraphQLError> errors) {
      connection.operations.remove(id);
      connection.send(protocol.error(id, errors));
    }

    private void complete() {
      if (connection.operations.remove(id) != null) {
        connection.send(protocol.complete(id));
      }
    }

    /** Stops receiving; true the first time. */
    boolean leave() {
      if (!left.compareAndSet(false, true)) {
        return false;
      }
      connection.subscribers.remove(this);
      connection.openSubscriptions.decrementAndGet();
      Execution joined = execution;
      if (joined != null) {
        joined.remove(this);
      }
      return true;
    }

    /** Stopped by the client, or its connection closed. */
    @Override
    public void dispose() {
      leave();
    }

    @Override
    public boolean isDisposed() {
      return left.get();
    }

    /** Every subscription of the connection ends, after the events that were waiting for it. */
    private static void fellBehind(GraphQlConnection connection) {
      for (Subscriber subscriber : connection.subscribers) {
        if (subscriber.leave()) {
          subscriber.fail(List.of(SLOW));
        }
      }
    }
  }
}
