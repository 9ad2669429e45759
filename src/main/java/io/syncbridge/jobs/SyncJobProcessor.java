package io.syncbridge.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.WriteTransactions;
import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordsRejectedException;
import io.syncbridge.sync.ChunkListener;
import io.syncbridge.sync.PreparedChunk;
import io.syncbridge.sync.SyncOptions;
import io.syncbridge.sync.SyncService;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores a claimed job chunk by chunk through the sync path, each chunk in one transaction with the
 * job's progress (where the next chunk starts, the counts) and its result rows: no record is
 * applied twice, none is skipped, however the processing stops.
 */
@Component
class SyncJobProcessor {

  private static final JsonMapper JSON = JobJson.JSON;

  private final SyncJobRepository jobs;
  private final SyncJobProgress progress;
  private final SyncService sync;
  private final JobFiles files;
  private final SyncJobResults resultRows;
  private final WriteTransactions transactions;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final SyncBridgeProperties.Jobs settings;

  SyncJobProcessor(
      SyncJobRepository jobs,
      SyncJobProgress progress,
      SyncService sync,
      JobFiles files,
      SyncJobResults resultRows,
      WriteTransactions transactions,
      MeterRegistry metrics,
      Clock clock,
      SyncBridgeProperties properties) {
    this.jobs = jobs;
    this.progress = progress;
    this.sync = sync;
    this.files = files;
    this.resultRows = resultRows;
    this.transactions = transactions;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = properties.jobs();
  }

  /**
   * Processes a job {@code claimant} holds until it ends, stops being the claimant's, or {@code
   * stopping} says so (between chunks).
   */
  void process(SyncJob job, String claimant, BooleanSupplier stopping) throws IOException {
    new Run(job, claimant, stopping).process();
  }

  /** A committed chunk's progress, taken over by its run once the transaction has committed. */
  private record Progress(long offset, long line) {}

  /** One claimed job, processed chunk by chunk; its fields are its committed progress. */
  private final class Run {
    private final long id;
    private final String claimant;
    private final String model;
    private final SyncOptions options;
    private final JobFormat format;
    private final SyncJob job;
    private long offset;
    private long line;

    private final BooleanSupplier stopping;

    Run(SyncJob job, String claimant, BooleanSupplier stopping) {
      this.job = job;
      this.stopping = stopping;
      this.id = job.id();
      this.claimant = claimant;
      this.model = job.model();
      JsonNode stored = job.options() == null ? null : JSON.readTree(job.options());
      this.options =
          new SyncOptions(
              model,
              stored == null || !stored.has("match_on") ? null : stored.get("match_on").asString(),
              stored == null || !stored.has("atomic") || stored.get("atomic").asBoolean());
      this.format = job.format();
      this.offset = job.dataOffset();
      this.line = job.recordsRead();
    }

    void process() throws IOException {
      if (!Files.exists(files.data(id))) {
        // Processing it again elsewhere, every lease, would not bring it back.
        finish(
            SyncJobState.FAILED,
            "The job's data is not in this instance's jobs directory (sync-bridge.jobs.directory);"
                + " instances that share a database must share that directory too.");
        return;
      }
      List<String> columns = format == JobFormat.CSV ? JobUpload.columns(job.csvHeader()) : null;
      try (JobRecords records =
              new JobRecords(files.data(id), offset, job.bytesUploaded(), format, columns);
          ChunkReadAhead chunks =
              new ChunkReadAhead(records, line, settings.chunkSize(), id, this::prepare)) {
        while (!stopping.getAsBoolean()) {
          ChunkReadAhead.Chunk chunk = chunks.next();
          if (chunk.reads().isEmpty()) {
            finish(SyncJobState.COMPLETED, null);
            return;
          }
          if (!store(chunk)) {
            return;
          }
        }
      }
    }

    /**
     * On the reading thread: the chunk's readable records prepared for the sync path; null when
     * there are none, or when an atomic job will stop at this chunk anyway.
     */
    private PreparedChunk prepare(List<JobRecords.Read> chunk) {
      List<ObjectNode> readable = new ArrayList<>(chunk.size());
      for (JobRecords.Read read : chunk) {
        if (read.fields() != null) {
          readable.add(read.fields());
        } else if (options.atomic()) {
          return null;
        }
      }
      return readable.isEmpty() ? null : sync.prepareChunk(options, readable, "job-" + id);
    }

