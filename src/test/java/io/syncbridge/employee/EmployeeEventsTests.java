package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class EmployeeEventsTests {

  private final EmployeeEvents events =
      new EmployeeEvents(
          new EmployeeChangeRelay.InProcess(),
          Clock.systemUTC(),
          Executors.newSingleThreadScheduledExecutor(),
          () -> {});

  @AfterEach
  void stop() {
    events.destroy();
  }

  private static EmployeeChange change(EmployeeChange.Kind kind, long id) {
    EmployeeView employee =
        kind == EmployeeChange.Kind.DELETED
            ? null
            : new EmployeeView(
                id,
                "E" + id,
                "A",
                null,
                "B",
                null,
                id + "@example.com",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    long version = kind == EmployeeChange.Kind.DELETED ? 2 : 1;
    return new EmployeeChange(
        kind, List.of(new EmployeeChange.Entry(id, Instant.EPOCH, version, null, employee)));
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
  void subscriptionsGetTheChangesOfTheirKindInTheOrderTheyHappened() {
    List<String> received = new CopyOnWriteArrayList<>();
    events.created().subscribe(e -> received.add("created " + e.id()));
    events.updated().subscribe(e -> received.add("updated " + e.id()));
    events.deleted().subscribe(id -> received.add("deleted " + id));

    events.on(change(EmployeeChange.Kind.CREATED, 1));
    events.on(change(EmployeeChange.Kind.CREATED, 2));
    events.on(change(EmployeeChange.Kind.DELETED, 1));
    events.on(change(EmployeeChange.Kind.CREATED, 3));

    assertThat(received).containsExactly("created 1", "created 2", "deleted 1", "created 3");
  }

  @Test
  void aSubscriberMissesNothingAndACancelledOneGetsNothingMore() {
    List<Long> received = new CopyOnWriteArrayList<>();
    List<Long> cancelled = new CopyOnWriteArrayList<>();
    events.deleted().subscribe(received::add);
    Disposable leaving = events.deleted().subscribe(cancelled::add);

    events.on(deletions(LongStream.rangeClosed(1, 1000).boxed().toList()));
    leaving.dispose();
    events.on(deletions(List.of(1001L)));

    assertThat(received).hasSize(1001).startsWith(1L, 2L, 3L).endsWith(1001L);
    assertThat(cancelled).hasSize(1000);
  }
}
