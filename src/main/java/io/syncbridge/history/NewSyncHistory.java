package io.syncbridge.history;

/**
 * A sync attempt to record.
 *
 * @param payload the request's {@code data} as the client sent it (UTF-8 bytes, so that a large
 *     request is not decoded and encoded again), a job chunk's records deflated, or {@link
 *     HistoryPayload#NONE}
 * @param records how many records the request carried
 * @param options the request's options as JSON ({@code match_on}, {@code atomic}), or null
 * @param failedRecords the indexes of the records that failed, as a JSON array, or null
 */
public record NewSyncHistory(
    String model,
    HistoryPayload payload,
    SyncHistoryStatus status,
    String failureReason,
    int records,
    long durationMs,
    String requestId,
    String options,
    String failedRecords) {}
