package io.syncbridge.jobs;

import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.WriteTransactions;
import io.syncbridge.error.ConflictException;
import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.NotFoundException;
import io.syncbridge.record.FieldMessages;
import io.syncbridge.sync.SyncOptions;
import io.syncbridge.sync.SyncService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sync jobs for the API: creating them, taking their data, changing their state, showing them and
 * their results. Processing is {@link SyncJobWorker}'s.
 */
@Service
public class SyncJobService {

  static final String NOT_FOUND = "Sync job not found";
  private static final JsonMapper JSON = JobJson.JSON;

  private final SyncJobRepository jobs;
  private final SyncService sync;
  private final JobFiles files;
  private final WriteTransactions transactions;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final long maxBytes;
  private final Duration retention;
  // Uploads to one job take turns (appends at the committed length); striped, so that a job
  // needs no lock object of its own.
  private final ReentrantLock[] uploadLocks = new ReentrantLock[64];

  SyncJobService(
      SyncJobRepository jobs,
      SyncService sync,
      JobFiles files,
      WriteTransactions transactions,
      Clock clock,
      ApplicationEventPublisher events,
      SyncBridgeProperties properties) {
    this.jobs = jobs;
    this.sync = sync;
    this.files = files;
    this.transactions = transactions;
    this.clock = clock;
    this.events = events;
    this.maxBytes = properties.jobs().maxSize().toBytes();
    this.retention = properties.jobs().retention();
    for (int i = 0; i < uploadLocks.length; i++) {
      uploadLocks[i] = new ReentrantLock();
    }
  }

