package io.syncbridge.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Where a sync job is in its life; the contract spells each in lower case. */
public enum SyncJobState {
  OPEN,
  UPLOAD_COMPLETE,
  IN_PROGRESS,
  COMPLETED,
  FAILED,
  ABORTED;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<SyncJobState> parse(String value) {
    for (SyncJobState state : values()) {
      if (state.value().equals(value)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
