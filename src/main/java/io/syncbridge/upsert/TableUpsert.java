package io.syncbridge.upsert;

import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordsRejectedException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The bulk upsert every model shares: assign ids (the record's own, a natural-key match, or a new
 * one), find unique-key conflicts (for a batch of new rows only, the unique index finds them as
 * they go in), skip records equal to their stored row, and write the rest in one JDBC batch of
 * {@code INSERT} for new rows and one of {@code INSERT … ON CONFLICT (id) DO UPDATE} for stored
 * ones.
 *
 * @param <R> a validated record
 */
public final class TableUpsert<R> {

  private final String table;
  private final String entity;
  private final String uniqueColumn;
  private final List<String> columns;
  private final Function<R, Long> idOf;
  private final Function<R, Object[]> valuesOf;
  private final String insert;
  private final String upsert;

  /**
   * @param entity the singular name used in conflict messages, e.g. {@code "customer"}
   * @param uniqueColumn the column with a unique constraint, one of {@code columns}
   * @param columns the written columns besides {@code id}, {@code created_at}, {@code updated_at}
   * @param valuesOf a record's values for {@code columns}, in order, as JDBC binds them
   */
  public TableUpsert(
      String table,
      String entity,
      String uniqueColumn,
      List<String> columns,
      Function<R, Long> idOf,
      Function<R, Object[]> valuesOf) {
    this(table, entity, uniqueColumn, columns, idOf, valuesOf, false);
  }

  private TableUpsert(
      String table,
      String entity,
      String uniqueColumn,
      List<String> columns,
      Function<R, Long> idOf,
      Function<R, Object[]> valuesOf,
      boolean versioned) {
    this.table = table;
    this.entity = entity;
    this.uniqueColumn = uniqueColumn;
    this.columns = List.copyOf(columns);
    this.idOf = idOf;
    this.valuesOf = valuesOf;
    this.insert = UpsertStatements.insert(table, columns);
    this.upsert = UpsertStatements.upsert(table, columns, versioned);
  }

  /**
   * The same upsert for a table with {@code version} and {@code previous_updated_at} columns: a new
   * row starts at version 1 (the column's default), and every write of a stored row counts it up
   * and keeps the {@code updated_at} of the version before. Both are set by the statement itself,
   * under the row's lock, so concurrent writers (PostgreSQL) number their changes in commit order.
   */
  public TableUpsert<R> versioned() {
    return new TableUpsert<>(table, entity, uniqueColumn, columns, idOf, valuesOf, true);
  }

  /**
   * Plans the batch; nothing is written yet.
   *
   * @param matchOn the natural-key column that records without an id are matched on, or null to
   *     match on ids only; with it, records equal to their stored row are left unwritten
   * @param invalid errors the caller found already (e.g. missing references); thrown together with
   *     conflicts
   * @throws RecordsRejectedException on invalid records or unique conflicts (a batch of new rows:
   *     on {@link Batch#write}, with nothing written)
   */
  public Batch plan(
      List<R> records, String matchOn, List<RecordError> invalid, BatchQueries queries) {
    List<Object[]> values = records.stream().map(valuesOf).toList();
    if (matchOn == null
        && invalid.isEmpty()
        && records.stream().map(idOf).allMatch(Objects::isNull)) {
      // New rows only: the unique index finds what a lookup of every value would (a value stored
      // already, or twice in the batch), as the rows go in (see Batch#write). The lookup cost a
      // sixth of a large load of new records.
      RowIds ids = RowIds.assign(table, Arrays.asList(new Long[records.size()]), Set.of(), queries);
      return new Batch(ids, values, () -> planChecked(records, null, invalid, queries, values));
    }
    return planChecked(records, matchOn, invalid, queries, values);
  }

  private Batch planChecked(
      List<R> records,
      String matchOn,
      List<RecordError> invalid,
      BatchQueries queries,
      List<Object[]> values) {
    List<Long> requested = new ArrayList<>(records.stream().map(idOf).toList());
    List<String> uniqueValues = column(values, uniqueColumn);
    // With match_on, stored rows are compared with the records: fetched whole in the same query.
    Map<String, Object[]> holders =
        queries.rowsByUniqueValue(
            table, uniqueColumn, matchOn == null ? List.of() : columns, uniqueValues);
    Map<String, Long> owners = new HashMap<>();
    Map<Long, Object[]> stored = new HashMap<>();
    holders.forEach(
        (value, row) -> {
          owners.put(value, (Long) row[0]);
          stored.put((Long) row[0], Arrays.copyOfRange(row, 1, row.length));
        });
    if (matchOn != null) {
      matchNaturalKeys(
          requested, values, matchOn, matchOn.equals(uniqueColumn) ? owners : null, queries);
    }
    RowIds ids = RowIds.assign(table, requested, stored.keySet(), queries);
    RecordsRejectedException.throwIfAny(
        invalid, UniqueKeys.conflicts(ids, uniqueValues, owners, uniqueColumn, entity));
    Batch batch = new Batch(ids, values, null);
    if (matchOn != null) {
      batch.findUnchanged(stored, queries);
    }
    return batch;
  }

