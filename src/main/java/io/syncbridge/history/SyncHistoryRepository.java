package io.syncbridge.history;

import io.syncbridge.db.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * SQL over {@code sync_history}. Listings select the payload column only when asked to, since it is
 * by far the largest; counts come from {@code sync_history_counts}, which triggers keep in step.
 */
@Repository
class SyncHistoryRepository {

  private static final String COLUMNS =
      "id, model, status, failure_reason, retries, records, duration_ms, request_id,"
          + " created_at, updated_at";

  private final JdbcTemplate jdbc;
  private final Database database;

  SyncHistoryRepository(JdbcTemplate jdbc, Database database) {
    this.jdbc = jdbc;
    this.database = database;
  }

  long insert(NewSyncHistory entry, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.update(
        connection -> {
          var statement =
              connection.prepareStatement(
                  "INSERT INTO sync_history (model, payload, status, failure_reason, retries,"
                      + " records, duration_ms, request_id, created_at, updated_at, options,"
                      + " failed_records)"
                      // The payload's UTF-8 bytes become text as they are, without a copy as a
                      // Java string.
                      + " VALUES (?, "
                      + database.textFromUtf8()
                      + ", ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          statement.setString(1, storable(entry.model()));
          statement.setBytes(2, entry.payload());
          statement.setString(3, entry.status().value());
          statement.setString(4, storable(entry.failureReason()));
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

  Optional<SyncHistoryEntry> find(long id) {
    return jdbc
        .query("SELECT " + COLUMNS + ", payload FROM sync_history WHERE id = ?", mapper(true), id)
        .stream()
        .findFirst();
  }

  List<SyncHistoryEntry> list(HistoryQuery query) {
    List<Object> args = new ArrayList<>();
    String sql =
        "SELECT "
            + COLUMNS
            + (query.withPayload() ? ", payload" : "")
            + " FROM sync_history"
            + where(query, args)
            + " ORDER BY id DESC LIMIT ? OFFSET ?";
    args.add(query.size());
    args.add(query.offset());
    return jdbc.query(sql, mapper(query.withPayload()), args.toArray());
  }

  /** How many entries match, from the counts the triggers keep (V3), not by counting rows. */
  long count(HistoryQuery query) {
    List<Object> args = new ArrayList<>();
    Long count =
        jdbc.queryForObject(
            "SELECT coalesce(sum(entries), 0) FROM sync_history_counts" + where(query, args),
            Long.class,
            args.toArray());
    return count == null ? 0 : count;
  }

  boolean delete(long id) {
    return jdbc.update("DELETE FROM sync_history WHERE id = ?", id) > 0;
  }

  /** Moves a failed or partial entry to pending_retry; false when it is in any other state. */
  boolean markPendingRetry(long id, Instant now) {
    return jdbc.update(
            "UPDATE sync_history SET status = ?, updated_at = ?, next_attempt_at = NULL,"
                + " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status IN (?, ?)",
            SyncHistoryStatus.PENDING_RETRY.value(),
            Timestamp.from(now),
            id,
            SyncHistoryStatus.FAILED.value(),
            SyncHistoryStatus.PARTIAL.value())
        > 0;
  }

  /**
   * Takes one due {@code pending_retry} entry for {@code claimant} until {@code leaseUntil}; the
   * single UPDATE is atomic, so two instances never take the same entry (an expired lease may be
   * taken over: its instance is presumed gone). On PostgreSQL the candidate row is locked with SKIP
   * LOCKED, so instances claiming at once take different entries instead of one winning the row and
   * the others coming back empty.
   */
  Optional<RetryClaim> claimDue(String claimant, Instant now, Instant leaseUntil) {
    Timestamp at = Timestamp.from(now);
    int claimed =
        jdbc.update(
            "UPDATE sync_history SET claimed_by = ?, claimed_until = ? WHERE id = ("
                + "SELECT id FROM sync_history WHERE status = ?"
                + " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                + " AND (claimed_until IS NULL OR claimed_until < ?)"
                + " ORDER BY next_attempt_at, id LIMIT 1"
                + database.skipLocked()
                + ")"
                + " AND (claimed_until IS NULL OR claimed_until < ?)",
            claimant,
            Timestamp.from(leaseUntil),
            SyncHistoryStatus.PENDING_RETRY.value(),
            at,
            at,
            at);
    if (claimed == 0) {
      return Optional.empty();
    }
    return jdbc
        .query(
            "SELECT id, model, payload, options, failed_records, retries FROM sync_history"
                + " WHERE claimed_by = ? AND status = ?",
            (rs, n) ->
                new RetryClaim(
                    rs.getLong("id"),
                    claimant,
                    rs.getString("model"),
                    rs.getString("payload"),
                    rs.getString("options"),
                    rs.getString("failed_records"),
                    rs.getInt("retries")),
            claimant,
            SyncHistoryStatus.PENDING_RETRY.value())
        .stream()
        .findFirst();
  }

  /** Records a replay's outcome and releases the claim; false when the claim was lost. */
  boolean finishRetry(RetryClaim claim, RetryOutcome outcome, Instant now) {
    return jdbc.update(
            "UPDATE sync_history SET status = ?, failure_reason = ?, failed_records = ?,"
                + " retries = retries + 1, duration_ms = ?, next_attempt_at = ?,"
                + " claimed_by = NULL, claimed_until = NULL, updated_at = ?"
                + " WHERE id = ? AND claimed_by = ?",
            outcome.status().value(),
            storable(outcome.failureReason()),
            outcome.failedRecords(),
            outcome.durationMs(),
            outcome.nextAttemptAt() == null ? null : Timestamp.from(outcome.nextAttemptAt()),
            Timestamp.from(now),
            claim.id(),
            claim.claimant())
        > 0;
  }

  boolean exists(long id) {
    return !jdbc.queryForList("SELECT 1 FROM sync_history WHERE id = ?", Integer.class, id)
        .isEmpty();
  }

  /** Calls back once per (model, status) pair that has entries. */
  void countByModelAndStatus(CountConsumer consumer) {
    jdbc.query(
        "SELECT model, status, entries FROM sync_history_counts WHERE entries > 0",
        rs -> {
          consumer.accept(rs.getString(1), rs.getString(2), rs.getLong(3));
        });
  }

  interface CountConsumer {
    void accept(String model, String status, long count);
  }

  /**
   * Text as sent, but for U+0000, which PostgreSQL text cannot hold (a model name or a failure
   * reason quoting bad input may carry it): shown as U+FFFD instead, on both databases.
   */
  private static String storable(String text) {
    return text == null ? null : text.replace('\u0000', '\uFFFD');
  }

  private static String where(HistoryQuery query, List<Object> args) {
    List<String> conditions = new ArrayList<>(2);
    if (query.status() != null) {
      conditions.add("status = ?");
      args.add(query.status().value());
    }
    if (query.model() != null) {
      conditions.add("model = ?");
      args.add(query.model());
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private static RowMapper<SyncHistoryEntry> mapper(boolean withPayload) {
    return (ResultSet rs, int row) ->
        new SyncHistoryEntry(
            rs.getLong("id"),
            rs.getString("model"),
            withPayload ? rs.getString("payload") : null,
            SyncHistoryStatus.parse(rs.getString("status")).orElseThrow(),
            rs.getString("failure_reason"),
            rs.getInt("retries"),
            rs.getInt("records"),
            rs.getLong("duration_ms"),
            rs.getString("request_id"),
            instant(rs, "created_at"),
            instant(rs, "updated_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
