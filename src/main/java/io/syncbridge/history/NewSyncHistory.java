package io.syncbridge.history;

/**
 * A sync attempt to record.
 *
 * @param payload the request's {@code data} as JSON text, or null when it had none
 * @param records how many records the request carried
 */
public record NewSyncHistory(
    String model,
    String payload,
    SyncHistoryStatus status,
    String failureReason,
    int records,
    long durationMs,
    String requestId) {}
