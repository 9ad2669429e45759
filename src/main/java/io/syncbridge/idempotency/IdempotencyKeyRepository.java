package io.syncbridge.idempotency;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface IdempotencyKeyRepository extends JpaRepository<StoredIdempotencyKey, String> {

  String RUNNING = "running";
  String DONE = "done";

  /**
   * Takes the key in one statement: 0 when another request holds it, even one that took it a moment
   * ago on another instance ({@code persist} would read first, and race).
   */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "INSERT INTO idempotency_keys (idempotency_key, request_hash, state, created_at)"
              + " VALUES (:key, :requestHash, 'running', :now)"
              + " ON CONFLICT (idempotency_key) DO NOTHING")
  int take(String key, String requestHash, Instant now);

  /** Deletes the key if it expired, or if its request is still running after {@code abandoned}. */
  @Modifying
  @Query(
      "delete from StoredIdempotencyKey k where k.key = :key"
          + " and (k.createdAt < :expired or (k.state = 'running' and k.createdAt < :abandoned))")
  int freeIfStale(String key, Instant expired, Instant abandoned);

  @Modifying
  @Query(
      "update StoredIdempotencyKey k set k.state = 'done', k.statusCode = :status,"
          + " k.responseBody = :body where k.key = :key")
  int complete(String key, int status, byte[] body);

  @Modifying
  @Query("delete from StoredIdempotencyKey k where k.key = :key")
  int release(String key);

  @Modifying
  @Query("delete from StoredIdempotencyKey k where k.createdAt < :expired")
  int deleteCreatedBefore(Instant expired);
}
