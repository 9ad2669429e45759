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
 * Write transactions that may lose a race. On PostgreSQL transactions run side by side, and one can
 * lose to another: a row with the same unique key or id created meanwhile, or a deadlock. It is
 * then rolled back whole and run again, and sees the other's rows this time (a match, an update, or
 * a clean conflict). On SQLite writes take turns, so there are no such races to lose and work is
 * never run twice.
 */
@Component
public class RetriedTransactions {

  /** How often a transaction that keeps losing races is run before its failure stands. */
  public static final int ATTEMPTS = 3;

  private final TransactionTemplate transaction;
  private final TransactionTemplate sqlTransaction;
  private final boolean writesTakeTurns;

  RetriedTransactions(
      PlatformTransactionManager transactionManager,
      DataSource dataSource,
      Database database,
      WriteTurns turns) {
    this.transaction = new TransactionTemplate(transactionManager);
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
