package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.employee.EmployeeChange.Entry;
import io.syncbridge.employee.EmployeeChange.Kind;
import io.syncbridge.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmployeeChangeOrderTests {

  private final MutableClock clock = new MutableClock();
  private final List<String> delivered = new ArrayList<>();
  private final List<Duration> scheduled = new ArrayList<>();
  private int gaps;
  private final EmployeeChangeOrder order =
      new EmployeeChangeOrder(
          (kind, entry) -> delivered.add(kind + " " + entry.id() + " v" + entry.version()),
          clock,
          (task, delay) -> scheduled.add(delay),
          () -> gaps++);

  /** A change of employee 1 whose previous version was written just now. */
  private EmployeeChange change(Kind kind, long version) {
    return change(kind, 1, version, version == 1 ? null : clock.instant());
  }

  private static EmployeeChange change(Kind kind, long id, long version, Instant previous) {
    return new EmployeeChange(kind, List.of(new Entry(id, LIFE, version, previous, null)));
  }

  private static final Instant LIFE = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void deliversChangesInOrderAndEachOnce() {
    order.accept(change(Kind.CREATED, 1));
    order.accept(change(Kind.UPDATED, 2));
    order.accept(change(Kind.UPDATED, 2));
    order.accept(change(Kind.CREATED, 1));
    order.accept(change(Kind.DELETED, 3));

    assertThat(delivered).containsExactly("CREATED 1 v1", "UPDATED 1 v2", "DELETED 1 v3");
    assertThat(scheduled).isEmpty();
  }

  @Test
  void aDeletionThatOvertookTheCreationWaitsForIt() {
    order.accept(change(Kind.DELETED, 2));

    assertThat(delivered).isEmpty();
    assertThat(scheduled).containsExactly(EmployeeChangeOrder.HOLD);

    order.accept(change(Kind.CREATED, 1));

    assertThat(delivered).containsExactly("CREATED 1 v1", "DELETED 1 v2");
  }

  @Test
  void changesThatOvertookSeveralOthersAreDeliveredOnceTheGapCloses() {
    order.accept(change(Kind.CREATED, 1));
    order.accept(change(Kind.UPDATED, 4));
    order.accept(change(Kind.UPDATED, 3));

    assertThat(delivered).containsExactly("CREATED 1 v1");

    order.accept(change(Kind.UPDATED, 2));

    assertThat(delivered)
        .containsExactly("CREATED 1 v1", "UPDATED 1 v2", "UPDATED 1 v3", "UPDATED 1 v4");
  }

  @Test
  void aChangeWhosePredecessorWasLostGoesOnAfterTheHoldAndTheLateOneIsDropped() {
    order.accept(change(Kind.CREATED, 1));
    order.accept(change(Kind.UPDATED, 3));

    clock.advance(EmployeeChangeOrder.HOLD.minusMillis(1));
    order.deliverOverdue();
    assertThat(delivered).containsExactly("CREATED 1 v1");

    clock.advance(Duration.ofMillis(1));
    order.deliverOverdue();
    assertThat(delivered).containsExactly("CREATED 1 v1", "UPDATED 1 v3");
    assertThat(gaps).isEqualTo(1);

    order.accept(change(Kind.UPDATED, 2));
    order.accept(change(Kind.UPDATED, 4));
    assertThat(delivered).containsExactly("CREATED 1 v1", "UPDATED 1 v3", "UPDATED 1 v4");
  }

  @Test
  void theFirstChangeSeenOfAnEmployeeChangedBeforeThisInstanceStartedGoesOnAtOnce() {
    Instant beforeStart = clock.instant().minusSeconds(30);
    clock.advance(Duration.ofSeconds(1));

    order.accept(change(Kind.UPDATED, 7, 12, beforeStart));

    assertThat(delivered).containsExactly("UPDATED 7 v12");
    assertThat(scheduled).isEmpty();
  }

  @Test
  void theFirstChangeSeenOfAnEmployeeLastChangedLongAgoGoesOnAtOnce() {
    clock.advance(EmployeeChangeOrder.MEMORY.multipliedBy(2));
    Instant longAgo =
        clock.instant().minus(EmployeeChangeOrder.MEMORY).minus(EmployeeChangeOrder.CLOCK_SKEW);

    order.accept(change(Kind.UPDATED, 7, 5, longAgo.minusMillis(1)));

    assertThat(delivered).containsExactly("UPDATED 7 v5");
  }

  @Test
  void theFirstChangeSeenOfAnEmployeeChangedRecentlyWaitsForTheChangeBefore() {
    clock.advance(EmployeeChangeOrder.MEMORY.multipliedBy(2));

    order.accept(change(Kind.UPDATED, 7, 5, clock.instant().minusSeconds(1)));
    assertThat(delivered).isEmpty();
    order.accept(change(Kind.UPDATED, 7, 4, clock.instant().minusSeconds(70)));

    assertThat(delivered).containsExactly("UPDATED 7 v4", "UPDATED 7 v5");
  }

  @Test
  void employeesOfOneChangeAreOrderedEachOnItsOwn() {
    order.accept(
        new EmployeeChange(
            Kind.UPDATED,
            List.of(
                new Entry(1, LIFE, 2, clock.instant(), null), new Entry(2, LIFE, 1, null, null))));

    assertThat(delivered).containsExactly("UPDATED 2 v1");

    order.accept(change(Kind.CREATED, 1));

    assertThat(delivered).containsExactly("UPDATED 2 v1", "CREATED 1 v1", "UPDATED 1 v2");
  }

  private EmployeeChange ofLife(Kind kind, Instant life, long version) {
    return new EmployeeChange(
        kind, List.of(new Entry(1, life, version, version == 1 ? null : clock.instant(), null)));
  }

  @Test
  void anIdCreatedAgainAfterItsDeletionStartsANewLife() {
    Instant second = LIFE.plusSeconds(1);
    order.accept(ofLife(Kind.CREATED, LIFE, 1));
    order.accept(ofLife(Kind.DELETED, LIFE, 2));
    order.accept(ofLife(Kind.CREATED, second, 1));
    order.accept(ofLife(Kind.UPDATED, second, 2));

    assertThat(delivered)
        .containsExactly("CREATED 1 v1", "DELETED 1 v2", "CREATED 1 v1", "UPDATED 1 v2");
  }

  @Test
  void aNewLifeWithinTheSameMillisecondFollowsTheDeletion() {
    order.accept(ofLife(Kind.CREATED, LIFE, 1));
    order.accept(ofLife(Kind.DELETED, LIFE, 2));
    order.accept(ofLife(Kind.CREATED, LIFE, 1));

    assertThat(delivered).containsExactly("CREATED 1 v1", "DELETED 1 v2", "CREATED 1 v1");
  }

  @Test
  void aNewLifeThatOvertookTheDeletionOfTheLastWaitsForIt() {
    Instant second = LIFE.plusSeconds(1);
    order.accept(ofLife(Kind.CREATED, LIFE, 1));
    order.accept(ofLife(Kind.CREATED, second, 1));

    assertThat(delivered).containsExactly("CREATED 1 v1");

    order.accept(ofLife(Kind.DELETED, LIFE, 2));

    assertThat(delivered).containsExactly("CREATED 1 v1", "DELETED 1 v2", "CREATED 1 v1");
  }

  @Test
  void aLateChangeOfAnEarlierLifeIsDropped() {
    Instant second = LIFE.plusSeconds(1);
    order.accept(ofLife(Kind.CREATED, LIFE, 1));
    order.accept(ofLife(Kind.DELETED, LIFE, 3));
    order.accept(ofLife(Kind.CREATED, second, 1));
    clock.advance(EmployeeChangeOrder.HOLD);
    order.deliverOverdue();

    order.accept(ofLife(Kind.UPDATED, LIFE, 2));

    assertThat(delivered).containsExactly("CREATED 1 v1", "DELETED 1 v3", "CREATED 1 v1");
  }

  @Test
  void employeesAreForgottenOnceTheirLastChangeIsOlderThanTheMemory() {
    order.accept(change(Kind.CREATED, 1, 1, null));
    order.accept(change(Kind.CREATED, 2, 1, null));
    clock.advance(EmployeeChangeOrder.MEMORY.minusSeconds(1));
    order.accept(change(Kind.UPDATED, 2, 2, clock.instant()));
    assertThat(order.remembered()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(2));
    order.accept(change(Kind.CREATED, 3, 1, null));

    assertThat(order.remembered()).isEqualTo(2);
  }
}
