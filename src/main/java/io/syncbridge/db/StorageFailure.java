package io.syncbridge.db;

import java.sql.SQLException;
import java.util.Optional;
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

  /** Postgres' SQLSTATE for a full disk, should the database be PostgreSQL. */
  private static final String DISK_FULL_STATE = "53100";

  /** The storage failure somewhere in {@code failure}'s causes, if there is one. */
  public static Optional<StorageFailure> of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        Optional<StorageFailure> found = of(sql);
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
    return DISK_FULL_STATE.equals(e.getSQLState()) ? Optional.of(FULL) : Optional.empty();
  }
}
