package io.syncbridge.history;

/**
 * A {@code pending_retry} entry taken by one retry worker.
 *
 * @param claimant the token of the claim; only its holder can finish the retry
 * @param options the original request's options as JSON, or null
 * @param failedRecords for a partial entry, the indexes of the records to replay, as JSON
 * @param retries replays so far
 */
public record RetryClaim(
    long id,
    String claimant,
    String model,
    String payload,
    String options,
    String failedRecords,
    int retries) {}
