package io.syncbridge.employee;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Feeds the employee subscriptions after commit, whichever way the change came in (GraphQL or REST
 * sync). Each subscriber reads from a bounded buffer of its own: one that falls too far behind gets
 * an overflow error and is dropped, and never slows the publisher or the others.
 */
@Component
public class EmployeeEvents {

  /** Events one subscriber may have waiting before it is dropped. */
  static final int SUBSCRIBER_BUFFER = 1024;

  private final EmployeeRepository repository;
  private final Sinks.Many<EmployeeView> created = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<EmployeeView> updated = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<Long> deleted = Sinks.many().multicast().directBestEffort();

  EmployeeEvents(EmployeeRepository repository) {
    this.repository = repository;
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
    emit(created, repository.findAll(event.ids()));
  }

  @TransactionalEventListener
  void on(EmployeesUpdated event) {
    emit(updated, repository.findAll(event.ids()));
  }

  @TransactionalEventListener
  void on(EmployeesDeleted event) {
    emit(deleted, event.ids());
  }

  private static <T> Flux<T> subscribe(Sinks.Many<T> sink) {
    return sink.asFlux()
        .onBackpressureBuffer(SUBSCRIBER_BUFFER, dropped -> {}, BufferOverflowStrategy.ERROR);
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
