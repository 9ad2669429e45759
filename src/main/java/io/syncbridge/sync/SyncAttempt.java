package io.syncbridge.sync;

import io.syncbridge.history.RetryClaim;
import java.time.Instant;
import java.util.List;

/**
 * One attempt at a sync, and where its outcome is recorded: a new history entry ({@link Request},
 * {@link Chunk}) or the entry being replayed ({@link Replay}).
 */
sealed interface SyncAttempt {

  SyncBody body();

  /** {@link System#nanoTime()} when the attempt began. */
  long started();

  /**
   * A request from a client.
   *
   * @param requestId the id of the HTTP request, kept with the history entry
   */
  record Request(SyncBody body, String requestId, long started) implements SyncAttempt {}

  /**
   * A replay of a stored entry by the retry worker.
   *
   * @param only the indexes in the original payload of the records replayed, or null for all
   * @param retryAt when to replay again should this attempt fail, or null when it is the last
   */
  record Replay(SyncBody body, RetryClaim claim, List<Integer> only, Instant retryAt, long started)
      implements SyncAttempt {}

  /**
   * A chunk of a sync job, recorded as a new history entry like a request.
   *
   * @param listener told what became of each record, in the chunk's transaction
   */
  record Chunk(PreparedChunk prepared, ChunkListener listener, long started)
      implements SyncAttempt {

    @Override
    public SyncBody body() {
      return prepared.body();
    }

    /** Names the job in the history entry. */
    String requestId() {
      return prepared.requestId();
    }
  }
}
