package io.syncbridge.db;

import jakarta.persistence.EntityManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.hibernate.engine.spi.SessionImplementor;
import org.jspecify.annotations.Nullable;
import org.springframework.orm.jpa.vendor.HibernateJpaDialect;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.SavepointManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;

/**
 * Hibernate's dialect for Spring, with savepoints: group commit runs each small sync in a savepoint
 * of one shared transaction (GroupCommit), and JPA has none of its own. They are JDBC savepoints on
 * the transaction's connection, which the JDBC batches of the bulk path share.
 */
final class SavepointJpaDialect extends HibernateJpaDialect {

  @Override
  public Object beginTransaction(EntityManager entityManager, TransactionDefinition definition)
      throws SQLException {
    return new Savepoints(
        super.beginTransaction(entityManager, definition),
        entityManager.unwrap(SessionImplementor.class));
  }

  @Override
  public void cleanupTransaction(@Nullable Object transactionData) {
    super.cleanupTransaction(
        transactionData instanceof Savepoints savepoints ? savepoints.transactionData : null);
  }

  private record Savepoints(Object transactionData, SessionImplementor session)
      implements SavepointManager {

    @Override
    public Object createSavepoint() {
      // What the session holds of earlier work is written first: a rollback to this savepoint
      // must not take it along.
      session.flush();
      try {
        return session
            .getJdbcCoordinator()
            .getLogicalConnection()
            .getPhysicalConnection()
            .setSavepoint();
      } catch (SQLException e) {
        throw new CannotCreateTransactionException("Could not create a savepoint", e);
      }
    }

    @Override
    public void rollbackToSavepoint(Object savepoint) {
      try {
        session
            .getJdbcCoordinator()
            .getLogicalConnection()
            .getPhysicalConnection()
            .rollback((Savepoint) savepoint);
      } catch (SQLException e) {
        throw new TransactionSystemException("Could not roll back to a savepoint", e);
      }
      // Entities the rolled-back work loaded or changed no longer match the database.
      session.clear();
    }

    @Override
    public void releaseSavepoint(Object savepoint) {
      try {
        session
            .getJdbcCoordinator()
            .getLogicalConnection()
            .getPhysicalConnection()
            .releaseSavepoint((Savepoint) savepoint);
      } catch (SQLException e) {
        // Released at commit anyway; a driver that cannot release one early loses nothing.
      }
    }
  }
}
