package io.syncbridge.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A stored chunk's progress on its job's row, in the chunk's transaction. SQL rather than a
 * repository query: it runs once per chunk on the thread every chunk waits for, and Spring Data's
 * and Hibernate's work around even a native query took 7 % of that thread (docs/jobs.md).
 */
@Component
class SyncJobProgress {

  private final JdbcTemplate jdbc;

  SyncJobProgress(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records a stored chunk: where the next one starts, the counts, and a renewed lease. 0 when the
   * job is no longer this claimant's to advance from {@code fromOffset} (aborted, or taken over
   * after its lease ran out): the chunk's transaction must roll back.
   */
  int advance(
      long id,
      String claimant,
      long fromOffset,
      long toOffset,
      long read,
      long stored,
      long failed,
      Instant until) {
    return jdbc.update(
        "UPDATE sync_jobs SET data_offset = ?, records_read = records_read + ?,"
            + " records_stored = records_stored + ?, records_failed = records_failed + ?,"
            + " claimed_until = ?"
            + " WHERE id = ? AND claimed_by = ? AND state = 'in_progress' AND data_offset = ?",
        toOffset,
        read,
        stored,
        failed,
        Timestamp.from(until),
        id,
        claimant,
        fromOffset);
  }
}
