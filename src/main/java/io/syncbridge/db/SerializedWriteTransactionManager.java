package io.syncbridge.db;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.transaction.TransactionDefinition;

/** The JPA transactions on SQLite: write transactions take turns ({@link WriteTurns}). */
final class SerializedWriteTransactionManager extends DatabaseTransactionManager {

  private final WriteTurns turns;

  SerializedWriteTransactionManager(EntityManagerFactory entityManagerFactory, WriteTurns turns) {
    super(entityManagerFactory, false);
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