  /**
   * A record without an id takes the id of the stored row with the same natural key.
   *
   * @param found the ids by natural key when already looked up, else null
   */
  private void matchNaturalKeys(
      List<Long> requested,
      List<Object[]> values,
      String matchOn,
      Map<String, Long> found,
      BatchQueries queries) {
    List<String> keys = column(values, matchOn);
    if (found == null) {
      List<String> unmatched = new ArrayList<>();
      for (int i = 0; i < requested.size(); i++) {
        if (requested.get(i) == null && keys.get(i) != null) {
          unmatched.add(keys.get(i));
        }
      }
      found = queries.idsByUniqueValue(table, matchOn, unmatched);
    }
    for (int i = 0; i < requested.size(); i++) {
      if (requested.get(i) == null && keys.get(i) != null) {
        requested.set(i, found.get(keys.get(i)));
      }
    }
  }

  private List<String> column(List<Object[]> values, String column) {
    int position = columns.indexOf(column);
    List<String> result = new ArrayList<>(values.size());
    for (Object[] row : values) {
      result.add(row[position] == null ? null : row[position].toString());
    }
    return result;
  }

  /** A planned batch: the id of each record and which records need writing. */
  public final class Batch {

    private RowIds ids;
    private final List<Object[]> values;
    private final boolean[] unchanged;
    private Supplier<Batch> checked;

    /**
     * @param checked for a batch of new rows planned without looking their unique values up: the
     *     batch planned with them looked up, for when the index finds a conflict; else null
     */
    private Batch(RowIds ids, List<Object[]> values, Supplier<Batch> checked) {
      this.ids = ids;
      this.values = values;
      this.unchanged = new boolean[values.size()];
      this.checked = checked;
    }

    /**
     * @param stored the stored values already fetched, by id; the others are looked up
     */
    private void findUnchanged(Map<Long, Object[]> stored, BatchQueries queries) {
      List<Long> missing = new ArrayList<>();
      for (int i = 0; i < unchanged.length; i++) {
        if (ids.existed(i) && !stored.containsKey(ids.get(i))) {
          missing.add(ids.get(i));
        }
      }
      stored.putAll(queries.storedValues(table, columns, missing));
      for (int i = 0; i < unchanged.length; i++) {
        Object[] row = stored.get(ids.get(i));
        unchanged[i] = row != null && SqlValues.sameRow(values.get(i), row);
      }
    }

    public long id(int index) {
      return ids.get(index);
    }

    public boolean existed(int index) {
      return ids.existed(index);
    }

    public boolean unchanged(int index) {
      return unchanged[index];
    }

    /** For parts of a record the table does not hold (an order's items) that differ. */
    public void markChanged(int index) {
      unchanged[index] = false;
    }

    /**
     * Writes every record that is not unchanged: new rows with a plain insert, so that a row
     * another transaction inserted under the same id meanwhile (on PostgreSQL, where writes run
     * side by side) fails it on the primary key, and it is planned or run again (see
     * WriteTransactions) instead of overwriting that row and reporting it created.
     */
    public void write(BatchQueries queries) {
      if (checked != null) {
        if (queries.writeUnlessConstraintFails(() -> writeRows(queries))) {
          return;
        }
        // Undone. Planned with every value looked up, it rejects the conflicting records as any
        // batch would; a conflict that was not theirs (another constraint) it meets again below.
        ids = checked.get().ids;
        checked = null;
      }
      writeRows(queries);
    }

    private void writeRows(BatchQueries queries) {
      // Milliseconds, as SQLite stores them: rows read back alike on SQLite and PostgreSQL.
      Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
      List<Object[]> created = new ArrayList<>();
      List<Object[]> updated = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        if (!unchanged[i]) {
          Object[] row = new Object[columns.size() + 3];
          row[0] = ids.get(i);
          System.arraycopy(values.get(i), 0, row, 1, columns.size());
          row[columns.size() + 1] = now;
          row[columns.size() + 2] = now;
          (ids.existed(i) ? updated : created).add(row);
        }
      }
      // On PostgreSQL, so that two transactions writing some of the same rows queue rather than
      // deadlock: new rows first, as an insert that must wait for another's row does so before
      // this transaction holds any row another could be waiting for; then stored rows, in id
      // order, so locked in the same order by both.
      Comparator<Object[]> byId = Comparator.comparingLong(row -> (Long) row[0]);
      created.sort(byId);
      updated.sort(byId);
      queries.writeAll(insert, created);
      queries.writeAll(upsert, updated);
    }

    /** The ids of the records that this batch creates, and of those it really updates. */
    public Map<UpsertResult.Outcome, List<Long>> idsByOutcome() {
      Map<UpsertResult.Outcome, List<Long>> byOutcome = new HashMap<>();
      for (UpsertResult result : results()) {
        byOutcome.computeIfAbsent(result.status(), o -> new ArrayList<>()).add(result.id());
      }
      return byOutcome;
    }

    /** One result per record, in input order. */
    public List<UpsertResult> results() {
      List<UpsertResult> results = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        long id = ids.get(i);
        results.add(
            unchanged[i]
                ? new UpsertResult(id, UpsertResult.Outcome.UNCHANGED)
                : ids.existed(i) ? UpsertResult.updated(id) : UpsertResult.created(id));
      }
      return results;
    }
  }
}
