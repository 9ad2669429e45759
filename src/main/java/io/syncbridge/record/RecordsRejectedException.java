package io.syncbridge.record;

import java.util.Comparator;
import java.util.List;

/**
 * Thrown by {@link ModelSync#store} when records cannot be stored as a whole: they reference rows
 * that do not exist ({@link Kind#INVALID}) or break a unique key ({@link Kind#CONFLICT}).
 */
public final class RecordsRejectedException extends RuntimeException {

  public enum Kind {
    INVALID,
    CONFLICT
  }

  private final Kind kind;
  private final List<RecordError> errors;

  public RecordsRejectedException(Kind kind, List<RecordError> errors) {
    super(kind + " " + errors, null, false, false);
    this.kind = kind;
    this.errors = errors.stream().sorted(Comparator.comparingInt(RecordError::index)).toList();
  }

  /**
   * Rejects with the invalid errors when there are any (they are the client's to fix first), else
   * with the conflicts; does nothing when both lists are empty.
   */
  public static void throwIfAny(List<RecordError> invalid, List<RecordError> conflicts) {
    if (!invalid.isEmpty()) {
      throw new RecordsRejectedException(Kind.INVALID, invalid);
    }
    if (!conflicts.isEmpty()) {
      throw new RecordsRejectedException(Kind.CONFLICT, conflicts);
    }
  }

  public Kind kind() {
    return kind;
  }

  public List<RecordError> errors() {
    return errors;
  }
}
