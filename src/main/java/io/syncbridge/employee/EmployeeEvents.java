package io.syncbridge.employee;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.employee.EmployeeChange.Entry;
import io.syncbridge.employee.EmployeeChange.Kind;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Feeds the employee subscriptions after commit, whichever way the change came in (GraphQL or REST
 * sync), in each employee's commit order and once (see {@link EmployeeChangeOrder}). Each
 * subscriber reads from a bounded buffer of its own: one that falls too far behind gets an overflow
 * error and is dropped, and never slows the publisher or the others.
 */
@Component
public class EmployeeEvents implements DisposableBean {

  /** Events handed from the buffer to the rendering worker at a time. */
  static final int PREFETCH = 32;

  /** Live subscriptions on this instance, tagged by subscription field. */
  static final String SUBSCRIPTIONS = "graphql.subscriptions";

  /** Changes delivered without the change before them, which never arrived. */
  static final String GAPS = "events.order.gaps";

  private final EmployeeChangeRelay relay;
  private final int bufferSize;
  private final Scheduler[] renderers;
  private final AtomicInteger unnamedConnections = new AtomicInteger();
  private final EmployeeChangeOrder order;
  private final ScheduledExecutorService orderTimer;
  private final Sinks.Many<EmployeeView> created = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<EmployeeView> updated = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<Long> deleted = Sinks.many().multicast().directBestEffort();

  @Autowired
  EmployeeEvents(
      EmployeeChangeRelay relay,
      SyncBridgeProperties properties,
      Clock clock,
      MeterRegistry metrics) {
    this(
        relay,
        properties.subscriberBuffer(),
        renderers(Runtime.getRuntime().availableProcessors()),
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
    countSubscribers("employeeCreated", created, metrics);
    countSubscribers("employeeUpdated", updated, metrics);
    countSubscribers("employeeDeleted", deleted, metrics);
  }

  EmployeeEvents(
      EmployeeChangeRelay relay,
      int bufferSize,
      Scheduler[] renderers,
      Clock clock,
      ScheduledExecutorService orderTimer,
      Runnable gaps) {
    this.relay = relay;
    this.bufferSize = bufferSize;
    this.renderers = renderers;
    this.orderTimer = orderTimer;
    this.order =
        new EmployeeChangeOrder(
            this::emit,
            clock,
            (task, delay) -> orderTimer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
            gaps);
    relay.deliverTo(order::accept);
  }

  /**
   * One single-threaded worker per core renders events; every subscription of one connection is
   * rendered by the same one, so that a connection gets its events in the order they were emitted
   * whichever of its subscriptions they belong to.
   */
  private static Scheduler[] renderers(int count) {
    Scheduler[] renderers = new Scheduler[count];
    for (int i = 0; i < count; i++) {
      renderers[i] = Schedulers.newSingle("employee-events-" + i, true);
    }
    return renderers;
  }

  private static void countSubscribers(String field, Sinks.Many<?> sink, MeterRegistry metrics) {
    Gauge.builder(SUBSCRIPTIONS, sink, Sinks.Many::currentSubscriberCount)
        .description("GraphQL subscriptions open on this instance")
        .tag("subscription", field)
        .register(metrics);
  }

  /**
   * @param connection the WebSocket connection the subscription came on, or null
   */
  public Flux<EmployeeView> created(String connection) {
    return subscribe(created, connection);
  }

  public Flux<EmployeeView> updated(String connection) {
    return subscribe(updated, connection);
  }

  public Flux<Long> deleted(String connection) {
    return subscribe(deleted, connection);
  }

  @TransactionalEventListener
  void on(EmployeeChange change) {
    relay.publish(change);
  }

  /** Called by {@link EmployeeChangeOrder} one change at a time, in order. */
  private void emit(Kind kind, Entry entry) {
    switch (kind) {
      case CREATED -> created.tryEmitNext(entry.employee());
      case UPDATED -> updated.tryEmitNext(entry.employee());
      case DELETED -> deleted.tryEmitNext(entry.id());
    }
  }

  /**
   * The emitting thread only puts each event into every subscriber's buffer; rendering it for the
   * subscriber (GraphQL runs the subscription's selection per event) happens on a worker, so the
   * commit that published does not wait for the subscribers however many there are.
   */
  private <T> Flux<T> subscribe(Sinks.Many<T> sink, String connection) {
    int key = connection != null ? connection.hashCode() : unnamedConnections.getAndIncrement();
    return sink.asFlux()
        .onBackpressureBuffer(bufferSize, dropped -> {}, BufferOverflowStrategy.ERROR)
        .publishOn(renderers[Math.floorMod(key, renderers.length)], PREFETCH);
  }

  @Override
  public void destroy() {
    orderTimer.shutdownNow();
    for (Scheduler renderer : renderers) {
      renderer.dispose();
    }
  }
}
