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
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  static final int MAX_FAILURES = 5;
  private static final JsonMapper JSON = JobJson.JSON;

  private final SyncJobRepository jobs;
  private final SyncService sync;
  private final JobFiles files;
  private final JobUploads uploads;
  private final SyncJobResults resultRows;
  private final WriteTransactions transactions;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Duration retention;

  SyncJobService(
      SyncJobRepository jobs,
      SyncService sync,
      JobFiles files,
      JobUploads uploads,
      SyncJobResults resultRows,
      WriteTransactions transactions,
      Clock clock,
      ApplicationEventPublisher events,
      SyncBridgeProperties properties) {
    this.jobs = jobs;
    this.sync = sync;
    this.files = files;
    this.uploads = uploads;
    this.resultRows = resultRows;
    this.transactions = transactions;
    this.clock = clock;
    this.events = events;
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
   * Appends an upload to an open job's data, streamed to its file as it arrives (see {@link
   * JobUploads}).
   */
  public SyncJobView upload(long id, MediaType contentType, InputStream body) throws IOException {
    jobs.findById(id).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    uploads.append(id, JobFormat.of(contentType), body);
    return find(id).orElseThrow();
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

  /** Where a job's results go, opened once their format is known. */
  public interface ResultsTarget {
    /**
     * @param format the results' media type, or null before the job's first upload (no results)
     */
    OutputStream open(MediaType format) throws IOException;
  }

  /**
   * Writes a job's successful or failed records to {@code target}, in its data's format, as far as
   * processing has committed; nothing before its first upload.
   */
  public void writeResults(long id, boolean successful, ResultsTarget target) throws IOException {
    SyncJob job = withResults(id);
    JobFormat format = job.format();
    if (format == null) {
      target.open(null);
      return;
    }
    List<String> columns = format == JobFormat.CSV ? JobUpload.columns(job.csvHeader()) : null;
    if (!successful) {
      resultRows.copyFailed(id, columns, target.open(format.mediaType));
    } else if (format == JobFormat.NDJSON) {
      resultRows.copySuccessful(id, format, columns, null, target.open(format.mediaType));
    } else {
      if (!Files.exists(files.data(id))) {
        throw new NotFoundException(
            "The job's data, which a CSV job's successful records are read from, is not in this"
                + " instance's jobs directory (sync-bridge.jobs.directory): instances that share a"
                + " database must share that directory too.");
      }
      try (JobRecords data =
          new JobRecords(files.data(id), 0, job.bytesUploaded(), format, columns)) {
        resultRows.copySuccessful(id, format, columns, data, target.open(format.mediaType));
      }
    }
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

  /**
   * Records that processing a job stopped on an error of its own (not a crash): the job is taken up
   * again once its lease runs out, and after {@value #MAX_FAILURES} such stops it ends failed with
   * the last error, rather than being tried for ever.
   */
  @Transactional
  public void processingFailed(long id, String claimant, String error) {
    if (jobs.recordFailure(id, claimant) > 0 && jobs.failures(id) >= MAX_FAILURES) {
      jobs.finish(
          id,
          claimant,
          SyncJobState.FAILED.value(),
          "Processing stopped " + MAX_FAILURES + " times; the last time: " + error,
          clock.instant());
    }
  }

  /**
   * Deletes the data and results of the jobs that ended from {@code from} until before {@code
   * before}; returns how many jobs that was.
   */
  @Transactional
  public int deleteExpiredFiles(Instant from, Instant before) {
    List<SyncJob> expired =
        jobs.findByStateInAndFinishedAtGreaterThanEqualAndFinishedAtBefore(
            List.of(
                SyncJobState.COMPLETED.value(),
                SyncJobState.FAILED.value(),
                SyncJobState.ABORTED.value()),
            from,
            before);
    expired.forEach(
        job -> {
          files.delete(job.id());
          resultRows.delete(job.id());
        });
    return expired.size();
  }
}