    /** Stores one chunk; false when the job stopped (failed, aborted or taken over). */
    private boolean store(ChunkReadAhead.Chunk read) {
      List<JobRecords.Read> chunk = read.reads();
      long end = read.end();
      List<JobRecords.Read> readable = new ArrayList<>(chunk.size());
      Map<JobRecords.Read, Map<String, String>> unreadable = new LinkedHashMap<>();
      for (JobRecords.Read record : chunk) {
        if (record.fields() != null) {
          readable.add(record);
        } else {
          unreadable.put(record, Map.of(JobRecords.LINE_FIELD, record.error()));
        }
      }
      if (options.atomic() && !unreadable.isEmpty()) {
        fail(chunk.size(), unreadable);
        return false;
      }
      Progress[] done = new Progress[1];
      try {
        if (readable.isEmpty()) {
          done[0] = transactions.execute(() -> advance(chunk, unreadable, List.of(), end, offset));
        } else {
          sync.syncChunk(
              read.prepared(),
              results -> done[0] = advance(chunk, unreadable, results, end, offset));
        }
      } catch (RecordsRejectedException e) {
        if (!options.atomic()) {
          throw e; // not the records' doing (a race lost three times): this chunk again later
        }
        Map<JobRecords.Read, Map<String, String>> failed =
            new TreeMap<>(Comparator.comparingLong(JobRecords.Read::line));
        for (RecordError error : e.errors()) {
          failed
              .computeIfAbsent(readable.get(error.index()), r -> new LinkedHashMap<>())
              .putIfAbsent(error.field(), error.message());
        }
        fail(chunk.size(), failed);
        return false;
      } catch (ChunkListener.Stopped stopped) {
        return false;
      }
      apply(done[0]);
      return true;
    }

    /**
     * In the chunk's transaction: moves the job on and keeps the chunk's result rows.
     *
     * @param results one per readable record, in order (an UpsertResult or a FailedRecord)
     */
    private Progress advance(
        List<JobRecords.Read> chunk,
        Map<JobRecords.Read, Map<String, String>> unreadable,
        List<Object> results,
        long end,
        long from) {
      JobResults written = new JobResults(format);
      long stored = written.chunk(chunk, unreadable, results);
      return commit(written, chunk.size(), stored, chunk.size() - stored, end, from);
    }

    private Progress commit(
        JobResults written, long read, long stored, long failed, long end, long from) {
      // The job's row first: it checks that the job is still this claimant's (and, on
      // PostgreSQL, locks it until commit).
      int advanced =
          progress.advance(
              id,
              claimant,
              from,
              end,
              read,
              stored,
              failed,
              clock.instant().plus(settings.lease()));
      if (advanced == 0) {
        throw new ChunkListener.Stopped();
      }
      resultRows.save(id, from, written);
      return new Progress(end, line + read);
    }

    /**
     * An atomic job with failing records in a chunk: nothing of the chunk is stored, its failures
     * are reported, and the job ends as failed where it got to.
     */
    private void fail(long read, Map<JobRecords.Read, Map<String, String>> failed) {
      String error = JobResults.atomicFailure(failed);
      JobResults written = new JobResults(format);
      failed.forEach(written::failed);
      try {
        transactions.execute(
            () -> {
              commit(written, read, 0, failed.size(), offset, offset);
              return jobs.finish(id, claimant, SyncJobState.FAILED.value(), error, clock.instant());
            });
        ended(SyncJobState.FAILED);
      } catch (ChunkListener.Stopped stopped) {
        // Aborted meanwhile: it stays aborted.
      }
    }

    private void finish(SyncJobState state, String error) {
      if (transactions.execute(
              () -> jobs.finish(id, claimant, state.value(), error, clock.instant()))
          > 0) {
        ended(state);
      }
    }

    private void ended(SyncJobState state) {
      Counter.builder("sync.jobs")
          .description("Sync jobs that ended, by model and state")
          .tags("model", model, "state", state.value())
          .register(metrics)
          .increment();
    }

    private void apply(Progress progress) {
      offset = progress.offset();
      line = progress.line();
    }
  }
}
