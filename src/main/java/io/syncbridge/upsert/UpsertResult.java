package io.syncbridge.upsert;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an upsert did to one record: the id of its row, and whether it was created or updated. */
public record UpsertResult(long id, Outcome status) {

  public static UpsertResult created(long id) {
    return new UpsertResult(id, Outcome.CREATED);
  }

  public static UpsertResult updated(long id) {
    return new UpsertResult(id, Outcome.UPDATED);
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
