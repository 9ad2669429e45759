package io.syncbridge.db;

/**
 * The database the service runs on, and the few pieces of SQL that differ between the two. All
 * other SQL is written once, in the dialect both understand ({@code INSERT … ON CONFLICT}, {@code
 * LIMIT … OFFSET}, {@code lower(…) LIKE}).
 */
public enum Database {
  /** One file; writes serialised inside the service. The default. */
  SQLITE,
  /** {@code DATABASE_URL}: several instances on one database, which coordinates their writes. */
  POSTGRESQL;

  public static Database of(String jdbcUrl) {
    return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : SQLITE;
  }

  /**
   * Whether the service must take writes one at a time: SQLite has one writer, so the service
   * queues them itself and shares commits between small requests; PostgreSQL runs them side by side
   * and locks rows.
   */
  public boolean serializesWrites() {
    return this == SQLITE;
  }

  /** An expression turning a parameter bound as UTF-8 bytes into text, without a Java string. */
  public String textFromUtf8() {
    return this == SQLITE ? "CAST(? AS TEXT)" : "convert_from(?, 'UTF8')";
  }

  /**
   * Appended to a query whose rows the transaction goes on to write: on PostgreSQL it locks them
   * until commit, so that another transaction cannot delete or change them in between; SQLite's
   * writers take turns anyway.
   */
  public String forUpdate() {
    return this == SQLITE ? "" : " FOR UPDATE";
  }

  /**
   * Appended to a subquery that picks a row to claim: on PostgreSQL, instances claiming at the same
   * moment each take a different row instead of queueing behind one another's lock.
   */
  public String skipLocked() {
    return this == SQLITE ? "" : " FOR UPDATE SKIP LOCKED";
  }
}
