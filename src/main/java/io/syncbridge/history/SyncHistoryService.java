package io.syncbridge.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class SyncHistoryService {

  public enum RetryRequest {
    QUEUED,
    NOT_FOUND,
    NOT_RETRYABLE
  }

  private static final List<String> RETRYABLE =
      List.of(SyncHistoryStatus.FAILED.value(), SyncHistoryStatus.PARTIAL.value());

  private final SyncHistoryRepository repository;
  private final SyncHistoryJdbc sql;
  private final Clock clock;

  SyncHistoryService(SyncHistoryRepository repository, SyncHistoryJdbc sql) {
    this.repository = repository;
    this.sql = sql;
    // Milliseconds, as SQLite stores them: entries read back alike on SQLite and PostgreSQL.
    this.clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  }

  /**
   * Records an attempt. Joins the caller's transaction when there is one, so that a successful sync
   * and its history entry commit together.
   */
  @Transactional
  public long record(NewSyncHistory entry) {
    return sql.insert(entry, clock.instant());
  }

  public Optional<SyncHistoryEntry> find(long id) {
    return sql.find(id);
  }

  /** Runs outside a transaction: a single statement reads the page and its total together. */
  public HistoryPage list(HistoryQuery query) {
    return sql.page(query);
  }

  @Transactional
  public boolean delete(long id) {
    return repository.deleteEntry(id) > 0;
  }

  @Transactional
  public RetryRequest requestRetry(long id) {
    if (repository.markPendingRetry(
            id, SyncHistoryStatus.PENDING_RETRY.value(), RETRYABLE, clock.instant())
        > 0) {
      return RetryRequest.QUEUED;
    }
    return repository.existsById(id) ? RetryRequest.NOT_RETRYABLE : RetryRequest.NOT_FOUND;
  }

  /**
   * Takes one entry that is due for a replay, if any, for {@code claimant} until the lease ends (an
   * expired lease may be taken over: its instance is presumed gone); see {@link RetryClaim}.
   */
  @Transactional
  public Optional<RetryClaim> claimDueRetry(String claimant, Instant now, Duration lease) {
    return repository.findDue(SyncHistoryStatus.PENDING_RETRY.value(), now, Limit.of(1)).stream()
        .findFirst()
        .map(entry -> entry.claim(claimant, now.plus(lease)));
  }

  /**
   * Records a replay's outcome and releases the claim. Joins the replay's own transaction when it
   * stored records, so that they and the outcome commit together.
   */
  @Transactional
  public boolean finishRetry(RetryClaim claim, RetryOutcome outcome) {
    return repository.finishRetry(
            claim.id(),
            claim.claimant(),
            outcome.status().value(),
            storable(outcome.failureReason()),
            outcome.failedRecords(),
            outcome.durationMs(),
            outcome.nextAttemptAt(),
            clock.instant())
        > 0;
  }

  public SyncStats stats() {
    Map<SyncHistoryStatus, Long> overall = new EnumMap<>(SyncHistoryStatus.class);
    Map<String, Map<SyncHistoryStatus, Long>> perModel = new TreeMap<>();
    for (SyncHistoryJdbc.StatusCount count : sql.countsByModelAndStatus()) {
      overall.merge(count.status(), count.entries(), Long::sum);
      perModel
          .computeIfAbsent(count.model(), m -> new EnumMap<>(SyncHistoryStatus.class))
          .merge(count.status(), count.entries(), Long::sum);
    }
    Map<String, SyncStats.StatusCounts> byModel = new LinkedHashMap<>();
    perModel.forEach((model, counts) -> byModel.put(model, SyncStats.StatusCounts.of(counts)));
    return SyncStats.of(SyncStats.StatusCounts.of(overall), byModel);
  }

  /**
   * Text as sent, but for U+0000, which PostgreSQL text cannot hold (a model name or a failure
   * reason quoting bad input may carry it): shown as U+FFFD instead, on both databases.
   */
  static String storable(String text) {
    return text == null ? null : text.replace('\u0000', '\uFFFD');
  }
}
