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
import org.springframework.stereotype.Repository;

/**
 * What the history does in plain SQL rather than through the entity: the insert every sync makes,
 * and the short reads, where a Hibernate session per request had halved the rate. A bean of its
 * own, not a fragment of {@link SyncHistoryRepository}: behind the repository proxy, each read also
 * ran the proxy's interceptors, which cost a history page read about 60 % of its own work again
 * (docs/persistence.md). Every statement runs on the transaction's connection when there is one, as
 * the entities do.
 *
 * <p>The insert takes the payload as the request's UTF-8 bytes, which become text in the database
 * without a copy as a Java string (an entity's {@code String} would need one for every sync), or
 * deflated ({@link HistoryPayload}).
 */
@Repository
class SyncHistoryJdbc {

  /** How many entries {@code model} has in {@code status}. */
  record StatusCount(String model, SyncHistoryStatus status, long entries) {}

  private static final String COLUMNS =
      "id, model, status, failure_reason, retries, records, duration_ms, request_id,"
          + " created_at, updated_at";

  private static final String PAYLOAD = ", payload, payload_deflated";

  private static final Object[] NO_ARGUMENTS = {};

  private final JdbcTemplate jdbc;
  private final Database database;

  SyncHistoryJdbc(JdbcTemplate jdbc, Database database) {
    this.jdbc = jdbc;
    this.database = database;
  }

  /**
   * The id comes back through {@code RETURNING}, in the insert's own result: sqlite-jdbc's
   * generated keys ran and compiled a {@code SELECT last_insert_rowid()} after every insert.
   */
  long insert(NewSyncHistory entry, Instant now) {
    return jdbc.query(
        connection -> {
          var statement =
              connection.prepareStatement(
                  "INSERT INTO sync_history (model, payload, payload_deflated, status,"
                      + " failure_reason, retries, records, duration_ms, request_id, created_at,"
                      + " updated_at, options, failed_records) VALUES (?, "
                      + database.textFromUtf8()
                      + ", ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
          statement.setString(1, SyncHistoryService.storable(entry.model()));
          statement.setBytes(2, entry.payload().text());
          statement.setBytes(3, entry.payload().deflated());
          statement.setString(4, entry.status().value());
          statement.setString(5, SyncHistoryService.storable(entry.failureReason()));
          statement.setInt(6, entry.records());
          statement.setLong(7, entry.durationMs());
          statement.setString(8, entry.requestId());
          statement.setTimestamp(9, Timestamp.from(now));
          statement.setTimestamp(10, Timestamp.from(now));
          statement.setString(11, entry.options());
          statement.setString(12, entry.failedRecords());
          return statement;
        },
        rs -> {
          rs.next();
          return rs.getLong(1);
        });
  }

  Optional<SyncHistoryEntry> find(long id) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + PAYLOAD + " FROM sync_history WHERE id = ?",
            (rs, row) -> entry(rs, true),
            id)
        .stream()
        .findFirst();
  }

  /**
   * The total comes from the counts the triggers keep (V3), not from counting rows, and is read in
   * the same statement as the page, so both come from one snapshot without a transaction around
   * them. A scalar subquery, not a join: SQLite plans and runs it for a fraction of the join's cost
   * (docs/persistence.md). Only a page past the last one asks for the total on its own.
   */
  HistoryPage page(HistoryQuery query) {
    List<Object> args = new ArrayList<>();
    String total = "SELECT coalesce(sum(entries), 0) FROM sync_history_counts" + where(query, args);
    Object[] totalArgs = args.toArray();
    String listed = where(query, args);
    args.add(query.size());
    args.add(query.offset());
    String sql =
        "SELECT ("
            + total
            + ") AS total, "
            + COLUMNS
            + (query.withPayload() ? PAYLOAD : "")
            + " FROM sync_history"
            + listed
            + " ORDER BY id DESC LIMIT ? OFFSET ?";
    List<SyncHistoryEntry> entries = new ArrayList<>(query.size());
    long[] matching = {0};
    jdbc.query(
        sql,
        rs -> {
          matching[0] = rs.getLong(1);
          entries.add(entry(rs, query.withPayload()));
        },
        args.toArray());
    if (entries.isEmpty()) {
      matching[0] = jdbc.queryForObject(total, Long.class, totalArgs);
    }
    return new HistoryPage(entries, query.page(), query.size(), matching[0]);
  }

  /** How many entries each model has in each status, for the pairs that have any. */
  List<StatusCount> countsByModelAndStatus() {
    // With no arguments JdbcTemplate would run a plain statement, compiled on every call; a
    // prepared one is kept by its connection on SQLite.
    return jdbc.query(
        "SELECT model, status, entries FROM sync_history_counts WHERE entries > 0",
        (rs, row) ->
            new StatusCount(
                rs.getString(1),
                SyncHistoryStatus.parse(rs.getString(2)).orElseThrow(),
                rs.getLong(3)),
        NO_ARGUMENTS);
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

  private static SyncHistoryEntry entry(ResultSet rs, boolean withPayload) throws SQLException {
    return new SyncHistoryEntry(
        rs.getLong("id"),
        rs.getString("model"),
        withPayload
            ? HistoryPayload.read(rs.getString("payload"), rs.getBytes("payload_deflated"))
            : null,
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
