package io.syncbridge.jobs;

import io.syncbridge.sync.PreparedChunk;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * Reads and prepares a job's next chunk (its records parsed, then read by their model's rules) on a
 * thread of its own while the current one is stored: there are two cores to do them on. At most one
 * chunk waits, read ahead; a chunk that is not stored (the job stopped) is simply dropped, since
 * only a stored chunk moves the job's committed offset.
 */
final class ChunkReadAhead implements AutoCloseable {

  /**
   * A chunk ends at this many bytes of records even before its number of records: with records of
   * up to 1 MB, a chunk of 2,000 could otherwise hold gigabytes, and three are alive at once.
   */
  static final long MAX_CHUNK_BYTES = 4L << 20;

  /**
   * The records of a chunk, in order, the byte offset where the next one starts, and what the
   * reading thread prepared of it to store (null when nothing).
   */
  record Chunk(List<JobRecords.Read> reads, long end, PreparedChunk prepared) {}

  private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(1);
  private final Thread reader;

  /**
   * @param after the data records before the first one {@code records} reads (its line is one more)
   */
  ChunkReadAhead(
      JobRecords records,
      long after,
      int chunkSize,
      long job,
      Function<List<JobRecords.Read>, PreparedChunk> prepare) {
    reader =
        new Thread(
            () -> {
              long line = after;
              try {
                while (true) {
                  List<JobRecords.Read> reads = new ArrayList<>(chunkSize);
                  long bytes = 0;
                  JobRecords.Read read;
                  while (reads.size() < chunkSize
                      && bytes < MAX_CHUNK_BYTES
                      && (read = records.next(line + 1)) != null) {
                    reads.add(read);
                    bytes += read.raw() == null ? 0 : read.raw().length;
                    line++;
                  }
                  ready.put(
                      new Chunk(
                          reads, records.offset(), reads.isEmpty() ? null : prepare.apply(reads)));
                  if (reads.isEmpty()) {
                    return;
                  }
                }
              } catch (InterruptedException | InterruptedIOException stopped) {
                // Closed: the job stopped.
              } catch (Throwable e) {
                // Waits, as a chunk would, until the one read ahead has been taken.
                try {
                  ready.put(e);
                } catch (InterruptedException closed) {
                  // Closed meanwhile: nobody waits for it.
                }
              }
            },
            "sync-job-" + job + "-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** The next chunk; an empty one at the end of the data. */
  Chunk next() throws IOException {
    Object next;
    try {
      next = ready.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for the job's next chunk");
    }
    if (next instanceof IOException e) {
      throw e;
    }
    if (next instanceof RuntimeException e) {
      throw e;
    }
    if (next instanceof Throwable e) {
      throw new IllegalStateException("reading the job's data failed", e);
    }
    return (Chunk) next;
  }

  @Override
  public void close() {
    reader.interrupt();
    ready.clear();
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
