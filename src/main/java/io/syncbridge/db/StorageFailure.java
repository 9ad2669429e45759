package io.syncbridge.db;

import java.sql.SQLException;
import java.util.Optional;
import org.springframework.transaction.TransactionSystemException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A failure of the storage under the database rather than of the request: the disk is full, or the
 * file cannot be written (read-only, I/O error, gone). Such a request is answered 507 or 503, not
 * 500, and the connection that met it is dropped from the pool.
 */
public enum StorageFailure {
  /** No space left: writes fail until space is freed. */
  FULL,
  /** The database cannot be written (or opened) at all for now. */
  UNAVAILABLE;

  /** PostgreSQL's SQLSTATE for a full disk. */
  private static final String DISK_FULL_STATE = "53100";

  /**
   * PostgreSQL's SQLSTATEs for a database out of reach: connection failures (class 08), shutdown
   * (57P01–57P03), read-only (25006: a standby after a failover).
   */
  private static final String[] UNAVAILABLE_STATES = {"08", "57P01", "57P02", "57P03", "25006"};

  /**
   * The storage failure somewhere in {@code failure}'s causes, if there is one; also behind a
   * rollback that failed after it (the pool had already dropped the connection).
   */
  public static Optional<StorageFailure> of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        Optional<StorageFailure> found = of(sql);
        if (found.isPresent()) {
          return found;
        }
      }
      if (t instanceof TransactionSystemException rollbackFailed
          && rollbackFailed.getApplicationException() != null) {
        Optional<StorageFailure> found = of(rollbackFailed.getApplicationException());
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  static Optional<StorageFailure> of(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      // Extended codes (SQLITE_IOERR_WRITE, …) carry their primary code in the low byte.
      int primary = sqlite.getResultCode().code & 0xff;
      if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
        return Optional.of(FULL);
      }
      if (primary == SQLiteErrorCode.SQLITE_IOERR.code
          || primary == SQLiteErrorCode.SQLITE_READONLY.code
          || primary == SQLiteErrorCode.SQLITE_CORRUPT.code
          || primary == SQLiteErrorCode.SQLITE_NOTADB.code
          || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
        return Optional.of(UNAVAILABLE);
      }
    }
    String state = e.getSQLState();
    if (state == null) {
      return Optional.empty();
    }
    if (state.equals(DISK_FULL_STATE)) {
      return Optional.of(FULL);
    }
    for (String unavailable : UNAVAILABLE_STATES) {
      if (state.startsWith(unavailable)) {
        return Optional.of(UNAVAILABLE);
      }
    }
    return Optional.empty();
  }
}
