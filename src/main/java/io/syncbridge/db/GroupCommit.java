package io.syncbridge.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Small syncs that arrive together share one commit. Each commit waits for the disk to flush
 * (synchronous=FULL) and writers take turns, so N small requests used to wait for N flushes in a
 * row. One writer thread takes every unit of work waiting (up to {@value #MAX_GROUP}) and runs each
 * in a savepoint of one transaction: a unit that fails rolls back to its savepoint alone, with the
 * after-commit callbacks it registered (events), and the others commit together. Each caller gets
 * its own result or exception once the group has committed, so a 200 still means "on disk".
 */
@Component
class GroupCommit implements DisposableBean {

  static final int MAX_GROUP = 64;

  private final BlockingQueue<Unit<?>> waiting = new LinkedBlockingQueue<>();
  private final TransactionTemplate transaction;
  private final Thread writer;

  GroupCommit(PlatformTransactionManager transactionManager) {
    this.transaction = new TransactionTemplate(transactionManager);
    this.writer = new Thread(this::writeGroups, "group-commit");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Runs {@code work} in a transaction shared with other waiting units; returns once committed. */
  <T> T run(Supplier<T> work) {
    Unit<T> unit = new Unit<>(work);
    waiting.add(unit);
    try {
      return unit.outcome.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CannotCreateTransactionException("Interrupted waiting for the group commit");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw (Error) e.getCause();
    }
  }

  /** Units queued and not yet taken by the writer. */
  int waitingUnits() {
    return waiting.size();
  }

  private void writeGroups() {
    while (!Thread.currentThread().isInterrupted()) {
      List<Unit<?>> group = new ArrayList<>();
      try {
        group.add(waiting.take());
      } catch (InterruptedException e) {
        return;
      }
      waiting.drainTo(group, MAX_GROUP - 1);
      while (!group.isEmpty()) {
        group = commit(group);
      }
    }
    failWaiting();
  }

  /**
   * Runs the units in one transaction and commits them; returns the units to run again, in a new
   * transaction, when one of them failed in a way its savepoint cannot undo.
   */
  private List<Unit<?>> commit(List<Unit<?>> group) {
    if (group.size() == 1) {
      // Alone, a unit needs no savepoint: when it fails, the whole transaction rolls back.
      Unit<?> unit = group.get(0);
      try {
        transaction.executeWithoutResult(status -> unit.run());
        unit.complete();
      } catch (RuntimeException | Error e) {
        unit.outcome.completeExceptionally(e);
      }
      return List.of();
    }
    List<Unit<?>> again = new ArrayList<>();
    try {
      transaction.executeWithoutResult(
          status -> {
            for (Unit<?> unit : group) {
              if (!unit.runIn(status) && status.isRollbackOnly()) {
                // A failure inside JPA marks the whole transaction for rollback, which no
                // savepoint resets: this unit fails alone, the others go again without it.
                unit.complete();
                group.stream().filter(other -> other != unit).forEach(again::add);
                status.setRollbackOnly();
                return;
              }
            }
          });
      if (again.isEmpty()) {
        group.forEach(Unit::complete);
      }
      return again;
    } catch (RuntimeException | Error e) {
      // The group could not commit: nothing of it is stored, and every caller learns why.
      group.forEach(unit -> unit.outcome.completeExceptionally(e));
      return List.of();
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    writer.interrupt();
    writer.join(10_000);
    failWaiting();
  }

  private void failWaiting() {
    for (Unit<?> unit; (unit = waiting.poll()) != null; ) {
      unit.outcome.completeExceptionally(
          new CannotCreateTransactionException("The service is shutting down"));
    }
  }

  private static final class Unit<T> {

    private final Supplier<T> work;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private T result;
    private RuntimeException failure;

    Unit(Supplier<T> work) {
      this.work = work;
    }

    void run() {
      failure = null;
      result = work.get();
    }

    /** Runs the work in a savepoint; false when it failed and was rolled back to it. */
    boolean runIn(org.springframework.transaction.TransactionStatus status) {
      Object savepoint = status.createSavepoint();
      List<TransactionSynchronization> before =
          TransactionSynchronizationManager.getSynchronizations();
      try {
        run();
        status.releaseSavepoint(savepoint);
        return true;
      } catch (RuntimeException e) {
        try {
          status.rollbackToSavepoint(savepoint);
        } catch (RuntimeException rollbackFailed) {
          // The connection is gone (the pool drops it after a storage failure): the whole group
          // fails, for this unit's reason rather than the rollback's.
          e.addSuppressed(rollbackFailed);
          throw e;
        }
        dropSynchronizationsSince(before);
        failure = e;
        return false;
      }
    }

    void complete() {
      if (failure != null) {
        outcome.completeExceptionally(failure);
      } else {
        outcome.complete(result);
      }
    }

    /** Forgets what a rolled-back unit registered to run after commit, e.g. its events. */
    private static void dropSynchronizationsSince(List<TransactionSynchronization> before) {
      TransactionSynchronizationManager.clearSynchronization();
      TransactionSynchronizationManager.initSynchronization();
      before.forEach(TransactionSynchronizationManager::registerSynchronization);
    }
  }
}
