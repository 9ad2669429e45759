package io.syncbridge.history;

import io.syncbridge.db.Database;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * JDBC rather than {@code persist}: the payload arrives as the request's UTF-8 bytes and becomes
 * text in the database, without a copy as a Java string, which an entity's {@code String} would
 * need for every sync. The insert runs on the transaction's connection, as the entities do.
 */
class SyncHistoryInsertsImpl implements SyncHistoryInserts {

  private final JdbcTemplate jdbc;
  private final Database database;

  SyncHistoryInsertsImpl(JdbcTemplate jdbc, Database database) {
    this.jdbc = jdbc;
    this.database = database;
  }

  @Override
  public long insert(NewSyncHistory entry, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.update(
        connection -> {
          var statement =
              connection.prepareStatement(
                  "INSERT INTO sync_history (model, payload, status, failure_reason, retries,"
                      + " records, duration_ms, request_id, created_at, updated_at, options,"
                      + " failed_records) VALUES (?, "
                      + database.textFromUtf8()
                      + ", ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          statement.setString(1, SyncHistoryService.storable(entry.model()));
          statement.setBytes(2, entry.payload());
          statement.setString(3, entry.status().value());
          statement.setString(4, SyncHistoryService.storable(entry.failureReason()));
          statement.setInt(5, entry.records());
          statement.setLong(6, entry.durationMs());
          statement.setString(7, entry.requestId());
          statement.setTimestamp(8, Timestamp.from(now));
          statement.setTimestamp(9, Timestamp.from(now));
          statement.setString(10, entry.options());
          statement.setString(11, entry.failedRecords());
          return statement;
        },
        keys);
    return keys.getKey().longValue();
  }
}
