package io.syncbridge.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One recorded sync attempt, as the API shows it; {@code payload} is left out when not asked for.
 */
@JsonPropertyOrder({
  "id",
  "model",
  "payload",
  "status",
  "failure_reason",
  "retries",
  "records",
  "duration_ms",
  "request_id",
  "created_at",
  "updated_at"
})
public record SyncHistoryEntry(
    long id,
    String model,
    @JsonInclude(JsonInclude.Include.NON_NULL) String payload,
    SyncHistoryStatus status,
    String failureReason,
    int retries,
    int records,
    long durationMs,
    String requestId,
    Instant createdAt,
    Instant updatedAt) {}
