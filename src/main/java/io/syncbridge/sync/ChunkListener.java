package io.syncbridge.sync;

import java.util.List;

/**
 * Told, inside the transaction that stores a chunk of a sync job, what became of each of its
 * records, so that the job's own progress commits with them or not at all.
 */
@FunctionalInterface
public interface ChunkListener {

  /**
   * @param results one per record of the chunk, in order: an {@link
   *     io.syncbridge.upsert.UpsertResult} for a stored record, a {@link FailedRecord} for one that
   *     failed (only where the job is not atomic)
   */
  void stored(List<Object> results);

  /**
   * Thrown by a listener when the job may not go on (aborted, or taken over by another instance):
   * the chunk rolls back, and its attempt is not recorded as a failure.
   */
  final class Stopped extends RuntimeException {
    public Stopped() {
      super(null, null, false, false);
    }
  }
}
