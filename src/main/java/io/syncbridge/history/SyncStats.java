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

  public record StatusCounts(
      long successful, long failed, long invalid, long pendingRetry, long partial, long total) {}
}