  /** Creates an open job from {@code {"model", "match_on"?, "atomic"?}}, checked as a sync is. */
  @Transactional
  public SyncJobView create(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException(
          "Invalid sync job.",
          Map.of("non_field_errors", FieldMessages.expectedObject(body)),
          null);
    }
    SyncOptions options =
        sync.checkOptions(body.get("model"), body.get("match_on"), body.get("atomic"));
    Map<String, Object> stored = options.stored();
    Instant now = clock.instant();
    SyncJob job =
        jobs.save(
            new SyncJob(
                options.model(), stored.isEmpty() ? null : JSON.writeValueAsString(stored), now));
    return job.view(now);
  }

  public Optional<SyncJobView> find(long id) {
    Instant now = clock.instant();
    return jobs.findById(id).map(job -> job.view(now));
  }

  /** A 1-based page of jobs, newest first, optionally of one state and/or model. */
  public SyncJobPage list(int page, int size, SyncJobState state, String model) {
    PageRequest request = PageRequest.of(page - 1, size);
    Page<SyncJob> found;
    if (state == null && model == null) {
      found = jobs.findAllByOrderByIdDesc(request);
    } else if (model == null) {
      found = jobs.findByStateOrderByIdDesc(state.value(), request);
    } else if (state == null) {
      found = jobs.findByModelOrderByIdDesc(model, request);
    } else {
      found = jobs.findByModelAndStateOrderByIdDesc(model, state.value(), request);
    }
    Instant now = clock.instant();
    return new SyncJobPage(
        found.getContent().stream().map(job -> job.view(now)).toList(),
        page,
        size,
        found.getTotalElements());
  }

  /**
   * Appends an upload to an open job's data, streamed to its file as it arrives. The job's
   * committed length moves only once the bytes are on disk; an upload that fails leaves the job as
   * it was.
   */
  public SyncJobView upload(long id, MediaType contentType, InputStream body) throws IOException {
    ReentrantLock lock = uploadLocks[(int) Math.floorMod(id, (long) uploadLocks.length)];
    lock.lock();
    try {
      SyncJob job = jobs.findById(id).orElseThrow(() -> new NotFoundException(NOT_FOUND));
      if (job.state() != SyncJobState.OPEN) {
        throw new ConflictException(
            "Data can only be uploaded to an open job; this one is " + job.state().value() + ".");
      }
      JobFormat format = JobFormat.of(contentType);
      if (job.format() != null && job.format() != format) {
        throw new ConflictException(
            "This job's data is "
                + job.format().mediaType
                + "; upload the rest in the same format.");
      }
      long from = job.bytesUploaded();
      try (FileChannel data =
          FileChannel.open(
              files.data(id),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE)) {
        JobUpload.Appended appended;
        try {
          appended = JobUpload.append(body, data, from, format, job.csvHeader(), maxBytes);
          data.force(true);
        } catch (IOException | RuntimeException e) {
          data.truncate(from);
          throw e;
        }
        int recorded =
            transactions.execute(
                () ->
                    jobs.uploaded(id, from, appended.length(), format.value(), appended.header()));
        if (recorded == 0) {
          data.truncate(from);
          throw new ConflictException("The job stopped taking data while this upload arrived.");
        }
      }
      return find(id).orElseThrow();
    } finally {
      lock.unlock();
    }
  }

  /** {@code {"state": "upload_complete"}} queues an open job; {@code "aborted"} stops one. */
  @Transactional
  public SyncJobView changeState(long id, JsonNode body) {
    SyncJob job = jobs.findById(id).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    JsonNode state = body == null ? null : body.get("state");
    if (state == null || !state.isString()) {
      throw new InvalidRequestException(
          "Invalid sync job update.",
          Map.of("state", state == null ? FieldMessages.REQUIRED : FieldMessages.NOT_STRING),
          null);
    }
    String wanted = state.stringValue();
    int changed;
    if (SyncJobState.UPLOAD_COMPLETE.value().equals(wanted)) {
      changed = jobs.queue(id);
      if (changed == 0 && job.state() == SyncJobState.OPEN) {
        throw new ConflictException("Upload data before completing the job's upload.");
      }
      if (changed > 0) {
        events.publishEvent(new SyncJobQueued(id));
      }
    } else if (SyncJobState.ABORTED.value().equals(wanted)) {
      changed = jobs.abort(id, clock.instant());
    } else {
      throw new InvalidRequestException(
          "Invalid sync job update.",
          Map.of("state", FieldMessages.notAChoice(wanted) + " Choose upload_complete or aborted."),
          null);
    }
    if (changed == 0) {
      throw new ConflictException(
          "The job is " + job.state().value() + "; it cannot become " + wanted + ".");
    }
    return find(id).orElseThrow();
  }

  /**
   * Writes a job's successful or failed records to {@code out}, in its data's format, as far as
   * processing has committed; nothing before its first upload.
   */
  public void writeResults(long id, boolean successful, OutputStream out) throws IOException {
    SyncJob job = withResults(id);
    JobFormat format = job.format();
    if (format == null) {
      return;
    }
    List<String> columns = format == JobFormat.CSV ? JobUpload.columns(job.csvHeader()) : null;
    JobResults.copy(
        successful ? files.successful(id) : files.failed(id),
        successful ? job.successfulBytes() : job.failedBytes(),
        successful,
        columns,
        out);
  }

  /** The format a job's results come in, or null before its first upload. */
  public MediaType resultsFormat(long id) {
    SyncJob job = withResults(id);
    return job.format() == null ? null : job.format().mediaType;
  }

  /** A job whose result files are still kept. */
  private SyncJob withResults(long id) {
    SyncJob job = jobs.findById(id).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    if (job.finishedAt() != null && job.finishedAt().isBefore(clock.instant().minus(retention))) {
      throw new NotFoundException(
          "The job's records are no longer kept: a job's files are deleted after its retention"
              + " (sync-bridge.jobs.retention).");
    }
    return job;
  }

  /**
   * Takes the next job waiting to be processed for {@code claimant} until {@code until}, if any.
   */
  @Transactional
  public Optional<SyncJob> claimNext(String claimant, Instant until) {
    Instant now = clock.instant();
    return jobs.findClaimable(now, Limit.of(1)).stream()
        .findFirst()
        .map(
            job -> {
              job.claim(claimant, until, now);
              return job;
            });
  }

  /** Deletes the files of jobs that ended more than {@code retention} ago. */
  @Transactional(readOnly = true)
  public int deleteExpiredFiles(Instant before) {
    List<SyncJob> expired =
        jobs.findByStateInAndFinishedAtBefore(
            List.of(
                SyncJobState.COMPLETED.value(),
                SyncJobState.FAILED.value(),
                SyncJobState.ABORTED.value()),
            before);
    expired.forEach(job -> files.delete(job.id()));
    return expired.size();
  }
}
