package io.syncbridge.upsert;

import io.syncbridge.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** Writes that are undone, in the transaction they run in, when they break a constraint. */
final class ConstraintSavepoint {

  /** SQLite's result code for a broken constraint (unique, foreign key, not null, check). */
  private static final int SQLITE_CONSTRAINT = 19;

  private ConstraintSavepoint() {}

  /**
   * Runs {@code writes} under a savepoint: false, with everything they wrote undone and the
   * transaction usable again (PostgreSQL's too), when they broke a constraint.
   */
  static boolean write(JdbcTemplate jdbc, Database database, Runnable writes) {
    Savepoint savepoint = jdbc.execute((ConnectionCallback<Savepoint>) Connection::setSavepoint);
    try {
      writes.run();
    } catch (DataAccessException e) {
      if (!brokeConstraint(e, database)) {
        throw e;
      }
      jdbc.execute(
          (ConnectionCallback<Void>)
              connection -> {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
                return null;
              });
      return false;
    }
    jdbc.execute(
        (ConnectionCallback<Void>)
            connection -> {
              connection.releaseSavepoint(savepoint);
              return null;
            });
    return true;
  }

  private static boolean brokeConstraint(DataAccessException e, Database database) {
    if (e instanceof DataIntegrityViolationException) {
      return true;
    }
    // sqlite-jdbc gives no SQL state, so Spring cannot tell; its error code is SQLITE_CONSTRAINT.
    return database == Database.SQLITE
        && e.getCause() instanceof SQLException failure
        && failure.getErrorCode() == SQLITE_CONSTRAINT;
  }
}
