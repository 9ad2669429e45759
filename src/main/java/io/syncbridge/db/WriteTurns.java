package io.syncbridge.db;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;

/**
 * SQLite allows one writer at a time; a second one gets "database is locked" once its busy timeout
 * runs out, or at once when a read transaction tries to upgrade. So write transactions take turns
 * here, in arrival order, before they touch the database, while read-only transactions run
 * alongside them (WAL lets readers see the last commit). SQLite's busy timeout then only matters
 * for other processes that open the same file. One instance serves both transaction managers (the
 * JPA one and the JDBC one), so their writes take turns with each other too.
 */
final class WriteTurns {

  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final Duration lockTimeout;
  // Whether each transaction begun on this thread (innermost last) took the lock.
  private final ThreadLocal<Deque<Boolean>> heldByTransaction =
      ThreadLocal.withInitial(ArrayDeque::new);

  WriteTurns(Duration lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  /** Waits for the turn of a write transaction, then begins it; a read-only one begins at once. */
  void begin(TransactionDefinition definition, Runnable begin) {
    boolean locking = !definition.isReadOnly();
    if (locking) {
      acquire(waitLimit(definition));
    }
    try {
      begin.run();
    } catch (RuntimeException | Error e) {
      if (locking) {
        writeLock.unlock();
      }
      throw e;
    }
    heldByTransaction.get().push(locking);
  }

  /** Cleans up after the innermost transaction begun on this thread, and ends its turn. */
  void end(Runnable cleanup) {
    try {
      cleanup.run();
    } finally {
      Deque<Boolean> held = heldByTransaction.get();
      if (!held.isEmpty() && held.pop()) {
        writeLock.unlock();
      }
      if (held.isEmpty()) {
        heldByTransaction.remove();
      }
    }
  }

  /** A transaction with a shorter timeout of its own (a health probe) waits no longer than that. */
  private Duration waitLimit(TransactionDefinition definition) {
    int seconds = definition.getTimeout();
    return seconds > 0 && seconds < lockTimeout.toSeconds()
        ? Duration.ofSeconds(seconds)
        : lockTimeout;
  }

  private void acquire(Duration limit) {
    try {
      if (!writeLock.tryLock(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new CannotCreateTransactionException(
            "Timed out after " + limit + " waiting for the database write lock");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CannotCreateTransactionException("Interrupted waiting for the database write lock");
    }
  }
}
