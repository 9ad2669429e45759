package io.syncbridge.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * @param details states of parts that may degrade without failing health, and the free space on the
 *     SQLite database's volume ({@code free_bytes}); left out when none
 */
record HealthView(
    boolean read,
    boolean write,
    Instant timestamp,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> details) {

  boolean healthy() {
    return read && write;
  }
}
