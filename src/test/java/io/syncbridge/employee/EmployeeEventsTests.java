package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.graphql.SubscriptionChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

class EmployeeEventsTests {

  private static final int BUFFER = 16;

  private final EmployeeEvents events =
      new EmployeeEvents(
          new EmployeeChangeRelay.InProcess(),
          BUFFER,
          Clock.systemUTC(),
          Executors.newSingleThreadScheduledExecutor(),
          () -> {});

  @AfterEach
  void stop() {
    events.destroy();
  }

  /** A connection whose thread runs the tasks it was given only when told to. */
  private static final class Connection implements SubscriptionChannel {
    private final List<Runnable> waiting = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
      waiting.add(task);
    }

    synchronized void catchUp() {
      while (!waiting.isEmpty()) {
        waiting.remove(0).run();
      }
    }
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
  void aConnectionGetsTheEventsOfAllItsSubscriptionsInTheOrderTheyHappened() {
    Connection connection = new Connection();
    List<String> received = new CopyOnWriteArrayList<>();
    events.created(connection).subscribe(e -> received.add("created " + e.id()));
    events.updated(connection).subscribe(e -> received.add("updated " + e.id()));
    events.deleted(connection).subscribe(id -> received.add("deleted " + id));

    events.on(change(EmployeeChange.Kind.CREATED, 1));
    events.on(change(EmployeeChange.Kind.CREATED, 2));
    events.on(change(EmployeeChange.Kind.DELETED, 1));
    events.on(change(EmployeeChange.Kind.CREATED, 3));
    assertThat(received).as("nothing before the connection's thread runs").isEmpty();
    connection.catchUp();

    assertThat(received).containsExactly("created 1", "created 2", "deleted 1", "created 3");
  }

  @Test
  void aConnectionThatFallsBehindHasItsSubscriptionsEndedWithoutHoldingUpTheOthers() {
    Connection stalled = new Connection();
    List<Long> slow = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> slowEnded = new AtomicReference<>();
    events.deleted(stalled).subscribe(slow::add, slowEnded::set);
    List<Long> fast = new CopyOnWriteArrayList<>();
    events.deleted(null).subscribe(fast::add);
    int published = BUFFER * 3;

    events.on(deletions(LongStream.rangeClosed(1, published).boxed().toList()));

    // The publisher went on: the other subscriber got everything, the stalled one nothing yet.
    assertThat(fast).hasSize(published);
    assertThat(slow).isEmpty();

    // Catching up, the stalled one gets what was waiting for it, then learns it was dropped.
    stalled.catchUp();
    assertThat(slow).hasSize(BUFFER).startsWith(1L, 2L, 3L);
    assertThat(slowEnded.get()).matches(Exceptions::isOverflow, "an overflow error");
  }

  @Test
  void aSubscriberWithinItsBufferMissesNothing() {
    List<Long> received = new CopyOnWriteArrayList<>();
    events.deleted(null).subscribe(received::add);

    events.on(deletions(List.of(1L, 2L, 3L)));

    assertThat(received).containsExactly(1L, 2L, 3L);
  }
}
