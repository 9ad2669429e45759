package io.syncbridge.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A row of {@code sync_jobs}. Its progress ({@code dataOffset}, the counts) changes only in the
 * transaction of the chunk it describes ({@link SyncJobProgress#advance}); the entity itself
 * creates jobs, changes their state and takes claims.
 */
@Entity
@Table(name = "sync_jobs")
@DynamicUpdate
class SyncJob {

  // INTEGER on SQLite (AUTOINCREMENT needs it), BIGINT on PostgreSQL: both validate as "integer".
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(columnDefinition = "integer")
  private Long id;

  private String model;

  @Column(columnDefinition = "text")
  private String options;

  private String state;
  private String format;

  @Column(columnDefinition = "text")
  private String csvHeader;

  @Column(columnDefinition = "integer")
  private long bytesUploaded;

  @Column(columnDefinition = "integer")
  private long dataOffset;

  @Column(columnDefinition = "integer")
  private long recordsRead;

  @Column(columnDefinition = "integer")
  private long recordsStored;

  @Column(columnDefinition = "integer")
  private long recordsFailed;

  @Column(columnDefinition = "text")
  private String error;

  private Instant createdAt;
  private Instant startedAt;
  private Instant finishedAt;
  private String claimedBy;
  private Instant claimedUntil;
  private int failures;
  private String uploadingBy;
  private Instant uploadingUntil;

  protected SyncJob() {}

  SyncJob(String model, String options, Instant now) {
    this.model = model;
    this.options = options;
    this.state = SyncJobState.OPEN.value();
    this.createdAt = now;
  }

  SyncJobView view(Instant now) {
    Instant until = finishedAt != null ? finishedAt : now;
    double seconds =
        startedAt == null ? 0 : Math.max(Duration.between(startedAt, until).toMillis(), 1) / 1000.0;
    return new SyncJobView(
        id,
        model,
        state(),
        format,
        bytesUploaded,
        dataOffset,
        recordsRead,
        recordsStored,
        recordsFailed,
        error,
        createdAt,
        startedAt,
        finishedAt,
        seconds == 0 ? 0 : Math.round(recordsRead / seconds));
  }

  /** Takes the job for {@code claimant} until {@code until}: its turn to be processed. */
  void claim(String claimant, Instant until, Instant now) {
    claimedBy = claimant;
    claimedUntil = until;
    state = SyncJobState.IN_PROGRESS.value();
    if (startedAt == null) {
      startedAt = now;
    }
  }

  Long id() {
    return id;
  }

  String model() {
    return model;
  }

  String options() {
    return options;
  }

  SyncJobState state() {
    return SyncJobState.parse(state).orElseThrow();
  }

  void state(SyncJobState state) {
    this.state = state.value();
  }

  JobFormat format() {
    return format == null ? null : JobFormat.valueOf(format.toUpperCase(Locale.ROOT));
  }

  String csvHeader() {
    return csvHeader;
  }

  long bytesUploaded() {
    return bytesUploaded;
  }

  long dataOffset() {
    return dataOffset;
  }

  long recordsRead() {
    return recordsRead;
  }

  Instant finishedAt() {
    return finishedAt;
  }
}
