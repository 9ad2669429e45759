package io.syncbridge.upsert;

import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordsRejectedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The id each record of a batch is stored under: the id it carries, or a new one above every id
 * taken (see {@link BatchQueries#newIds}). Knows which ids existed before, so that it can tell
 * created from updated.
 */
final class RowIds {

  private final long[] ids;
  private final Set<Long> existing;

  private RowIds(long[] ids, Set<Long> existing) {
    this.ids = ids;
    this.existing = existing;
  }

  /**
   * Assigns ids with two queries, whatever the batch size.
   *
   * @param requested the id each record carries, null where it carries none
   * @param known ids known to exist already; only the others are looked up
   */
  public static RowIds assign(
      String table, List<Long> requested, Set<Long> known, BatchQueries queries) {
    rejectRepeatedIds(requested);
    List<Long> unknown = new ArrayList<>();
    for (Long id : requested) {
      if (id != null && !known.contains(id)) {
        unknown.add(id);
      }
    }
    Set<Long> existing = new HashSet<>(known);
    existing.addAll(queries.existingIds(table, unknown));
    long highestGiven = 0;
    int missing = 0;
    for (Long id : requested) {
      if (id == null) {
        missing++;
      } else if (id > highestGiven) {
        highestGiven = id;
      }
    }
    long[] fresh = queries.newIds(table, missing, highestGiven);
    long[] ids = new long[requested.size()];
    for (int i = 0, f = 0; i < ids.length; i++) {
      Long id = requested.get(i);
      ids[i] = id != null ? id : fresh[f++];
    }
    return new RowIds(ids, existing);
  }

  /**
   * One request may not name the same row twice: which of the two should win, and whether the
   * second was "created" or "updated", would be guesswork.
   */
  private static void rejectRepeatedIds(List<Long> requested) {
    Set<Long> seen = new HashSet<>();
    List<RecordError> repeated = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      Long id = requested.get(i);
      if (id != null && !seen.add(id)) {
        repeated.add(new RecordError(i, "id", "This id appears more than once in the request."));
      }
    }
    if (!repeated.isEmpty()) {
      throw new RecordsRejectedException(RecordsRejectedException.Kind.INVALID, repeated);
    }
  }

  public long get(int index) {
    return ids[index];
  }

  public boolean existed(int index) {
    return existing.contains(ids[index]);
  }
}
