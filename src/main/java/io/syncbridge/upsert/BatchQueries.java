package io.syncbridge.upsert;

import io.syncbridge.db.Database;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The lookups and writes a bulk upsert needs, each one statement however many records a request
 * carries. A set of keys travels as one JSON array parameter, unpacked by the database's JSON
 * functions: one bind instead of one per key, and one statement text for every batch size. Table
 * and column names come from code, never from input.
 */
@Component
public class BatchQueries {

  private final JdbcTemplate jdbc;
  private final Database database;

  BatchQueries(JdbcTemplate jdbc, Database database) {
    this.jdbc = jdbc;
    this.database = database;
  }

  /** Which of the ids exist in the table. */
  public Set<Long> existingIds(String table, Collection<Long> ids) {
    Set<Long> found = new HashSet<>();
    String keys = jsonArray(ids);
    if (keys != null) {
      jdbc.query(
          "SELECT id FROM " + table + " WHERE " + inIds("id"),
          rs -> {
            found.add(rs.getLong(1));
          },
          keys);
    }
    return found;
  }

  /** The id of the row holding each of the values of a unique column, for those that exist. */
  public Map<String, Long> idsByUniqueValue(
      String table, String column, Collection<String> values) {
    Map<String, Long> found = new HashMap<>();
    String keys = jsonArray(values);
    if (keys != null) {
      jdbc.query(
          "SELECT " + column + ", id FROM " + table + " WHERE " + in(column),
          rs -> {
            found.put(rs.getString(1), rs.getLong(2));
          },
          keys);
    }
    return found;
  }

  /**
   * The stored rows holding the values of a unique column, by value: each row's id, then the values
   * of {@code columns}.
   */
  public Map<String, Object[]> rowsByUniqueValue(
      String table, String column, List<String> columns, Collection<String> values) {
    Map<String, Object[]> found = new HashMap<>();
    String keys = jsonArray(values);
    if (keys != null) {
      StringBuilder select = new StringBuilder("SELECT ").append(column).append(", id");
      columns.forEach(c -> select.append(", ").append(c));
      jdbc.query(
          select + " FROM " + table + " WHERE " + in(column),
          rs -> {
            Object[] row = new Object[columns.size() + 1];
            row[0] = rs.getLong(2);
            for (int i = 1; i < row.length; i++) {
              row[i] = rs.getObject(i + 2);
            }
            found.put(rs.getString(1), row);
          },
          keys);
    }
    return found;
  }

  /** Runs {@code select} (a query without WHERE) for the rows with the given ids. */
  public <T> List<T> findByIds(String select, Collection<Long> ids, RowMapper<T> mapper) {
    return findByIds(select, "id", ids, mapper);
  }

  /**
   * Runs {@code select} (a query without WHERE) for the rows whose {@code column} is one of the
   * ids, in order of that column and then of id.
   */
  public <T> List<T> findByIds(
      String select, String column, Collection<Long> ids, RowMapper<T> mapper) {
    String keys = jsonArray(ids);
    if (keys == null) {
      return new ArrayList<>();
    }
    return jdbc.query(
        select + " WHERE " + inIds(column) + " ORDER BY " + column + ", id", mapper, keys);
  }

