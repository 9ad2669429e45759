package io.syncbridge.jobs;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

/**
 * Sync jobs through their entity. Each change of state is one conditional update that says whether
 * it happened, so that two requests, or two instances, never both take the same step.
 */
interface SyncJobRepository extends JpaRepository<SyncJob, Long> {

  /**
   * The next job waiting to be processed (queued, or left by an instance whose lease ran out),
   * locked until commit. On PostgreSQL the lock skips rows other instances hold (lock timeout -2 is
   * Hibernate's SKIP LOCKED), so instances claiming at once take different jobs.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
  @Query(
      "select j from SyncJob j where j.state in ('upload_complete', 'in_progress')"
          + " and (j.claimedUntil is null or j.claimedUntil < :now) order by j.id")
  List<SyncJob> findClaimable(Instant now, Limit limit);

  /** Ends a job being processed ({@code completed} or {@code failed}); 0 when it was not. */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      "update SyncJob j set j.state = :state, j.error = :error, j.finishedAt = :now,"
          + " j.claimedBy = null, j.claimedUntil = null"
          + " where j.id = :id and j.claimedBy = :claimant and j.state = 'in_progress'")
  int finish(long id, String claimant, String state, String error, Instant now);

  /** Aborts a job that has not ended; 0 when it had. What was committed stays. */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      "update SyncJob j set j.state = 'aborted', j.finishedAt = :now, j.claimedBy = null,"
          + " j.claimedUntil = null"
          + " where j.id = :id and j.state in ('open', 'upload_complete', 'in_progress')")
  int abort(long id, Instant now);

  /**
   * Queues an open job that holds data; 0 when it is not open, holds none or is taking an upload.
   */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      "update SyncJob j set j.state = 'upload_complete'"
          + " where j.id = :id and j.state = 'open' and j.bytesUploaded > 0"
          + " and (j.uploadingUntil is null or j.uploadingUntil < :now)")
  int queue(long id, Instant now);

  /**
   * Takes an open job's turn to append an upload for {@code uploader} until {@code until}, so that
   * uploads to one job never write at once, on any instance; 0 when the job is not open or another
   * upload holds the turn.
   */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      "update SyncJob j set j.uploadingBy = :uploader, j.uploadingUntil = :until"
          + " where j.id = :id and j.state = 'open'"
          + " and (j.uploadingUntil is null or j.uploadingUntil < :now)")
  int claimUpload(long id, String uploader, Instant now, Instant until);

  /** Keeps an upload's turn while its data keeps arriving; 0 when the turn was lost. */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      "update SyncJob j set j.uploadingUntil = :until"
          + " where j.id = :id and j.uploadingBy = :uploader")
  int renewUpload(long id, String uploader, Instant until);

  /** Gives an upload's turn back without a change to the data. */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      "update SyncJob j set j.uploadingBy = null, j.uploadingUntil = null"
          + " where j.id = :id and j.uploadingBy = :uploader")
  int releaseUpload(long id, String uploader);

  /**
   * Records an upload appended to the data file and gives its turn back; 0 when the job is no
   * longer open or the turn was lost.
   */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      "update SyncJob j set j.bytesUploaded = :to, j.format = :format, j.csvHeader = :csvHeader,"
          + " j.uploadingBy = null, j.uploadingUntil = null"
          + " where j.id = :id and j.state = 'open' and j.uploadingBy = :uploader")
  int uploaded(long id, String uploader, long to, String format, String csvHeader);

  /** Counts a stop of processing on an error; 0 when the job is not this claimant's. */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      "update SyncJob j set j.failures = j.failures + 1"
          + " where j.id = :id and j.claimedBy = :claimant")
  int recordFailure(long id, String claimant);

  @Query("select j.failures from SyncJob j where j.id = :id")
  int failures(long id);

  Page<SyncJob> findAllByOrderByIdDesc(Pageable page);

  Page<SyncJob> findByStateOrderByIdDesc(String state, Pageable page);

  Page<SyncJob> findByModelOrderByIdDesc(String model, Pageable page);

  Page<SyncJob> findByModelAndStateOrderByIdDesc(String model, String state, Pageable page);

  /** Jobs that ended from {@code from} until before {@code before}: past retention by then. */
  List<SyncJob> findByStateInAndFinishedAtGreaterThanEqualAndFinishedAtBefore(
      Collection<String> states, Instant from, Instant before);
}
