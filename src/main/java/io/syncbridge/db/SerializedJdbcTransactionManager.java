package io.syncbridge.db;

import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The JDBC-only transactions on SQLite ({@link WriteTransactions#executeSql}): write transactions
 * take turns with each other and with the JPA ones ({@link WriteTurns}).
 */
final class SerializedJdbcTransactionManager extends DataSourceTransactionManager {

  private final WriteTurns turns;

  SerializedJdbcTransactionManager(DataSource dataSource, WriteTurns turns) {
    super(dataSource);
    this.turns = turns;
  }

  @Override
  protected void doBegin(Object transaction, TransactionDefinition definition) {
    turns.begin(definition, () -> super.doBegin(transaction, definition));
  }

  @Override
  protected void doCleanupAfterCompletion(Object transaction) {
    turns.end(() -> super.doCleanupAfterCompletion(transaction));
  }
}