  /** The stored values of the given columns, by id, for the rows with the given ids. */
  public Map<Long, Object[]> storedValues(
      String table, List<String> columns, Collection<Long> ids) {
    Map<Long, Object[]> found = new HashMap<>();
    String keys = jsonArray(ids);
    if (keys != null) {
      jdbc.query(
          "SELECT id, " + String.join(", ", columns) + " FROM " + table + " WHERE " + inIds("id"),
          rs -> {
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
              row[i] = rs.getObject(i + 2);
            }
            found.put(rs.getLong(1), row);
          },
          keys);
    }
    return found;
  }

  /** Deletes the rows whose {@code column} is one of the ids; returns how many. */
  public int deleteWhereIn(String table, String column, Collection<Long> ids) {
    String keys = jsonArray(ids);
    return keys == null ? 0 : jdbc.update("DELETE FROM " + table + " WHERE " + inIds(column), keys);
  }

  /**
   * Ids for {@code count} new rows, none of them taken and all above {@code highestGiven}, the
   * largest id that rows of the same batch bring themselves (0 if none).
   *
   * <p>On SQLite they follow the table's largest id: writes are serialised, so no other transaction
   * can take the same numbers meanwhile. On PostgreSQL they come from the table's sequence, which
   * concurrent transactions share; ids that clients give are pushed into it first, so that it never
   * hands them out again.
   */
  public long[] newIds(String table, int count, long highestGiven) {
    long[] ids = new long[count];
    if (database == Database.SQLITE) {
      // Prepared (with no arguments, JdbcTemplate would run a plain statement, compiled on every
      // call): the connection keeps it.
      Long max =
          jdbc.queryForObject(
              "SELECT coalesce(max(id), 0) FROM " + table, Long.class, new Object[0]);
      long next = Math.max(max == null ? 0 : max, highestGiven);
      for (int i = 0; i < count; i++) {
        ids[i] = ++next;
      }
      return ids;
    }
    String sequence = table + "_id_seq";
    if (highestGiven > 0) {
      // See raise_id_sequence in db/migration/postgresql/V1.
      jdbc.queryForList("SELECT raise_id_sequence(?::regclass, ?)", sequence, highestGiven);
    }
    if (count > 0) {
      int[] position = {0};
      jdbc.query(
          "SELECT nextval('" + sequence + "') FROM generate_series(1, ?)",
          rs -> {
            ids[position[0]++] = rs.getLong(1);
          },
          count);
    }
    return ids;
  }

  /**
   * Runs one statement for every row, as one JDBC batch. Values are bound by their type directly
   * (on SQLite, timestamps as the epoch milliseconds sqlite-jdbc stores), which costs far less per
   * value than the generic binding of {@link JdbcTemplate#batchUpdate(String, List)}.
   */
  public void writeAll(String sql, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    jdbc.execute(
        (ConnectionCallback<Void>)
            connection -> {
              try (PreparedStatement statement = connection.prepareStatement(sql)) {
                boolean epochMillis = database == Database.SQLITE;
                for (Object[] row : rows) {
                  for (int i = 0; i < row.length; i++) {
                    bind(statement, i + 1, row[i], epochMillis);
                  }
                  statement.addBatch();
                }
                statement.executeBatch();
              }
              return null;
            });
  }

  /**
   * Runs {@code writes} under a savepoint: false, with everything they wrote undone and the
   * transaction usable again, when they broke a constraint.
   */
  public boolean writeUnlessConstraintFails(Runnable writes) {
    return ConstraintSavepoint.write(jdbc, database, writes);
  }

  private static void bind(
      PreparedStatement statement, int position, Object value, boolean epochMillis)
      throws SQLException {
    if (value == null) {
      statement.setNull(position, Types.NULL);
    } else if (value instanceof String text) {
      statement.setString(position, text);
    } else if (value instanceof Long number) {
      statement.setLong(position, number);
    } else if (value instanceof Integer number) {
      statement.setInt(position, number);
    } else if (value instanceof BigDecimal decimal) {
      statement.setBigDecimal(position, decimal);
    } else if (value instanceof Boolean flag) {
      statement.setBoolean(position, flag);
    } else if (value instanceof Timestamp timestamp && epochMillis) {
      statement.setLong(position, timestamp.getTime());
    } else {
      statement.setObject(position, value);
    }
  }

  private String in(String column) {
    return inJsonArray(column, false);
  }

  private String inIds(String column) {
    return inJsonArray(column, true);
  }

  /**
   * A condition that {@code column} is one of the values of a JSON array bound to one parameter:
   * one bind and one statement text whatever the number of values.
   */
  private String inJsonArray(String column, boolean numeric) {
    if (database == Database.SQLITE) {
      return column + " IN (SELECT value FROM json_each(?))";
    }
    return column
        + " IN (SELECT "
        + (numeric ? "CAST(value AS bigint)" : "value")
        + " FROM jsonb_array_elements_text(CAST(? AS jsonb)))";
  }

  /** The non-null values as a JSON array, or null when there are none (repeats do no harm). */
  private static String jsonArray(Collection<?> values) {
    StringBuilder json = new StringBuilder(values.size() * 24).append('[');
    for (Object value : values) {
      if (value == null) {
        continue;
      }
      if (json.length() > 1) {
        json.append(',');
      }
      if (value instanceof Number) {
        json.append(value);
      } else {
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value.toString(), json);
        json.append('"');
      }
    }
    return json.length() == 1 ? null : json.append(']').toString();
  }
}
