package io.syncbridge.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells Hikari to drop a SQLite connection after an I/O-level failure. Such a failure (disk full,
 * file made read-only, I/O error at commit) rolls the transaction back inside SQLite while the
 * driver still believes it is open, so the connection would fail every later transaction with
 * "cannot commit - no transaction is active". A fresh connection works again as soon as the cause
 * is gone, without a restart.
 */
public final class SqliteConnectionEviction implements SQLExceptionOverride {

  @java.lang.Override
  public Override adjudicate(SQLException e) {
    if (e instanceof SQLiteException sqlite && isConnectionLevel(sqlite.getResultCode())) {
      return Override.MUST_EVICT;
    }
    return Override.CONTINUE_EVICT;
  }

  private static boolean isConnectionLevel(SQLiteErrorCode code) {
    // Extended codes (SQLITE_IOERR_WRITE, …) carry their primary code in the low byte.
    int primary = code.code & 0xff;
    return primary == SQLiteErrorCode.SQLITE_IOERR.code
        || primary == SQLiteErrorCode.SQLITE_FULL.code
        || primary == SQLiteErrorCode.SQLITE_READONLY.code
        || primary == SQLiteErrorCode.SQLITE_CORRUPT.code
        || primary == SQLiteErrorCode.SQLITE_NOTADB.code
        || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code;
  }
}
