package io.syncbridge.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Hikari's rule for a connection that met an SQL failure, and so the one place where the pool heals
 * after a storage failure, whichever code met it: a sync, a shared commit, a GraphQL mutation, the
 * retry worker, the health probe.
 *
 * <p>A storage failure evicts the connection that met it. Such a failure (disk full, file made
 * read-only, I/O error at commit) rolls the transaction back inside SQLite while the driver still
 * believes it is open, so the connection would fail every later transaction with "cannot commit -
 * no transaction is active".
 *
 * <p>When the database could not be written at all ({@link StorageFailure#UNAVAILABLE}), every
 * other connection of the pool is renewed too: idle ones at once, those in use when they are
 * returned. SQLite opens a file it cannot write read-only, silently, and such a connection stays
 * read-only after the file is writable again; PostgreSQL after a failover leaves connections to a
 * server that is now a read-only standby. Without the renewal each of them would fail one write
 * after the cause is gone. A full disk leaves the other connections sound (a file is opened
 * read-write on a full disk, and writes on it succeed once there is space), so it renews nothing:
 * on PostgreSQL that would reconnect the whole pool for every request refused meanwhile.
 */
final class StorageFailureEviction implements SQLExceptionOverride {

  private final HikariDataSource dataSource;

  StorageFailureEviction(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @java.lang.Override
  public Override adjudicate(SQLException e) {
    Optional<StorageFailure> failure = StorageFailure.of(e);
    if (failure.isEmpty()) {
      return Override.CONTINUE_EVICT;
    }
    if (failure.get() == StorageFailure.UNAVAILABLE) {
      var pool = dataSource.getHikariPoolMXBean();
      if (pool != null) {
        pool.softEvictConnections();
      }
    }
    return Override.MUST_EVICT;
  }
}
