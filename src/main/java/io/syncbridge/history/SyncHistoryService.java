package io.syncbridge.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
    // Milliseconds, as SQLite stores them: entries read back alike on SQLite and PostgreSQL.
    this.clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
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

  /** Takes one entry that is due for a replay, if any; see {@link RetryClaim}. */
  @Transactional
  public Optional<RetryClaim> claimDueRetry(String claimant, Instant now, Duration lease) {
    return repository.claimDue(claimant, now, now.plus(lease));
  }

  /**
   * Records a replay's outcome and releases the claim. Joins the replay's own transaction when it
   * stored records, so that they and the outcome commit together.
   */
  @Transactional
  public boolean finishRetry(RetryClaim claim, RetryOutcome outcome) {
    return repository.finishRetry(claim, outcome, clock.instant());
  }

  @Transactional(readOnly = true)
  public SyncStats stats() {
    Map<SyncHistoryStatus, Long> overall = new EnumMap<>(SyncHistoryStatus.class);
    Map<String, Map<SyncHistoryStatus, Long>> perModel = new TreeMap<>();
    repository.countByModelAndStatus(
        (model, status, count) -> {
          SyncHistoryStatus parsed = SyncHistoryStatus.parse(status).orElseThrow();
          overall.merge(parsed, count, Long::sum);
          perModel
              .computeIfAbsent(model, m -> new EnumMap<>(SyncHistoryStatus.class))
              .merge(parsed, count, Long::sum);
        });
    Map<String, SyncStats.StatusCounts> byModel = new LinkedHashMap<>();
    perModel.forEach((model, counts) -> byModel.put(model, SyncStats.StatusCounts.of(counts)));
    return SyncStats.of(SyncStats.StatusCounts.of(overall), byModel);
  }
}
