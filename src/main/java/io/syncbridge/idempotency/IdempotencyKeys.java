package io.syncbridge.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code Idempotency-Key}s of sync requests: a key is taken by the first request that sends it
 * (atomically: the key is the primary key), and keeps that request's body hash and, once it is
 * done, its response for 24 hours.
 */
@Component
class IdempotencyKeys {

  static final Duration RETENTION = Duration.ofHours(24);

  /** A key still "running" after this long belongs to a request that died with its instance. */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

  /** What the table holds for a key. */
  record Entry(String requestHash, boolean done, int status, byte[] body, Instant createdAt) {}

  private final IdempotencyKeyRepository repository;
  private final Clock clock;

  IdempotencyKeys(IdempotencyKeyRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** Takes the key for a request with this body hash; false when it is taken already. */
  @Transactional
  public boolean take(String key, String requestHash) {
    Instant now = clock.instant();
    // An expired or abandoned key is free again.
    repository.freeIfStale(key, now.minus(RETENTION), now.minus(ABANDONED_AFTER));
    return repository.take(key, requestHash, now) == 1;
  }

  @Transactional(readOnly = true)
  public Optional<Entry> find(String key) {
    return repository.findById(key).map(StoredIdempotencyKey::toEntry);
  }

  @Transactional
  public void complete(String key, int status, byte[] body) {
    repository.complete(key, status, body);
  }

  /** Frees the key of a request that failed unexpectedly, so that the client may try again. */
  @Transactional
  public void release(String key) {
    repository.release(key);
  }

  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  @Transactional
  public void purgeExpired() {
    repository.deleteCreatedBefore(clock.instant().minus(RETENTION));
  }
}
