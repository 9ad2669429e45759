package io.syncbridge.history;

import java.time.Instant;

/**
 * How one replay of a history entry ended.
 *
 * @param failedRecords indexes of the records that still fail, as JSON, or null
 * @param nextAttemptAt when to replay again ({@code pending_retry}), else null
 */
public record RetryOutcome(
    SyncHistoryStatus status,
    String failureReason,
    String failedRecords,
    long durationMs,
    Instant nextAttemptAt) {}
