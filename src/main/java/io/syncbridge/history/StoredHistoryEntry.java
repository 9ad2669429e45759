package io.syncbridge.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A row of {@code sync_history}. Entries are written and read in SQL ({@link SyncHistoryJdbc}); the
 * entity changes their state and takes retry claims. Updates write the changed columns only, never
 * the payload back.
 */
@Entity
@Table(name = "sync_history")
@DynamicUpdate
class StoredHistoryEntry {

  // SQLite allows AUTOINCREMENT on INTEGER only; PostgreSQL's bigint validates against it too.
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(columnDefinition = "integer")
  private Long id;

  private String model;

  @Column(columnDefinition = "text")
  private String payload;

  private byte[] payloadDeflated;

  private String status;

  @Column(columnDefinition = "text")
  private String failureReason;

  private int retries;
  private int records;

  // INTEGER on SQLite, BIGINT on PostgreSQL: both validate as "integer".
  @Column(columnDefinition = "integer")
  private long durationMs;

  private String requestId;
  private Instant createdAt;
  private Instant updatedAt;

  @Column(columnDefinition = "text")
  private String options;

  @Column(columnDefinition = "text")
  private String failedRecords;

  private Instant nextAttemptAt;
  private String claimedBy;
  private Instant claimedUntil;

  protected StoredHistoryEntry() {}

  /** Takes the entry for a replay by {@code claimant}, who holds it until {@code until}. */
  RetryClaim claim(String claimant, Instant until) {
    claimedBy = claimant;
    claimedUntil = until;
    return new RetryClaim(
        id,
        claimant,
        model,
        HistoryPayload.read(payload, payloadDeflated),
        options,
        failedRecords,
        retries);
  }
}
