package io.syncbridge.db;

import java.sql.SQLException;
import java.util.Optional;
import org.springframework.transaction.TransactionSystemException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A failure of the storage under the database rather than of the request: the disk is full (or down
 * to its reserve, see {@link DiskReserve}), or the file cannot be written (read-only, I/O error,
 * gone). Such a request is answered 507 or 503, not 500, and the pool renews the connections it
 * concerns (see {@link StorageFailureEviction}).
 */
public enum StorageFailure {
  /** No space left: writes fail until space is freed. */
  FULL,
  /** The database cannot be written (or opened) at all for now. */
  UNAVAILABLE;

  private static final String FULL_MESSAGE =
      "The database is out of disk space; nothing was stored, retry later";
  private static final String UNAVAILABLE_MESSAGE =
      "The database cannot be written; nothing was stored, retry later";

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
    Throwable cause = cause(failure);
    if (cause instanceof DiskReserveReachedException) {
      return Optional.of(FULL);
    }
    return cause instanceof SQLException sql ? of(sql) : Optional.empty();
  }

  /**
   * The exception that makes {@code failure} a storage failure, for the log: not the rollback that
   * failed after it ("Connection is closed"); null when it is none.
   */
  public static Throwable cause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DiskReserveReachedException) {
        return t;
      }
      if (t instanceof SQLException sql && of(sql).isPresent()) {
        return sql;
      }
      if (t instanceof TransactionSystemException rollbackFailed
          && rollbackFailed.getApplicationException() != null) {
        Throwable found = cause(rollbackFailed.getApplicationException());
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * What the client is told about {@code failure}, a storage failure: why nothing of its request
   * was stored.
   */
  public static String message(Throwable failure) {
    Throwable cause = cause(failure);
    if (cause instanceof DiskReserveReachedException reserve) {
      return reserve.getMessage();
    }
    return of(failure).orElse(UNAVAILABLE) == FULL ? FULL_MESSAGE : UNAVAILABLE_MESSAGE;
  }

  static Optional<StorageFailure> of(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      // Extended codes (SQLITE_IOERR_WRITE, …) carry their primary code in the low byte. The
      // shared-memory index of the write-ahead log failing to grow is a full disk too: a sync
      // that filled a tmpfs met it rather than SQLITE_FULL.
      int code = sqlite.getResultCode().code;
      int primary = code & 0xff;
      if (primary == SQLiteErrorCode.SQLITE_FULL.code
          || code == SQLiteErrorCode.SQLITE_IOERR_SHMSIZE.code) {
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
