package io.syncbridge.jobs;

import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.DiskReserve;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Processes queued jobs: claims one (once across instances, as the retry worker claims history
 * entries), reads its data in chunks and stores each chunk through the sync path, in one
 * transaction with the job's progress (where the next chunk starts, the counts, the result files'
 * lengths). After a crash the job's lease runs out and it resumes from its last committed chunk: no
 * record is applied twice, none is skipped.
 */
@Component
public class SyncJobWorker {

  private static final Logger log = LoggerFactory.getLogger(SyncJobWorker.class);

  private final SyncJobService service;
  private final SyncJobProcessor processor;
  private final DiskReserve reserve;
  private final Clock clock;
  private final ExecutorService processing =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "sync-jobs");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean polling = new AtomicBoolean();
  private final SyncBridgeProperties.Jobs settings;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);

  /** Set when the application starts closing: no job is claimed and no chunk started after it. */
  private volatile boolean stopping;

  // Where the next sweep of expired files starts: a day before where the last one stopped.
  private volatile Instant sweepFrom = Instant.EPOCH;

  SyncJobWorker(
      SyncJobService service,
      SyncJobProcessor processor,
      DiskReserve reserve,
      Clock clock,
      SyncBridgeProperties properties) {
    this.service = service;
    this.processor = processor;
    this.reserve = reserve;
    this.clock = clock;
    this.settings = properties.jobs();
  }

  @Scheduled(
      fixedDelayString = "${sync-bridge.jobs.poll-interval:1s}",
      initialDelayString = "${sync-bridge.jobs.poll-interval:1s}")
  void poll() {
    // Jobs run on a thread of their own, so that a long one holds up no other scheduled work;
    // one poll at a time on this instance: the running one takes the new jobs too.
    if (settings.enabled()
        && !stopping
        && !reserve.reached()
        && polling.compareAndSet(false, true)) {
      try {
        processing.execute(
            () -> {
              try {
                processQueued();
              } finally {
                polling.set(false);
              }
            });
      } catch (RejectedExecutionException closing) {
        polling.set(false);
      }
    }
  }

  /** A job queued on this instance starts now rather than at the next poll. */
  @TransactionalEventListener
  void queued(SyncJobQueued queued) {
    poll();
  }

  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  void sweepExpiredFiles() {
    deleteExpiredFiles();
  }

  /**
   * Deletes the files of the jobs whose retention ran out since the last sweep, a day of overlap
   * included (a clock set back a little, a job that ended as a sweep ran), rather than going over
   * every job that ever ended, each hour. The first sweep after a start goes over them all.
   *
   * @return how many jobs it went over
   */
  int deleteExpiredFiles() {
    Instant before = clock.instant().minus(settings.retention());
    int swept = service.deleteExpiredFiles(sweepFrom, before);
    sweepFrom = before.minus(Duration.ofDays(1));
    return swept;
  }

  @EventListener(ContextClosedEvent.class)
  void stop() throws InterruptedException {
    stopping = true;
    processing.shutdown();
    // The chunk in progress commits (or not) before the database goes; the next is not started.
    processing.awaitTermination(30, TimeUnit.SECONDS);
  }

  /** Processes queued jobs one after another until none is left; returns how many it took. */
  public int processQueued() {
    int taken = 0;
    while (!stopping) {
      String claimant = instance + ":" + UUID.randomUUID();
      Optional<SyncJob> job = service.claimNext(claimant, clock.instant().plus(settings.lease()));
      if (job.isEmpty()) {
        break;
      }
      try {
        processor.process(job.get(), claimant, () -> stopping);
      } catch (IOException | RuntimeException e) {
        // The job keeps its committed progress; once the lease runs out it resumes from there.
        log.warn("Sync job {} stopped: {}", job.get().id(), e.toString());
        try {
          service.processingFailed(job.get().id(), claimant, e.toString());
        } catch (RuntimeException unrecorded) {
          log.warn(
              "Sync job {}: its failure was not recorded: {}",
              job.get().id(),
              unrecorded.toString());
        }
      }
      taken++;
    }
    return taken;
  }
}
