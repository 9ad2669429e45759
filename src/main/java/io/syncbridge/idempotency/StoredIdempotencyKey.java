package io.syncbridge.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code idempotency_keys}: the key, its request's body hash and, once done, its answer.
 */
@Entity
@Table(name = "idempotency_keys")
class StoredIdempotencyKey {

  @Id
  @Column(name = "idempotency_key")
  private String key;

  private String requestHash;
  private String state;
  private Integer statusCode;

  private byte[] responseBody;

  private Instant createdAt;

  protected StoredIdempotencyKey() {}

  IdempotencyKeys.Entry toEntry() {
    return new IdempotencyKeys.Entry(
        requestHash,
        IdempotencyKeyRepository.DONE.equals(state),
        statusCode == null ? 0 : statusCode,
        responseBody,
        createdAt);
  }
}
