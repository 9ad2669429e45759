package io.syncbridge.history;

import java.util.Map;

/** Counts of history entries by status, overall and per model. */
public record SyncStats(
    long successful,
    long failed,
    long invalid,
    long pendingRetry,
    long partial,
    long total,
    Map<String, StatusCounts> byModel) {

  static final StatusCounts NONE = new StatusCounts(0, 0, 0, 0, 0, 0);

  /**
   * The same overall counts, with {@code by_model} showing exactly the given models (zero where
   * they have no entries). Entries of other models, such as invalid requests naming an unknown one,
   * still count overall.
   */
  public SyncStats forModels(java.util.Collection<String> models) {
    Map<String, StatusCounts> shown = new java.util.LinkedHashMap<>();
    for (String model : models) {
      shown.put(model, byModel.getOrDefault(model, NONE));
    }
    return new SyncStats(successful, failed, invalid, pendingRetry, partial, total, shown);
  }

  static SyncStats of(StatusCounts overall, Map<String, StatusCounts> byModel) {
    return new SyncStats(
        overall.successful(),
        overall.failed(),
        overall.invalid(),
        overall.pendingRetry(),
        overall.partial(),
        overall.total(),
        byModel);
  }

  public record StatusCounts(
      long successful, long failed, long invalid, long pendingRetry, long partial, long total) {

    static StatusCounts of(Map<SyncHistoryStatus, Long> counts) {
      long successful = counts.getOrDefault(SyncHistoryStatus.SUCCESSFUL, 0L);
      long failed = counts.getOrDefault(SyncHistoryStatus.FAILED, 0L);
      long invalid = counts.getOrDefault(SyncHistoryStatus.INVALID, 0L);
      long pendingRetry = counts.getOrDefault(SyncHistoryStatus.PENDING_RETRY, 0L);
      long partial = counts.getOrDefault(SyncHistoryStatus.PARTIAL, 0L);
      return new StatusCounts(
          successful,
          failed,
          invalid,
          pendingRetry,
          partial,
          successful + failed + invalid + pendingRetry + partial);
    }
  }
}
