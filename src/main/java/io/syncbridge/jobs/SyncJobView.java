package io.syncbridge.jobs;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A sync job as the API shows it.
 *
 * @param format {@code csv} or {@code ndjson}, from the first upload; null before it
 * @param bytesProcessed how much of the data has been stored (committed chunks): the progress
 * @param error why a failed job stopped
 * @param recordsPerSecond records read per second since it started, until it ended
 */
@JsonPropertyOrder({
  "id",
  "model",
  "state",
  "format",
  "bytes_uploaded",
  "bytes_processed",
  "records_read",
  "records_stored",
  "records_failed",
  "error",
  "created_at",
  "started_at",
  "finished_at",
  "records_per_second"
})
public record SyncJobView(
    long id,
    String model,
    SyncJobState state,
    String format,
    long bytesUploaded,
    long bytesProcessed,
    long recordsRead,
    long recordsStored,
    long recordsFailed,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    long recordsPerSecond) {}
