package io.syncbridge.employee;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import java.util.List;
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
 * sync). Each subscriber reads from a bounded buffer of its own: one that falls too far behind gets
 * an overflow error and is dropped, and never slows the publisher or the others.
 */
@Component
public class EmployeeEvents {

  /** Events handed from the buffer to the rendering worker at a time. */
  static final int PREFETCH = 32;

  private final EmployeeRepository repository;
  private final EmployeeChangeRelay relay;
  private final int bufferSize;
  private final Scheduler renderer;
  private final Sinks.Many<EmployeeView> created = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<EmployeeView> updated = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<Long> deleted = Sinks.many().multicast().directBestEffort();

  /** Live subscriptions on this instance, tagged by subscription field. */
  static final String SUBSCRIPTIONS = "graphql.subscriptions";

  @Autowired
  EmployeeEvents(
      EmployeeRepository repository,
      EmployeeChangeRelay relay,
      SyncBridgeProperties properties,
      MeterRegistry metrics) {
    this(repository, relay, properties.subscriberBuffer(), Schedulers.parallel());
    countSubscribers("employeeCreated", created, metrics);
    countSubscribers("employeeUpdated", updated, metrics);
    countSubscribers("employeeDeleted", deleted, metrics);
  }

  private static void countSubscribers(String field, Sinks.Many<?> sink, MeterRegistry metrics) {
    Gauge.builder(SUBSCRIPTIONS, sink, Sinks.Many::currentSubscriberCount)
        .description("GraphQL subscriptions open on this instance")
        .tag("subscription", field)
        .register(metrics);
  }

  EmployeeEvents(
      EmployeeRepository repository,
      EmployeeChangeRelay relay,
      int bufferSize,
      Scheduler renderer) {
    this.repository = repository;
    this.relay = relay;
    this.bufferSize = bufferSize;
    this.renderer = renderer;
    relay.deliverTo(this::deliver);
  }

  public Flux<EmployeeView> created() {
    return subscribe(created);
  }

  public Flux<EmployeeView> updated() {
    return subscribe(updated);
  }

  public Flux<Long> deleted() {
    return subscribe(deleted);
  }

  @TransactionalEventListener
  void on(EmployeesCreated event) {
    relay.publish(
        new EmployeeChange(
            EmployeeChange.Kind.CREATED, repository.findAll(event.ids()), List.of()));
  }

  @TransactionalEventListener
  void on(EmployeesUpdated event) {
    relay.publish(
        new EmployeeChange(
            EmployeeChange.Kind.UPDATED, repository.findAll(event.ids()), List.of()));
  }

  @TransactionalEventListener
  void on(EmployeesDeleted event) {
    relay.publish(new EmployeeChange(EmployeeChange.Kind.DELETED, List.of(), event.ids()));
  }

  /** A committed change, from this instance or another, to this instance's subscribers. */
  private void deliver(EmployeeChange change) {
    switch (change.kind()) {
      case CREATED -> emit(created, change.employees());
      case UPDATED -> emit(updated, change.employees());
      case DELETED -> emit(deleted, change.deletedIds());
    }
  }

  /**
   * The publishing thread only puts each event into every subscriber's buffer; rendering it for the
   * subscriber (GraphQL runs the subscription's selection per event) happens on a worker, so the
   * commit that published does not wait for the subscribers however many there are.
   */
  private <T> Flux<T> subscribe(Sinks.Many<T> sink) {
    return sink.asFlux()
        .onBackpressureBuffer(bufferSize, dropped -> {}, BufferOverflowStrategy.ERROR)
        .publishOn(renderer, PREFETCH);
  }

  /** Sinks accept one emitter at a time; commits on several threads take turns here. */
  private static <T> void emit(Sinks.Many<T> sink, List<T> values) {
    synchronized (sink) {
      for (T value : values) {
        sink.tryEmitNext(value);
      }
    }
  }
}
