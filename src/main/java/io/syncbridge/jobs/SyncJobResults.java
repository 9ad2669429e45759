package io.syncbridge.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The jobs' per-record results, one row per stored chunk in {@code sync_job_results}: written in
 * the chunk's own transaction, so that they commit with it, with one flush to disk for both, and
 * read back chunk by chunk, a few at a time, however many a job has. SQL: they are blobs written
 * once and read in order, not entities.
 */
@Component
class SyncJobResults {

  /** Chunks read per query while results are written out. */
  private static final int CHUNKS_PER_READ = 20;

  private final JdbcTemplate jdbc;

  SyncJobResults(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** In the chunk's transaction: its rows, keyed by where the chunk starts in the data. */
  void save(long job, long dataOffset, JobResults results) {
    byte[] successful = results.successful();
    byte[] failed = results.failed();
    if (successful.length > 0 || failed.length > 0) {
      jdbc.update(
          "INSERT INTO sync_job_results (job_id, data_offset, successful, failed)"
              + " VALUES (?, ?, ?, ?)",
          job,
          dataOffset,
          successful.length == 0 ? null : successful,
          failed.length == 0 ? null : failed);
    }
  }

  /**
   * Writes a job's failed rows to {@code out}, in chunk order, a CSV result after its header row.
   *
   * @param columns the data's CSV columns, or null for NDJSON
   */
  void copyFailed(long job, List<String> columns, OutputStream out) throws IOException {
    if (columns != null) {
      out.write(JobResults.csvHeader(false, columns));
    }
    forEachChunk(job, "failed", out::write);
  }

  /**
   * Writes a job's successful rows to {@code out}, in chunk order, a CSV result after its header
   * row.
   *
   * @param data the job's records, read from the start: a CSV row's cells (null for NDJSON)
   */
  void copySuccessful(
      long job, JobFormat format, List<String> columns, JobRecords data, OutputStream out)
      throws IOException {
    if (format == JobFormat.CSV) {
      out.write(JobResults.csvHeader(true, columns));
    }
    long[] dataLine = {0};
    forEachChunk(
        job,
        "successful",
        runs ->
            SuccessfulRuns.forEach(
                runs,
                (line, id, status) -> {
                  byte[] cells = null;
                  if (data != null) {
                    while (dataLine[0] < line) {
                      cells = data.nextRaw();
                      dataLine[0]++;
                      if (cells == null) {
                        throw new IOException("The job's data ends before line " + line + ".");
                      }
                    }
                  }
                  JobResults.writeSuccessful(format, line, id, status, cells, out);
                }));
  }

  private interface ChunkRows {
    void write(byte[] rows) throws IOException;
  }

  /** Hands each chunk's {@code column} (non-null ones), in chunk order, a few chunks per query. */
  private void forEachChunk(long job, String column, ChunkRows rowsOfChunk) throws IOException {
    long after = -1;
    while (true) {
      long[] last = {-1};
      jdbc.query(
          "SELECT data_offset, "
              + column
              + " FROM sync_job_results WHERE job_id = ? AND data_offset > ?"
              + " ORDER BY data_offset LIMIT "
              + CHUNKS_PER_READ,
          rs -> {
            last[0] = rs.getLong(1);
            byte[] rows = rs.getBytes(2);
            if (rows != null) {
              try {
                rowsOfChunk.write(rows);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          },
          job,
          after);
      if (last[0] < 0) {
        return;
      }
      after = last[0];
    }
  }

  void delete(long job) {
    jdbc.update("DELETE FROM sync_job_results WHERE job_id = ?", job);
  }
}
