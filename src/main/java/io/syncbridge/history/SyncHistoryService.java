package io.syncbridge.history;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class SyncHistoryService {

  public enum RetryRequest {
    QUEUED,
    NOT_FOUND,
    NOT_RETRYABLE
  }

  private final SyncHistoryRepository repository;
  private final Clock clock;

  SyncHistoryService(SyncHistoryRepository repository) {
    this.repository = repository;
    this.clock = Clock.systemUTC();
  }

  /**
   * Records an attempt. Joins the caller's transaction when there is one, so that a successful sync
   * and its history entry commit together.
   */
  @Transactional
  public long record(NewSyncHistory entry) {
    return repository.insert(entry, clock.instant());
  }

  @Transactional(readOnly = true)
  public Optional<SyncHistoryEntry> find(long id) {
    return repository.find(id);
  }

  @Transactional(readOnly = true)
  public HistoryPage list(HistoryQuery query) {
    return new HistoryPage(
        repository.list(query), query.page(), query.size(), repository.count(query));
  }

  @Transactional
  public boolean delete(long id) {
    return repository.delete(id);
  }

  @Transactional
  public RetryRequest requestRetry(long id) {
    if (repository.markPendingRetry(id, clock.instant())) {
      return RetryRequest.QUEUED;
    }
    return repository.exists(id) ? RetryRequest.NOT_RETRYABLE : RetryRequest.NOT_FOUND;
  }

  @Transactional(readOnly = true)
  public SyncStats stats() {
    // Per model, in the order of SyncHistoryStatus, then the total.
    Map<String, long[]> perModel = new java.util.TreeMap<>();
    long[] overall = new long[6];
    repository.countByModelAndStatus(
        (model, status, count) -> {
          int slot = SyncHistoryStatus.parse(status).orElseThrow().ordinal();
          overall[slot] += count;
          overall[5] += count;
          long[] counts = perModel.computeIfAbsent(model, m -> new long[6]);
          counts[slot] += count;
          counts[5] += count;
        });
    Map<String, SyncStats.StatusCounts> byModel = new LinkedHashMap<>();
    perModel.forEach((model, counts) -> byModel.put(model, countsOf(counts)));
    SyncStats.StatusCounts all = countsOf(overall);
    return new SyncStats(
        all.successful(),
        all.failed(),
        all.invalid(),
        all.pendingRetry(),
        all.partial(),
        all.total(),
        byModel);
  }

  private static SyncStats.StatusCounts countsOf(long[] counts) {
    return new SyncStats.StatusCounts(
        counts[SyncHistoryStatus.SUCCESSFUL.ordinal()],
        counts[SyncHistoryStatus.FAILED.ordinal()],
        counts[SyncHistoryStatus.INVALID.ordinal()],
        counts[SyncHistoryStatus.PENDING_RETRY.ordinal()],
        counts[SyncHistoryStatus.PARTIAL.ordinal()],
        counts[5]);
  }
}
