package io.syncbridge.employee;

import io.syncbridge.employee.EmployeeChange.Entry;
import io.syncbridge.employee.EmployeeChange.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands this instance's subscribers each employee's changes in commit order, each once, however
 * they arrive. Changes are published after their commit by whichever thread (or instance) made
 * them, so two commits of one employee can be published the other way round; and while an instance
 * subscribes to Redis, its own change can reach it twice (delivered locally and through Redis). The
 * row's version (see {@link EmployeeChange.Entry}) says where a change belongs:
 *
 * <ul>
 *   <li>one already delivered, or older than one delivered, is dropped;
 *   <li>the next one is delivered, and any it was holding up after it;
 *   <li>one that arrives before its predecessor waits for it, at most {@link #HOLD}, then goes on
 *       without it (its predecessor was lost: an instance stopped between commit and publish, or
 *       Redis could not take it).
 * </ul>
 *
 * An id deleted and used again starts a new life, whose versions count from 1 again; lives are told
 * apart, and ordered, by the row's {@code created_at}, and a new life follows the deletion that
 * ended the one before.
 *
 * <p>An employee this instance has no record of has its first change delivered at once when the
 * change before it could not reach this instance any more: it was written before this instance
 * started, or longer ago than it remembers delivering changes ({@link #MEMORY}). Otherwise it may
 * still be on its way, and the change waits for it.
 */
final class EmployeeChangeOrder {

  /**
   * How long a change waits for the one before it: the delay subscribers see after a change was
   * lost, which is rare (an instance stopped between commit and publish, Redis away). Publishing
   * follows a commit within milliseconds; a 2 s wait was seen to run out on a loaded 2-core machine
   * running two instances, and a change overtaken that way is out of order for good.
   */
  static final Duration HOLD = Duration.ofSeconds(10);

  /**
   * How long the last delivered version of an employee is remembered after its last change: far
   * longer than any change takes from commit to here, and short enough that a bulk load of many
   * employees is forgotten again soon.
   */
  static final Duration MEMORY = Duration.ofSeconds(60);

  /** How far the clocks of two instances (which stamp updated_at) may disagree. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  /** Where a change goes once its turn has come. */
  interface Delivery {
    void deliver(Kind kind, Entry entry);
  }

  /** Runs a task later: the flush of changes whose wait is over. */
  interface Timer {
    void schedule(Runnable task, Duration delay);
  }

  private static final Logger log = LoggerFactory.getLogger(EmployeeChangeOrder.class);

  private final Delivery delivery;
  private final Clock clock;
  private final Timer timer;
  private final Runnable gaps;
  private final Instant since;

  // Least recently changed first (access order): forgetting stops at the first one to keep.
  private final Map<Long, Track> tracks = new LinkedHashMap<>(256, 0.75f, true);
  private final Set<Long> holding = new HashSet<>();

  /**
   * @param gaps told of every change delivered without the one before it
   */
  EmployeeChangeOrder(Delivery delivery, Clock clock, Timer timer, Runnable gaps) {
    this.delivery = delivery;
    this.clock = clock;
    this.timer = timer;
    this.gaps = gaps;
    this.since = clock.instant();
  }

  /** What this instance knows of one employee's changes. */
  private static final class Track {
    /** Whether the fields below are known: false while the first change seen waits. */
    boolean known;

    /** The row's life the last delivered change belongs to: its created_at, in milliseconds. */
    long life;

    long delivered;

    /** Whether the last delivered change was the deletion that ended its life. */
    boolean ended;

    Instant lastSeen;
    TreeMap<Position, Held> held;
  }

  /** Where a change stands among those of its employee: by life, then by version. */
  private record Position(long life, long version) implements Comparable<Position> {
    static Position of(Entry entry) {
      return new Position(entry.createdAt().toEpochMilli(), entry.version());
    }

    @Override
    public int compareTo(Position other) {
      int byLife = Long.compare(life, other.life);
      return byLife != 0 ? byLife : Long.compare(version, other.version);
    }
  }

  private record Held(Kind kind, Entry entry, Instant until) {}

  private enum Turn {
    /** Delivered already, or overtaken by a later change: dropped. */
    PAST,
    /** The change that comes next: delivered. */
    NEXT,
    /** A change before it has not come yet: held. */
    LATER
  }

  private static Turn turn(Position position, Track track) {
    if (track.ended && position.version() == 1 && position.life() >= track.life) {
      return Turn.NEXT; // the first change of a new life, after the deletion that ended the last
    }
    if (position.life() < track.life
        || (position.life() == track.life && position.version() <= track.delivered)) {
      return Turn.PAST;
    }
    return position.life() == track.life && position.version() == track.delivered + 1
        ? Turn.NEXT
        : Turn.LATER;
  }

  /** Takes a committed change, from this instance or another; delivers what is due now. */
  synchronized void accept(EmployeeChange change) {
    Instant now = clock.instant();
    boolean holds = false;
    for (Entry entry : change.entries()) {
      holds |= !accept(change.kind(), entry, now);
    }
    if (holds) {
      timer.schedule(this::deliverOverdue, HOLD);
    }
    forgetOld(now);
  }

  /** Returns false when the change has to wait for one before it. */
  private boolean accept(Kind kind, Entry entry, Instant now) {
    Track track = tracks.computeIfAbsent(entry.id(), id -> new Track());
    track.lastSeen = now;
    Position position = Position.of(entry);
    if (!track.known && !predecessorMayArrive(entry, now)) {
      track.known = true;
      track.life = position.life();
      track.delivered = entry.version() - 1;
    }
    Turn turn = track.known ? turn(position, track) : Turn.LATER;
    if (turn == Turn.PAST) {
      return true;
    }
    if (turn == Turn.NEXT) {
      deliver(kind, entry, track);
      deliverHeld(entry.id(), track);
      return true;
    }
    if (track.held == null) {
      track.held = new TreeMap<>();
      holding.add(entry.id());
    }
    track.held.putIfAbsent(position, new Held(kind, entry, now.plus(HOLD)));
    return false;
  }

  /**
   * Whether the change before this one may still reach this instance: it was written after this
   * instance started and recently enough that its delivery would be remembered. A creation has
   * none: a deletion of an earlier life that could still arrive after it would be one this instance
   * never saw the employee before, and waiting for that would hold up every creation.
   */
  private boolean predecessorMayArrive(Entry entry, Instant now) {
    if (entry.version() <= 1 || entry.previousUpdatedAt() == null) {
      return false;
    }
    Instant horizon = now.minus(MEMORY).isAfter(since) ? now.minus(MEMORY) : since;
    return !entry.previousUpdatedAt().plus(CLOCK_SKEW).isBefore(horizon);
  }

  /** Delivers held changes while they follow on; drops those overtaken. */
  private void deliverHeld(long id, Track track) {
    while (track.held != null && !track.held.isEmpty()) {
      Map.Entry<Position, Held> first = track.held.firstEntry();
      Turn turn = turn(first.getKey(), track);
      if (turn == Turn.LATER) {
        return;
      }
      track.held.pollFirstEntry();
      if (turn == Turn.NEXT) {
        deliver(first.getValue().kind(), first.getValue().entry(), track);
      }
    }
    track.held = null;
    holding.remove(id);
  }

  /** Gives up waiting for lost changes: what waited long enough goes on, in order. */
  synchronized void deliverOverdue() {
    Instant now = clock.instant();
    for (long id : new HashSet<>(holding)) {
      Track track = tracks.get(id);
      Position lastDue = null;
      for (var held : track.held.entrySet()) {
        if (!held.getValue().until().isAfter(now)) {
          lastDue = held.getKey();
        }
      }
      if (lastDue == null) {
        continue;
      }
      while (!track.held.isEmpty() && track.held.firstKey().compareTo(lastDue) <= 0) {
        var first = track.held.pollFirstEntry();
        if (!track.known || turn(first.getKey(), track) != Turn.PAST) {
          log.warn(
              "Employee {} change version {} delivered without the change before it, which did"
                  + " not arrive within {}",
              id,
              first.getKey().version(),
              HOLD);
          gaps.run();
          track.known = true;
          deliver(first.getValue().kind(), first.getValue().entry(), track);
        }
      }
      deliverHeld(id, track);
    }
    forgetOld(now);
  }

  private void deliver(Kind kind, Entry entry, Track track) {
    track.life = entry.createdAt().toEpochMilli();
    track.delivered = entry.version();
    track.ended = kind == Kind.DELETED;
    delivery.deliver(kind, entry);
  }

  /** Forgets employees whose last change is older than {@link #MEMORY}, oldest first. */
  private void forgetOld(Instant now) {
    Instant forgetBefore = now.minus(MEMORY);
    for (Iterator<Track> oldest = tracks.values().iterator(); oldest.hasNext(); ) {
      Track track = oldest.next();
      if (track.held != null || !track.lastSeen.isBefore(forgetBefore)) {
        return;
      }
      oldest.remove();
    }
  }

  /** Employees this instance remembers; for tests and the memory this costs. */
  synchronized int remembered() {
    return tracks.size();
  }
}
