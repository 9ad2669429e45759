package io.syncbridge.jobs;

import io.syncbridge.upsert.UpsertResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A chunk's successful records, as kept in {@code sync_job_results}: runs of consecutive lines
 * stored under consecutive ids with one outcome, each four variable-length numbers. A chunk of new
 * records is a few bytes; a CSV row per record, with the record's cells written again, made the
 * results as large as the records themselves and cost a fifth of a job's time (docs/jobs.md). A CSV
 * result's cells are read from the job's data when the results are.
 */
final class SuccessfulRuns {

  // Stored by ordinal: a new outcome goes at the end of UpsertResult.Outcome, or kept results
  // would change meaning.
  private static final UpsertResult.Outcome[] OUTCOMES = UpsertResult.Outcome.values();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private long runLine;
  private long runId;
  private UpsertResult.Outcome runStatus;
  private long runLength;
  // Each run is written relative to where the one before ended: small numbers, few bytes.
  private long endLine;
  private long endId;

  /** Adds a stored record; records come in line order. */
  void add(long line, long id, UpsertResult.Outcome status) {
    if (runLength > 0
        && line == runLine + runLength
        && id == runId + runLength
        && status == runStatus) {
      runLength++;
      return;
    }
    flush();
    runLine = line;
    runId = id;
    runStatus = status;
    runLength = 1;
  }

  byte[] toBytes() {
    flush();
    return out.toByteArray();
  }

  private void flush() {
    if (runLength == 0) {
      return;
    }
    writeNumber(runLine - endLine);
    long idStep = runId - endId;
    writeNumber((idStep << 1) ^ (idStep >> 63)); // zigzag: ids may go down
    out.write(runStatus.ordinal());
    writeNumber(runLength);
    endLine = runLine + runLength;
    endId = runId + runLength;
    runLength = 0;
  }

  private void writeNumber(long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** Receives the records of {@link #forEach}. */
  interface Visitor {
    void record(long line, long id, UpsertResult.Outcome status) throws IOException;
  }

  /** Calls {@code visitor} for each record of a chunk's runs, in line order. */
  static void forEach(byte[] runs, Visitor visitor) throws IOException {
    int[] at = {0};
    long line = 0;
    long id = 0;
    while (at[0] < runs.length) {
      line += readNumber(runs, at);
      long idStep = readNumber(runs, at);
      id += (idStep >>> 1) ^ -(idStep & 1);
      UpsertResult.Outcome status = OUTCOMES[runs[at[0]++]];
      long length = readNumber(runs, at);
      for (long i = 0; i < length; i++) {
        visitor.record(line + i, id + i, status);
      }
      line += length;
      id += length;
    }
  }

  private static long readNumber(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }
}
