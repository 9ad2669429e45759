package io.syncbridge.sync;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code Idempotency-Key}s of sync requests: a key is taken by the first request that sends it
 * (atomically: the key is the primary key), and keeps that request's body hash and, once it is
 * done, its response for 24 hours.
 */
@Repository
class IdempotencyKeys {

  static final Duration RETENTION = Duration.ofHours(24);

  /** A key still "running" after this long belongs to a request that died with its instance. */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

  /** What the table holds for a key. */
  record Entry(String requestHash, boolean done, int status, byte[] body, Instant createdAt) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;

  IdempotencyKeys(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Takes the key for a request with this body hash; false when it is taken already. */
  @Transactional
  public boolean take(String key, String requestHash) {
    Instant now = clock.instant();
    // An expired or abandoned key is free again.
    jdbc.update(
        "DELETE FROM idempotency_keys WHERE idempotency_key = ?"
            + " AND (created_at < ? OR (state = 'running' AND created_at < ?))",
        key,
        Timestamp.from(now.minus(RETENTION)),
        Timestamp.from(now.minus(ABANDONED_AFTER)));
    return jdbc.update(
            "INSERT INTO idempotency_keys (idempotency_key, request_hash, state, created_at)"
                + " VALUES (?, ?, 'running', ?) ON CONFLICT (idempotency_key) DO NOTHING",
            key,
            requestHash,
            Timestamp.from(now))
        == 1;
  }

  @Transactional(readOnly = true)
  public Optional<Entry> find(String key) {
    return jdbc
        .query(
            "SELECT request_hash, state, status_code, response_body, created_at"
                + " FROM idempotency_keys WHERE idempotency_key = ?",
            (rs, n) ->
                new Entry(
                    rs.getString(1),
                    "done".equals(rs.getString(2)),
                    rs.getInt(3),
                    rs.getBytes(4),
                    rs.getTimestamp(5).toInstant()),
            key)
        .stream()
        .findFirst();
  }

  @Transactional
  public void complete(String key, int status, byte[] body) {
    jdbc.update(
        "UPDATE idempotency_keys SET state = 'done', status_code = ?, response_body = ?"
            + " WHERE idempotency_key = ?",
        status,
        body,
        key);
  }

  /** Frees the key of a request that failed unexpectedly, so that the client may try again. */
  @Transactional
  public void release(String key) {
    jdbc.update("DELETE FROM idempotency_keys WHERE idempotency_key = ?", key);
  }

  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  @Transactional
  public void purgeExpired() {
    jdbc.update(
        "DELETE FROM idempotency_keys WHERE created_at < ?",
        Timestamp.from(clock.instant().minus(RETENTION)));
  }
}
