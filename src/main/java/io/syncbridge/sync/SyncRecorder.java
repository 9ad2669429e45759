package io.syncbridge.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.syncbridge.history.NewSyncHistory;
import io.syncbridge.history.RetryOutcome;
import io.syncbridge.history.SyncHistoryService;
import io.syncbridge.history.SyncHistoryStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Where every sync attempt is recorded: its history entry and its metrics. */
@Component
class SyncRecorder {

  static final String METRIC = "sync.operation";
  static final String RECORDS_METRIC = "sync.records";
  private static final int MODEL_COLUMN_LENGTH = 32;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SyncHistoryService history;
  private final SyncModels models;
  private final MeterRegistry metrics;

  SyncRecorder(SyncHistoryService history, SyncModels models, MeterRegistry metrics) {
    this.history = history;
    this.models = models;
    this.metrics = metrics;
  }

  /**
   * Records how an attempt ended: a new history entry for a request, the replayed entry's new state
   * for a replay. When the attempt stored records it is called in their transaction, so that the
   * records and their history commit together or not at all.
   *
   * @param request the checked request, or null when the request did not pass its checks
   * @param failed the indexes of the records that failed, in the attempt's payload
   */
  void record(
      SyncAttempt attempt,
      SyncRequest request,
      SyncHistoryStatus status,
      String reason,
      Collection<Integer> failed) {
    long durationMs = (System.nanoTime() - attempt.started()) / 1_000_000;
    if (attempt instanceof SyncAttempt.Replay replay) {
      boolean again = status == SyncHistoryStatus.FAILED && replay.retryAt() != null;
      history.finishRetry(
          replay.claim(),
          new RetryOutcome(
              again ? SyncHistoryStatus.PENDING_RETRY : status,
              reason,
              status == SyncHistoryStatus.SUCCESSFUL ? null : stillFailing(failed, replay),
              durationMs,
              again ? replay.retryAt() : null));
      return;
    }
    String requestId =
        attempt instanceof SyncAttempt.Chunk chunk
            ? chunk.requestId()
            : ((SyncAttempt.Request) attempt).requestId();
    SyncBody body = attempt.body();
    history.record(
        new NewSyncHistory(
            modelColumn(body.model()),
            body.payload(),
            status,
            reason,
            body.size(),
            durationMs,
            requestId,
            request == null || request.options().isEmpty()
                ? null
                : JSON.writeValueAsString(request.options()),
            failed.isEmpty() ? null : JSON.writeValueAsString(failed)));
  }

  /**
   * Records an attempt in the timer {@value #METRIC}, tagged with the model (or {@code unknown}:
   * tags never take arbitrary input), the outcome as the history names it, or {@code error}, and
   * the source ({@code request}, {@code retry} or {@code job}); its records are counted in {@value
   * #RECORDS_METRIC} with the same tags.
   *
   * @param outcome how it ended, or null when it failed for a reason of the service's own
   */
  void measure(SyncAttempt attempt, SyncHistoryStatus outcome) {
    JsonNode model = attempt.body().model();
    String modelTag =
        model != null && model.isString() && models.find(model.stringValue()).isPresent()
            ? model.stringValue()
            : "unknown";
    Tags tags =
        Tags.of(
            "model",
            modelTag,
            "outcome",
            outcome == null ? "error" : outcome.value(),
            "source",
            attempt instanceof SyncAttempt.Replay
                ? "retry"
                : attempt instanceof SyncAttempt.Chunk ? "job" : "request");
    Timer.builder(METRIC)
        .tags(tags)
        .register(metrics)
        .record(System.nanoTime() - attempt.started(), TimeUnit.NANOSECONDS);
    Counter.builder(RECORDS_METRIC).tags(tags).register(metrics).increment(attempt.body().size());
  }

  private static String modelColumn(JsonNode model) {
    if (model == null || !model.isString()) {
      return "";
    }
    String name = model.stringValue();
    return name.length() <= MODEL_COLUMN_LENGTH ? name : name.substring(0, MODEL_COLUMN_LENGTH);
  }

  /**
   * The records a later retry replays: those that failed now, as indexes of the original payload;
   * when the replay failed as a whole, the same ones as before (null: all of them).
   */
  private static String stillFailing(Collection<Integer> failed, SyncAttempt.Replay replay) {
    if (failed.isEmpty()) {
      return replay.claim().failedRecords();
    }
    List<Integer> original = new ArrayList<>();
    failed.forEach(i -> original.add(replay.only() == null ? i : replay.only().get(i)));
    return JSON.writeValueAsString(original);
  }
}
