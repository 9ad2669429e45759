package io.syncbridge.employee;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.employee.EmployeeChange.Entry;
import io.syncbridge.employee.EmployeeChange.Kind;
import io.syncbridge.graphql.SubscriptionChannel;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Feeds the employee subscriptions after commit, whichever way the change came in (GraphQL or REST
 * sync), in each employee's commit order and once (see {@link EmployeeChangeOrder}).
 *
 * <p>The subscriptions of one WebSocket connection share a lane: every event for any of them is one
 * task on the connection's {@link SubscriptionChannel}, so the connection receives its events in
 * the order they were emitted, across its subscriptions, and rendering and sending happen on the
 * connection's own thread rather than the publisher's. A connection with more than {@code
 * subscriber-buffer} events waiting has fallen too far behind: its subscriptions get an overflow
 * error after what was waiting and end. It never slows the publisher or the other connections.
 */
@Component
public class EmployeeEvents implements DisposableBean {

  /** Live subscriptions on this instance, tagged by subscription field. */
  static final String SUBSCRIPTIONS = "graphql.subscriptions";

  /** Changes delivered without the change before them, which never arrived. */
  static final String GAPS = "events.order.gaps";

  /** Hands a subscription without a connection (not over a WebSocket) its events at once. */
  private static final Executor DIRECT = Runnable::run;

  private final EmployeeChangeRelay relay;
  private final int bufferSize;
  private final EmployeeChangeOrder order;
  private final ScheduledExecutorService orderTimer;
  private final Map<Object, Lane> lanes = new ConcurrentHashMap<>();
  private final Map<Kind, AtomicInteger> open = new EnumMap<>(Kind.class);

  @Autowired
  EmployeeEvents(
      EmployeeChangeRelay relay,
      SyncBridgeProperties properties,
      Clock clock,
      MeterRegistry metrics) {
    this(
        relay,
        properties.subscriberBuffer(),
        clock,
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "employee-events-order");
              thread.setDaemon(true);
              return thread;
            }),
        Counter.builder(GAPS)
                .description(
                    "Employee changes delivered without the change before them, which was lost")
                .register(metrics)
            ::increment);
    countSubscriptions("employeeCreated", Kind.CREATED, metrics);
    countSubscriptions("employeeUpdated", Kind.UPDATED, metrics);
    countSubscriptions("employeeDeleted", Kind.DELETED, metrics);
  }

  EmployeeEvents(
      EmployeeChangeRelay relay,
      int bufferSize,
      Clock clock,
      ScheduledExecutorService orderTimer,
      Runnable gaps) {
    this.relay = relay;
    this.bufferSize = bufferSize;
    this.orderTimer = orderTimer;
    for (Kind kind : Kind.values()) {
      open.put(kind, new AtomicInteger());
    }
    this.order =
        new EmployeeChangeOrder(
            this::emit,
            clock,
            (task, delay) -> orderTimer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
            gaps);
    relay.deliverTo(order::accept);
  }

  private void countSubscriptions(String field, Kind kind, MeterRegistry metrics) {
    Gauge.builder(SUBSCRIPTIONS, open.get(kind), AtomicInteger::get)
        .description("GraphQL subscriptions open on this instance")
        .tag("subscription", field)
        .register(metrics);
  }

  /**
   * @param channel the WebSocket connection the subscription came on; null for one that did not
   *     come over a WebSocket, which then gets its events on the publishing thread
   */
  public Flux<EmployeeView> created(SubscriptionChannel channel) {
    return subscribe(Kind.CREATED, channel);
  }

  public Flux<EmployeeView> updated(SubscriptionChannel channel) {
    return subscribe(Kind.UPDATED, channel);
  }

  public Flux<Long> deleted(SubscriptionChannel channel) {
    return subscribe(Kind.DELETED, channel);
  }

  @TransactionalEventListener
  void on(EmployeeChange change) {
    relay.publish(change);
  }

  /** Called by {@link EmployeeChangeOrder} one change at a time, in order. */
  private void emit(Kind kind, Entry entry) {
    Object value = kind == Kind.DELETED ? entry.id() : entry.employee();
    for (Lane lane : lanes.values()) {
      lane.offer(kind, value);
    }
  }

  private <T> Flux<T> subscribe(Kind kind, Executor channel) {
    return Flux.create(
        sink -> {
          @SuppressWarnings("unchecked")
          Subscriber subscriber = new Subscriber(kind, (FluxSink<Object>) sink);
          // Without a connection, a lane of the subscription's own.
          Object key = channel != null ? channel : subscriber;
          lanes.compute(
              key,
              (k, lane) -> {
                Lane joined = lane != null ? lane : new Lane(channel != null ? channel : DIRECT);
                joined.subscribers.add(subscriber);
                return joined;
              });
          open.get(kind).incrementAndGet();
          sink.onDispose(
              () -> {
                open.get(kind).decrementAndGet();
                lanes.computeIfPresent(
                    key,
                    (k, lane) -> {
                      lane.subscribers.remove(subscriber);
                      return lane.subscribers.isEmpty() ? null : lane;
                    });
              });
        },
        // The transports ask for every event; a lane's bound (bufferSize) holds what waits.
        FluxSink.OverflowStrategy.BUFFER);
  }

  @Override
  public void destroy() {
    orderTimer.shutdownNow();
  }

  /** One subscription: the kind of change it wants and where its events go. */
  private static final class Subscriber {
    final Kind kind;
    final FluxSink<Object> sink;
    final AtomicBoolean ended = new AtomicBoolean();

    Subscriber(Kind kind, FluxSink<Object> sink) {
      this.kind = kind;
      this.sink = sink;
    }
  }

  /** The subscriptions of one connection, and the events waiting for it. */
  private final class Lane {
    final Executor channel;
    final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    final AtomicInteger waiting = new AtomicInteger();

    Lane(Executor channel) {
      this.channel = channel;
    }

    /** Called by the emitter only (one change at a time), never on the connection's thread. */
    void offer(Kind kind, Object value) {
      List<Subscriber> targets =
          subscribers.stream().filter(s -> s.kind == kind && !s.ended.get()).toList();
      if (targets.isEmpty()) {
        return;
      }
      if (waiting.incrementAndGet() > bufferSize) {
        waiting.decrementAndGet();
        fellBehind();
        return;
      }
      channel.execute(
          () -> {
            waiting.decrementAndGet();
            for (Subscriber target : targets) {
              target.sink.next(value);
            }
          });
    }

    /** Ends every subscription of the connection, after what was waiting for it. */
    private void fellBehind() {
      for (Subscriber subscriber : subscribers) {
        if (subscriber.ended.compareAndSet(false, true)) {
          channel.execute(
              () ->
                  subscriber.sink.error(
                      Exceptions.failWithOverflow(
                          "More than " + bufferSize + " events waiting for this connection")));
        }
      }
    }
  }
}
