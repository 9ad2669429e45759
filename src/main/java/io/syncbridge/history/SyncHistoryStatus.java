package io.syncbridge.history;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

public enum SyncHistoryStatus {
  SUCCESSFUL,
  FAILED,
  INVALID,
  PENDING_RETRY,
  PARTIAL;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SyncHistoryStatus> parse(String value) {
    for (SyncHistoryStatus status : values()) {
      if (status.value().equals(value)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
