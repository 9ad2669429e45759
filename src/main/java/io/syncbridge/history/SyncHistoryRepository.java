package io.syncbridge.history;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

/**
 * The history entries' state changes and replay claims, through the entity; the insert and the
 * listings are SQL ({@link SyncHistoryJdbc}).
 */
interface SyncHistoryRepository extends JpaRepository<StoredHistoryEntry, Long> {

  @Modifying
  @Query("delete from StoredHistoryEntry e where e.id = :id")
  int deleteEntry(long id);

  /** Moves an entry in one of {@code from} to pending_retry; 0 when it is in any other state. */
  @Modifying
  @Query(
      "update StoredHistoryEntry e set e.status = :pending, e.updatedAt = :now,"
          + " e.nextAttemptAt = null, e.claimedBy = null, e.claimedUntil = null"
          + " where e.id = :id and e.status in :from")
  int markPendingRetry(long id, String pending, Collection<String> from, Instant now);

  /**
   * The next entry due for a replay, locked until commit. On PostgreSQL the lock skips rows other
   * instances hold (lock timeout -2 is Hibernate's SKIP LOCKED), so instances claiming at once take
   * different entries; SQLite's writers take turns anyway.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
  @Query(
      "select e from StoredHistoryEntry e where e.status = :status"
          + " and (e.nextAttemptAt is null or e.nextAttemptAt <= :now)"
          + " and (e.claimedUntil is null or e.claimedUntil < :now)"
          + " order by e.nextAttemptAt, e.id")
  List<StoredHistoryEntry> findDue(String status, Instant now, Limit limit);

  /** Records a replay's outcome and releases the claim; 0 when the claim was lost. */
  @Modifying
  @Query(
      "update StoredHistoryEntry e set e.status = :status, e.failureReason = :failureReason,"
          + " e.failedRecords = :failedRecords, e.retries = e.retries + 1,"
          + " e.durationMs = :durationMs, e.nextAttemptAt = :nextAttemptAt,"
          + " e.claimedBy = null, e.claimedUntil = null, e.updatedAt = :now"
          + " where e.id = :id and e.claimedBy = :claimant")
  int finishRetry(
      long id,
      String claimant,
      String status,
      String failureReason,
      String failedRecords,
      long durationMs,
      Instant nextAttemptAt,
      Instant now);
}
