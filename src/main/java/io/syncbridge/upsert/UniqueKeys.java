package io.syncbridge.upsert;

import io.syncbridge.record.RecordError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the records of a batch that would break a unique key. */
final class UniqueKeys {

  private UniqueKeys() {}

  /**
   * The conflicts of one unique field: a record whose value is held by another stored row, or by an
   * earlier record of the same request. A record may keep its own value.
   *
   * @param ids the id each record will be stored under
   * @param values each record's value of the field, in input order (null where it has none)
   * @param storedOwners the id of the stored row holding each value, for the batch's values
   * @param entity the singular name used in the message, e.g. {@code "customer"}
   */
  public static List<RecordError> conflicts(
      RowIds ids,
      List<String> values,
      Map<String, Long> storedOwners,
      String field,
      String entity) {
    String message = entity + " with this " + field.replace('_', ' ') + " already exists.";
    List<RecordError> conflicts = new ArrayList<>();
    Set<String> claimed = new HashSet<>();
    for (int index = 0; index < values.size(); index++) {
      String value = values.get(index);
      if (value == null) {
        continue;
      }
      Long owner = storedOwners.get(value);
      boolean takenByStoredRow = owner != null && owner != ids.get(index);
      boolean takenInRequest = !claimed.add(value);
      if (takenByStoredRow || takenInRequest) {
        conflicts.add(new RecordError(index, field, message));
      }
    }
    return conflicts;
  }
}
