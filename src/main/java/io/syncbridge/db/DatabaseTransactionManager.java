package io.syncbridge.db;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * One transaction manager for JPA repositories and JDBC batches alike: a transaction's JDBC
 * connection is the entity manager's, so a batch write and a repository read in one transaction see
 * each other. Savepoints come from {@link SavepointJpaDialect}.
 */
class DatabaseTransactionManager extends JpaTransactionManager {

  private final boolean marksReadOnlyConnections;

  /**
   * @param marksReadOnlyConnections whether a read-only transaction marks its connection read-only:
   *     sqlite-jdbc cannot switch an open connection and throws, which would cost every read an
   *     exception
   */
  DatabaseTransactionManager(
      EntityManagerFactory entityManagerFactory, boolean marksReadOnlyConnections) {
    super(entityManagerFactory);
    this.marksReadOnlyConnections = marksReadOnlyConnections;
    // Group commit's savepoints.
    setNestedTransactionAllowed(true);
    afterPropertiesSet();
  }

  /**
   * A rollback that fails (the pool closed the connection after a storage failure) is a {@link
   * TransactionSystemException}, as with JDBC transactions: transaction templates and interceptors
   * then keep the failure that caused the rollback, which tells the client why, instead of
   * answering with the rollback's own.
   */
  @Override
  protected void doRollback(DefaultTransactionStatus status) {
    try {
      super.doRollback(status);
    } catch (DataAccessException e) {
      throw new TransactionSystemException("Could not roll back JPA transaction", e);
    }
  }

  @Override
  public void afterPropertiesSet() {
    super.afterPropertiesSet();
    // The factory brings Hibernate's own dialect, which has no savepoints.
    var dialect = new SavepointJpaDialect();
    dialect.setPrepareConnection(marksReadOnlyConnections);
    setJpaDialect(dialect);
  }
}
