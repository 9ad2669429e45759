package io.syncbridge.sync;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to one record of a sync request. */
public record SyncResult(long id, Outcome status) implements RecordResult {

  public static SyncResult created(long id) {
    return new SyncResult(id, Outcome.CREATED);
  }

  public static SyncResult updated(long id) {
    return new SyncResult(id, Outcome.UPDATED);
  }

  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED;

    @JsonValue
    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
