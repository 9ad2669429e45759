package io.syncbridge.history;

/**
 * What to list: a 1-based page of {@code size} entries, optionally only one status and/or model.
 */
public record HistoryQuery(
    int page, int size, SyncHistoryStatus status, String model, boolean withPayload) {

  long offset() {
    return (long) (page - 1) * size;
  }
}
