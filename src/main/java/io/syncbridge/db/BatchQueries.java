package io.syncbridge.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The lookups a bulk upsert needs, each one query per chunk of {@value #CHUNK} keys however many
 * records a request carries. Table and column names come from code, never from input.
 */
@Component
public class BatchQueries {

  /** Well below the bound-parameter limits of SQLite (32,766) and PostgreSQL (65,535). */
  static final int CHUNK = 1000;

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;

  BatchQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
  }

  /** Which of the ids exist in the table. */
  public Set<Long> existingIds(String table, Collection<Long> ids) {
    Set<Long> found = new HashSet<>();
    for (List<Long> chunk : chunks(distinct(ids))) {
      named.query(
          "SELECT id FROM " + table + " WHERE id IN (:ids)",
          Map.of("ids", chunk),
          rs -> {
            found.add(rs.getLong(1));
          });
    }
    return found;
  }

  /** The id of the row holding each of the values of a unique column, for those that exist. */
  public Map<String, Long> idsByUniqueValue(
      String table, String column, Collection<String> values) {
    Map<String, Long> found = new HashMap<>();
    for (List<String> chunk : chunks(distinct(values))) {
      named.query(
          "SELECT " + column + ", id FROM " + table + " WHERE " + column + " IN (:values)",
          Map.of("values", chunk),
          rs -> {
            found.put(rs.getString(1), rs.getLong(2));
          });
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
    List<T> found = new ArrayList<>();
    for (List<Long> chunk : chunks(distinct(ids))) {
      found.addAll(
          named.query(
              select + " WHERE " + column + " IN (:ids) ORDER BY " + column + ", id",
              Map.of("ids", chunk),
              mapper));
    }
    return found;
  }

  /** The stored values of the given columns, by id, for the rows with the given ids. */
  public Map<Long, Object[]> storedValues(
      String table, List<String> columns, Collection<Long> ids) {
    Map<Long, Object[]> found = new HashMap<>();
    for (List<Long> chunk : chunks(distinct(ids))) {
      named.query(
          "SELECT id, " + String.join(", ", columns) + " FROM " + table + " WHERE id IN (:ids)",
          Map.of("ids", chunk),
          rs -> {
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
              row[i] = rs.getObject(i + 2);
            }
            found.put(rs.getLong(1), row);
          });
    }
    return found;
  }

  /** Deletes the rows whose {@code column} is one of the ids; returns how many. */
  public int deleteWhereIn(String table, String column, Collection<Long> ids) {
    int deleted = 0;
    for (List<Long> chunk : chunks(distinct(ids))) {
      deleted +=
          named.update(
              "DELETE FROM " + table + " WHERE " + column + " IN (:ids)", Map.of("ids", chunk));
    }
    return deleted;
  }

  /**
   * The largest id in the table. New rows are numbered from there: writes on SQLite are serialised,
   * so no other transaction can take the same numbers meanwhile.
   */
  public long maxId(String table) {
    Long max = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM " + table, Long.class);
    return max == null ? 0 : max;
  }

  private static <T> List<T> distinct(Collection<T> values) {
    List<T> list = new ArrayList<>(new HashSet<>(values));
    list.remove(null);
    return list;
  }

  private static <T> List<List<T>> chunks(List<T> values) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < values.size(); from += CHUNK) {
      chunks.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
    }
    return chunks;
  }
}
