package io.syncbridge.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

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
    return StorageFailure.of(e).isPresent() ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
  }
}
