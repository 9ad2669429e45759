package io.syncbridge.db;

import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one entry point for a unit of work that writes: it decides whether the work shares a commit
 * with others ({@link GroupCommit}) or has a transaction of its own, and runs it again when it lost
 * a race.
 *
 * <p>Write transactions may lose a race. On PostgreSQL transactions run side by side, and one can
 * lose to another: a row with the same unique key or id created meanwhile, or a deadlock. It is
 * then rolled back whole and run again, and sees the other's rows this time (a match, an update, or
 * a clean conflict). On SQLite writes take turns, so there are no such races to lose and work is
 * never run twice.
 */
@Component
public class WriteTransactions {

  /** How often a transaction that keeps losing races is run before its failure stands. */
  public static final int ATTEMPTS = 3;

  /** Batches of at most this many records share commits with others (see {@link GroupCommit}). */
  static final int SHARED_COMMIT_RECORDS = 100;

  private final TransactionTemplate transaction;
  private final TransactionTemplate sqlTransaction;
  private final GroupCommit groupCommit;
  private final boolean writesTakeTurns;

  WriteTransactions(
      PlatformTransactionManager transactionManager,
      DataSource dataSource,
      Database database,
      WriteTurns turns,
      GroupCommit groupCommit) {
    this.transaction = new TransactionTemplate(transactionManager);
    this.groupCommit = groupCommit;
    this.writesTakeTurns = database.serializesWrites();
    this.sqlTransaction =
        new TransactionTemplate(
            writesTakeTurns
                ? new SerializedJdbcTransactionManager(dataSource, turns)
                : new DataSourceTransactionManager(dataSource));
  }

  /**
   * Runs {@code work} in a transaction of its own; its after-commit events go with the last run.
   */
  public <T> T execute(Supplier<T> work) {
    return run(transaction, work);
  }

  /**
   * Runs {@code work} on a batch of {@code records} records. On SQLite small batches share commits:
   * each commit waits for the disk, and writers take turns, so small requests arriving together
   * would otherwise wait for one flush each. A large batch has a transaction of its own, so that it
   * does not hold up the small ones behind it for longer than its own work. PostgreSQL commits
   * concurrent transactions side by side (and groups their WAL flushes itself); funnelling them
   * through one thread would only queue them.
   */
  public <T> T executeBatch(int records, Supplier<T> work) {
    return writesTakeTurns && records <= SHARED_COMMIT_RECORDS
        ? groupCommit.run(work)
        : execute(work);
  }

  /** Runs {@code work} in a transaction that is always rolled back: what would it do? */
  public void rehearse(Runnable work) {
    transaction.executeWithoutResult(
        status -> {
          status.setRollbackOnly();
          work.run();
        });
  }

  /**
   * Like {@link #execute}, for work that goes through JDBC only: no Hibernate session is opened for
   * it, which took about 5 % of a GraphQL createEmployee's CPU (docs/persistence.md). JPA
   * repositories cannot join such a transaction.
   */
  public <T> T executeSql(Supplier<T> work) {
    return run(sqlTransaction, work);
  }

  private <T> T run(TransactionTemplate template, Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return template.execute(status -> work.get());
      } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
        if (writesTakeTurns || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
