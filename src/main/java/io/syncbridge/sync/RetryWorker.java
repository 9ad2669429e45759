package io.syncbridge.sync;

import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.DiskReserve;
import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.history.RetryClaim;
import io.syncbridge.history.SyncHistoryService;
import io.syncbridge.record.RecordsRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Replays history entries queued for retry ({@code pending_retry}) through the same path as a fresh
 * sync. A replay that fails again is queued once more after an exponential back-off with jitter,
 * until the maximum number of attempts, after which the entry stays {@code failed}. A partial entry
 * replays only its failed records. Each entry is claimed atomically, so with several workers
 * (several instances) it is replayed once.
 */
@Component
public class RetryWorker {

  private static final Logger log = LoggerFactory.getLogger(RetryWorker.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Replays per poll, so that one poll cannot run for ever while entries keep coming. */
  private static final int MAX_PER_POLL = 100;

  /**
   * Set when the application starts closing: no entry is claimed after that (the one being replayed
   * finishes), so none is left claimed by an instance that is going away.
   */
  private volatile boolean stopping;

  private final SyncService sync;
  private final SyncHistoryService history;
  private final SyncBridgeProperties.Retry settings;
  private final Clock clock;
  private final DoubleSupplier random;
  private final DiskReserve reserve;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);

  @Autowired
  RetryWorker(
      SyncService sync,
      SyncHistoryService history,
      SyncBridgeProperties properties,
      Clock clock,
      DiskReserve reserve) {
    this(
        sync,
        history,
        properties.retry(),
        clock,
        () -> ThreadLocalRandom.current().nextDouble(),
        reserve);
  }

  RetryWorker(
      SyncService sync,
      SyncHistoryService history,
      SyncBridgeProperties.Retry settings,
      Clock clock,
      DoubleSupplier random,
      DiskReserve reserve) {
    this.sync = sync;
    this.history = history;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
    this.reserve = reserve;
  }

  @Scheduled(
      fixedDelayString = "${sync-bridge.retry.poll-interval:5s}",
      initialDelayString = "${sync-bridge.retry.poll-interval:5s}")
  void poll() {
    // Below the disk reserve every replay would be refused: entries are not claimed meanwhile, so
    // none waits out a lease once space is back.
    if (settings.enabled() && !stopping && !reserve.reached()) {
      replayDue();
    }
  }

  /** Replays the entries that are due now, one by one; returns how many it replayed. */
  public int replayDue() {
    int replayed = 0;
    while (replayed < MAX_PER_POLL && !stopping) {
      String claimant = instance + ":" + UUID.randomUUID();
      Optional<RetryClaim> claim =
          history.claimDueRetry(claimant, clock.instant(), settings.lease());
      if (claim.isEmpty()) {
        break;
      }
      replay(claim.get());
      replayed++;
    }
    return replayed;
  }

  @EventListener(ContextClosedEvent.class)
  void stopClaiming() {
    stopping = true;
  }

  private void replay(RetryClaim claim) {
    int attempt = claim.retries() + 1;
    // Counted from before the replay rather than after it: a back-off of seconds to hours, against
    // a replay of milliseconds.
    Instant retryAt =
        attempt < settings.maxAttempts() ? clock.instant().plus(backoff(attempt)) : null;
    try {
      List<Integer> only = claim.failedRecords() == null ? null : indexes(claim.failedRecords());
      // A stored payload that cannot be read is null: the replay is refused and says why.
      String data =
          only == null || claim.payload() == null ? claim.payload() : select(claim.payload(), only);
      sync.replay(claim, data, only, retryAt);
    } catch (RecordsRejectedException | InvalidRequestException e) {
      // Refused again: the history entry says why, and when it is tried next.
    } catch (RuntimeException e) {
      // The claim's lease runs out and the entry is taken up again later.
      log.warn("Replay of sync history {} failed: {}", claim.id(), e.toString());
    }
  }

  /** Exponential back-off with equal jitter: half the delay fixed, half random. */
  Duration backoff(int attempt) {
    long base = settings.baseDelay().toMillis();
    long exponential = base << Math.min(attempt - 1, 30);
    long capped =
        Math.min(exponential <= 0 ? Long.MAX_VALUE : exponential, settings.maxDelay().toMillis());
    return Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped / 2)));
  }

  private static List<Integer> indexes(String json) {
    List<Integer> indexes = new ArrayList<>();
    JSON.readTree(json).forEach(node -> indexes.add(node.asInt()));
    return indexes;
  }

  /** The records of a stored data array at the given indexes, as a data array of their own. */
  private static String select(String payload, List<Integer> indexes) {
    JsonNode all = JSON.readTree(payload);
    ArrayNode selected = JSON.createArrayNode();
    indexes.forEach(i -> selected.add(all.path(i)));
    return selected.toString();
  }
}
