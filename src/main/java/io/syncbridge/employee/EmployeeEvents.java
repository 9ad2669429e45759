package io.syncbridge.employee;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.employee.EmployeeChange.Entry;
import io.syncbridge.employee.EmployeeChange.Kind;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Feeds the employee subscriptions after commit, whichever way the change came in (GraphQL or REST
 * sync), in each employee's commit order and once (see {@link EmployeeChangeOrder}).
 *
 * <p>Each change is handed to every subscription of its kind on the thread that emits it, one
 * change at a time. The WebSocket transport subscribes once per distinct operation and queues what
 * it renders per connection, so handing over never waits on a client.
 */
@Component
public class EmployeeEvents implements DisposableBean {

  /** Changes delivered without the change before them, which never arrived. */
  static final String GAPS = "events.order.gaps";

  private final EmployeeChangeRelay relay;
  private final EmployeeChangeOrder order;
  private final ScheduledExecutorService orderTimer;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  @Autowired
  EmployeeEvents(EmployeeChangeRelay relay, Clock clock, MeterRegistry metrics) {
    this(
        relay,
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
  }

  EmployeeEvents(
      EmployeeChangeRelay relay, Clock clock, ScheduledExecutorService orderTimer, Runnable gaps) {
    this.relay = relay;
    this.orderTimer = orderTimer;
    this.order =
        new EmployeeChangeOrder(
            this::emit,
            clock,
            (task, delay) -> orderTimer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
            gaps);
    relay.deliverTo(order::accept);
  }

  public Flux<EmployeeView> created() {
    return subscribe(Kind.CREATED);
  }

  public Flux<EmployeeView> updated() {
    return subscribe(Kind.UPDATED);
  }

  public Flux<Long> deleted() {
    return subscribe(Kind.DELETED);
  }

  @TransactionalEventListener
  void on(EmployeeChange change) {
    relay.publish(change);
  }

  /** Called by {@link EmployeeChangeOrder} one change at a time, in order. */
  private void emit(Kind kind, Entry entry) {
    Object value = kind == Kind.DELETED ? entry.id() : entry.employee();
    for (Subscriber subscriber : subscribers) {
      if (subscriber.kind == kind) {
        subscriber.sink.next(value);
      }
    }
  }

  private <T> Flux<T> subscribe(Kind kind) {
    return Flux.create(
        sink -> {
          @SuppressWarnings("unchecked")
          Subscriber subscriber = new Subscriber(kind, (FluxSink<Object>) sink);
          subscribers.add(subscriber);
          sink.onDispose(() -> subscribers.remove(subscriber));
        },
        // The transport takes every event as it comes and bounds what waits per connection.
        FluxSink.OverflowStrategy.BUFFER);
  }

  @Override
  public void destroy() {
    orderTimer.shutdownNow();
  }

  /** One subscription: the kind of change it wants and where its events go. */
  private record Subscriber(Kind kind, FluxSink<Object> sink) {}
}
