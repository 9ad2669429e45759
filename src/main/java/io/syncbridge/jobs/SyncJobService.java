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
import java.util.UUID;
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

  /** How long an upload keeps its turn without renewing it (while its data arrives). */
  private static final Duration UPLOAD_TURN = Duration.ofMinutes(1);

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
   * Appends an upload to an open job's data, streamed to its file as it arrives. Uploads to one job
   * take turns, on any instance (the turn is the job's row, renewed while data arrives); the job's
   * size grows only once the upload is on disk, so one that fails leaves the job as it was.
   */
  public SyncJobView upload(long id, MediaType contentType, InputStream body) throws IOException {
    SyncJob job = jobs.findById(id).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    JobFormat format = JobFormat.of(contentType);
    if (job.format() != null && job.format() != format) {
      throw new ConflictException(
          "This job's data is " + job.format().mediaType + "; upload the rest in the same format.");
    }
    String uploader = UUID.randomUUID().toString();
    Instant now = clock.instant();
    if (transactions.execute(() -> jobs.claimUpload(id, uploader, now, now.plus(UPLOAD_TURN)))
        == 0) {
      SyncJobState state = find(id).orElseThrow().state();
      throw new ConflictException(
          state == SyncJobState.OPEN
              ? "Another upload to this job is in progress; send the next one when it has ended."
              : "Data can only be uploaded to an open job; this one is " + state.value() + ".");
    }
    // The row as the turn left it: what earlier uploads committed.
    SyncJob current = jobs.findById(id).orElseThrow();
    long from = current.bytesUploaded();
    boolean keepTurn = true;
    try (FileChannel data =
        FileChannel.open(
            files.data(id),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      try {
        JobUpload.Appended appended =
            JobUpload.append(
                body, data, from, format, current.csvHeader(), maxBytes, () -> renew(id, uploader));
        data.force(true);
        if (transactions.execute(
                () ->
                    jobs.uploaded(
                        id, uploader, appended.length(), format.value(), appended.header()))
            == 0) {
          throw new ConflictException("The job stopped taking data while this upload arrived.");
        }
        keepTurn = false;
      } catch (UploadTurnLost lost) {
        // Another upload holds the turn now and writes to the file: leave it alone.
        keepTurn = false;
        throw new ConflictException("This upload took too long between two pieces of data.");
      } finally {
        // Cut back what this upload wrote, while it still holds the turn (another one may not).
        if (keepTurn && holdsTurn(id, uploader)) {
          data.truncate(from);
          transactions.execute(() -> jobs.releaseUpload(id, uploader));
        }
      }
    }
    return find(id).orElseThrow();
  }

  /** Keeps an upload's turn while its data arrives. */
  private void renew(long id, String uploader) {
    if (!holdsTurn(id, uploader)) {
      throw new UploadTurnLost();
    }
  }

  private boolean holdsTurn(long id, String uploader) {
    Instant until = clock.instant().plus(UPLOAD_TURN);
    return transactions.execute(() -> jobs.renewUpload(id, uploader, until)) > 0;
  }

  /** Another upload took the job's turn: this one's data is not the job's any more. */
  private static final class UploadTurnLost extends RuntimeException {
    UploadTurnLost() {
      super(null, null, false, false);
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
      changed = jobs.queue(id, clock.instant());
      if (changed == 0 && job.state() == SyncJobState.OPEN) {
        throw new ConflictException(
            "Upload data before completing the job's upload, and wait for an upload in progress.");
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
