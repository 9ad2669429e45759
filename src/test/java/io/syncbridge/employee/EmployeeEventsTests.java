package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class EmployeeEventsTests {

  private static final int BUFFER = 16;

  // Rendering on the publishing thread makes delivery synchronous, so the test needs no waiting.
  private final EmployeeEvents events =
      new EmployeeEvents(
          new EmployeeChangeRelay.InProcess(),
          BUFFER,
          new Scheduler[] {Schedulers.immediate()},
          Clock.systemUTC(),
          Executors.newSingleThreadScheduledExecutor(),
          () -> {});

  @AfterEach
  void stop() {
    events.destroy();
  }

  /** Deletions of the given ids, each the first change this instance sees of its employee. */
  private static EmployeeChange deletions(List<Long> ids) {
    return new EmployeeChange(
        EmployeeChange.Kind.DELETED,
        ids.stream()
            .map(id -> new EmployeeChange.Entry(id, Instant.EPOCH, 2, null, null))
            .toList());
  }

  @Test
  void aSubscriberThatStopsReadingIsDroppedWithoutHoldingUpTheOthers() {
    List<Long> fast = new CopyOnWriteArrayList<>();
    events.deleted(null).subscribe(fast::add);
    AtomicReference<Throwable> slowEnded = new AtomicReference<>();
    List<Long> slow = new CopyOnWriteArrayList<>();
    BaseSubscriber<Long> slowSubscriber =
        new BaseSubscriber<Long>() {
          @Override
          protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(1); // reads one event, then never again
          }

          @Override
          protected void hookOnNext(Long id) {
            slow.add(id);
          }

          @Override
          protected void hookOnError(Throwable error) {
            slowEnded.set(error);
          }
        };
    events.deleted(null).subscribe(slowSubscriber);
    int published = (BUFFER + EmployeeEvents.PREFETCH) * 3;

    events.on(deletions(LongStream.rangeClosed(1, published).boxed().toList()));

    // The publisher went on: the fast subscriber got everything, the slow one only its first.
    assertThat(fast).hasSize(published);
    assertThat(slow).containsExactly(1L);

    // Catching up, the slow one gets what its buffers held, then learns it was dropped.
    slowSubscriber.request(Long.MAX_VALUE);
    assertThat(slowEnded.get()).matches(Exceptions::isOverflow, "an overflow error");
    assertThat(slow).hasSizeBetween(BUFFER, BUFFER + EmployeeEvents.PREFETCH + 1);
  }

  @Test
  void aSubscriberWithinItsBufferMissesNothing() {
    List<Long> received = new CopyOnWriteArrayList<>();
    events.deleted(null).subscribe(received::add);

    events.on(deletions(List.of(1L, 2L, 3L)));

    assertThat(received).containsExactly(1L, 2L, 3L);
  }
}
