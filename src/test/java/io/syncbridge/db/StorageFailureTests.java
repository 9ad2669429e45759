package io.syncbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class StorageFailureTests {

  @Test
  void aFullDiskMetAsTheLogIndexFailingToGrowIsAFullDisk() {
    // What a sync that filled a tmpfs met instead of SQLITE_FULL.
    var shm = new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR_SHMSIZE);

    assertThat(StorageFailure.of(wrapped(shm))).contains(StorageFailure.FULL);
    assertThat(StorageFailure.message(wrapped(shm))).contains("out of disk space");
  }

  @Test
  void otherIoErrorsAndReadOnlyFilesMakeTheDatabaseUnavailable() {
    for (var code :
        new SQLiteErrorCode[] {
          SQLiteErrorCode.SQLITE_IOERR_WRITE, SQLiteErrorCode.SQLITE_READONLY
        }) {
      var failure = wrapped(new SQLiteException("x", code));

      assertThat(StorageFailure.of(failure)).as(code.name()).contains(StorageFailure.UNAVAILABLE);
      assertThat(StorageFailure.message(failure)).contains("cannot be written");
    }
  }

  @Test
  void theDiskReserveIsAFullDiskWithItsOwnMessage() {
    var refused = new DiskReserveReachedException();

    assertThat(StorageFailure.of(refused)).contains(StorageFailure.FULL);
    assertThat(StorageFailure.message(refused)).contains("reserve").contains("nothing was stored");
    assertThat(StorageFailure.cause(refused)).isSameAs(refused);
  }

  @Test
  void theCauseBehindAFailedRollbackIsTheStorageFailureNotTheClosedConnection() {
    var full = new SQLiteException("database or disk is full", SQLiteErrorCode.SQLITE_FULL);
    var rollbackFailed =
        new TransactionSystemException(
            "Could not roll back", new SQLException("Connection is closed"));
    rollbackFailed.initApplicationException(wrapped(full));

    assertThat(StorageFailure.of(rollbackFailed)).contains(StorageFailure.FULL);
    assertThat(StorageFailure.cause(rollbackFailed)).isSameAs(full);
  }

  @Test
  void otherFailuresAreNone() {
    var constraint =
        new SQLiteException("UNIQUE constraint failed", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);

    assertThat(StorageFailure.of(wrapped(constraint))).isEmpty();
    assertThat(StorageFailure.cause(wrapped(constraint))).isNull();
  }

  private static RuntimeException wrapped(SQLException e) {
    return new UncategorizedSQLException("sync", "INSERT …", e);
  }
}
