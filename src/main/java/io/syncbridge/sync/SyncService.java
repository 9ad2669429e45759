package io.syncbridge.sync;

import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.DiskReserve;
import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.LimitExceededException;
import io.syncbridge.history.RetryClaim;
import io.syncbridge.history.SyncHistoryStatus;
import io.syncbridge.record.FieldMessages;
import io.syncbridge.record.RecordsRejectedException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Runs sync requests: checks the request, stores its records through their model's {@link
 * ModelSync} in one unit of work with the history entry, and records a failed attempt in the
 * history after rolling its records back. The retry worker replays stored entries through the same
 * path.
 */
@Service
public class SyncService {

  static final String INVALID_REQUEST = "Invalid sync request.";

  private final SyncRequestCheck check;
  private final SyncWriter writer;
  private final SyncRecorder recorder;
  private final SyncBodyReader bodies;
  private final DiskReserve reserve;
  private final int maxRecords;

  SyncService(
      SyncBodyReader bodies,
      SyncRequestCheck check,
      SyncWriter writer,
      SyncRecorder recorder,
      DiskReserve reserve,
      SyncBridgeProperties properties) {
    this.bodies = bodies;
    this.check = check;
    this.writer = writer;
    this.recorder = recorder;
    this.reserve = reserve;
    this.maxRecords = properties.limits().maxRecords();
  }

  /** Syncs one request body, recording the attempt as a new history entry. */
  SyncOutcome sync(SyncBody body, String requestId) {
    return run(new SyncAttempt.Request(body, requestId, System.nanoTime()));
  }

  /**
   * Replays a stored request: the same checks and the same store as a fresh sync, its outcome
   * recorded in the entry being replayed. Refused at the disk reserve, the entry stays claimed
   * until its lease runs out, and no attempt is used up.
   *
   * @param data the data array to replay, as JSON text
   * @param only the indexes in the stored payload of the records in {@code data}, or null for all
   * @param retryAt when to replay again should this attempt fail, or null when it is the last
   */
  SyncOutcome replay(RetryClaim claim, String data, List<Integer> only, Instant retryAt) {
    SyncBody body = bodies.assemble(claim.model(), claim.options(), data);
    return run(new SyncAttempt.Replay(body, claim, only, retryAt, System.nanoTime()));
  }

  /**
   * Checks the options of a sync job by the rules of a sync request.
   *
   * @throws InvalidRequestException with the contract's messages, field by field
   */
  public SyncOptions checkOptions(JsonNode model, JsonNode matchOn, JsonNode atomic) {
    Map<String, String> errors = new LinkedHashMap<>();
    SyncOptions options = check.checkOptions(model, matchOn, atomic, errors);
    if (options == null) {
      throw new InvalidRequestException("Invalid sync job.", errors, null);
    }
    return options;
  }

  /**
   * Prepares one chunk of a sync job for {@link #syncChunk}: the same checks as a request, its
   * records read by their model's rules. Takes no database, so it may run beside another chunk's
   * store.
   *
   * @param records the chunk's records, each a JSON object
   * @param requestId the history entry's request id, naming the job
   */
  public PreparedChunk prepareChunk(
      SyncOptions options, List<? extends JsonNode> records, String requestId) {
    SyncBody body = bodies.ofRecords(options, records);
    Map<String, String> errors = new LinkedHashMap<>();
    SyncRequest request = check.check(body, errors);
    if (request == null) {
      // A job's options were checked when it was created, and its records are objects.
      throw new IllegalArgumentException("Not a valid chunk: " + errors);
    }
    return new PreparedChunk(body, request, SyncWriter.validate(request.model(), body), requestId);
  }

  /**
   * Stores a prepared chunk through the same store as a request, recorded as a history entry of its
   * own; {@code listener} is told each record's result in the chunk's transaction. An atomic chunk
   * with failing records is refused as a request would be.
   *
   * @throws RecordsRejectedException when the job is atomic and records failed; nothing stored
   */
  public SyncOutcome syncChunk(PreparedChunk chunk, ChunkListener listener) {
    return run(new SyncAttempt.Chunk(chunk, listener, System.nanoTime()));
  }

  private SyncOutcome run(SyncAttempt attempt) {
    SyncHistoryStatus outcome = null;
    try {
      // Below the disk reserve nothing is written, not even the history entry of the attempt.
      reserve.check();
      SyncOutcome result = checkAndWrite(attempt);
      outcome =
          result instanceof SyncOutcome.Succeeded
              ? SyncHistoryStatus.SUCCESSFUL
              : SyncHistoryStatus.PARTIAL;
      return result;
    } catch (RecordsRejectedException e) {
      outcome = SyncHistoryStatus.FAILED;
      throw e;
    } catch (InvalidRequestException e) {
      outcome = SyncHistoryStatus.INVALID;
      throw e;
    } finally {
      recorder.measure(attempt, outcome);
    }
  }

  private SyncOutcome checkAndWrite(SyncAttempt attempt) {
    if (attempt instanceof SyncAttempt.Chunk chunk) {
      return writer.write(attempt, chunk.prepared().request(), chunk.prepared().validated());
    }
    boolean replay = attempt instanceof SyncAttempt.Replay;
    Map<String, String> errors = new LinkedHashMap<>();
    SyncRequest request = check.check(attempt.body(), errors);
    if (request == null) {
      // A stored request that no longer passes has failed; a new one was never valid.
      reject(attempt, null, replay ? SyncHistoryStatus.FAILED : SyncHistoryStatus.INVALID, errors);
      throw new InvalidRequestException(INVALID_REQUEST, errors, null);
    }
    if (attempt instanceof SyncAttempt.Request && attempt.body().size() > maxRecords) {
      Map<String, String> tooMany = Map.of("data", FieldMessages.maxItems(maxRecords));
      reject(attempt, request, SyncHistoryStatus.INVALID, tooMany);
      throw new LimitExceededException(
          "Too many records: at most " + maxRecords + " per request.", tooMany);
    }
    return writer.write(attempt, request);
  }

  private void reject(
      SyncAttempt attempt,
      SyncRequest request,
      SyncHistoryStatus status,
      Map<String, String> errors) {
    String reason =
        errors.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("; "));
    recorder.record(attempt, request, status, reason, List.of());
  }
}
