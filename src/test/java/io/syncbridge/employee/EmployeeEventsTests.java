package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Schedulers;

class EmployeeEventsTests {

  private static final int BUFFER = 16;

  // Deletions carry only ids, so no repository is needed to publish them; rendering on the
  // publishing thread makes delivery synchronous, so the test needs no waiting.
  private final EmployeeEvents events =
      new EmployeeEvents(null, new EmployeeChangeRelay.InProcess(), BUFFER, Schedulers.immediate());

  @Test
  void aSubscriberThatStopsReadingIsDroppedWithoutHoldingUpTheOthers() {
    List<Long> fast = new CopyOnWriteArrayList<>();
    events.deleted().subscribe(fast::add);
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
    events.deleted().subscribe(slowSubscriber);
    int published = (BUFFER + EmployeeEvents.PREFETCH) * 3;

    events.on(new EmployeesDeleted(LongStream.rangeClosed(1, published).boxed().toList()));

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
    events.deleted().subscribe(received::add);

    events.on(new EmployeesDeleted(List.of(1L, 2L, 3L)));

    assertThat(received).containsExactly(1L, 2L, 3L);
  }
}
