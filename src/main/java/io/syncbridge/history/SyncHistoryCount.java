package io.syncbridge.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import org.hibernate.annotations.Immutable;

/**
 * How many history entries have a model and a status: kept by triggers on SQLite (V3) and a view on
 * PostgreSQL, so that a count never scans the entries.
 */
@Entity
@Table(name = "sync_history_counts")
@IdClass(SyncHistoryCount.Key.class)
@Immutable
class SyncHistoryCount {

  @Id private String model;
  @Id private String status;

  // INTEGER on SQLite, count(*)'s BIGINT on PostgreSQL: both validate as "integer".
  @Column(columnDefinition = "integer")
  private long entries;

  protected SyncHistoryCount() {}

  String model() {
    return model;
  }

  SyncHistoryStatus status() {
    return SyncHistoryStatus.parse(status).orElseThrow();
  }

  long entries() {
    return entries;
  }

  record Key(String model, String status) implements Serializable {}
}
