package io.syncbridge.idempotency;

import io.syncbridge.error.ConflictException;
import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.ServiceUnavailableException;
import io.syncbridge.error.UnprocessableException;
import io.syncbridge.web.ClientErrors;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a sync request at most once per {@code Idempotency-Key}: the first request with a key is
 * processed and its response kept; a repeat with the same body gets that response again, byte for
 * byte, with {@code Idempotent-Replayed: true}, and writes nothing; a repeat with another body is
 * refused (422); a repeat while the first is still running waits for it, or gets 409.
 */
@Component
public class IdempotentRequests {

  public static final String HEADER = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";
  static final int MAX_KEY_LENGTH = 255;
  static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(10);

  private final IdempotencyKeys keys;
  private final JsonMapper jsonMapper;

  IdempotentRequests(IdempotencyKeys keys, JsonMapper jsonMapper) {
    this.keys = keys;
    this.jsonMapper = jsonMapper;
  }

  public ResponseEntity<?> run(String key, byte[] body, Supplier<ResponseEntity<?>> request) {
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw new InvalidRequestException(
          "Invalid Idempotency-Key header.",
          Map.of(HEADER, "Send 1 to " + MAX_KEY_LENGTH + " characters."),
          null);
    }
    String hash = sha256(body);
    if (!keys.take(key, hash)) {
      return repeat(key, hash);
    }
    int status;
    Object answer;
    try {
      ResponseEntity<?> response = request.get();
      status = response.getStatusCode().value();
      answer = response.getBody();
    } catch (RuntimeException e) {
      // A refusal is the answer to keep; a failure of the service's own is not: the key is freed
      // so that the request can be sent again.
      var refusal = ClientErrors.envelope(e).filter(envelope -> envelope.status() < 500);
      if (refusal.isEmpty()) {
        keys.release(key);
        throw e;
      }
      status = refusal.get().status();
      answer = refusal.get();
    }
    byte[] bytes = jsonMapper.writeValueAsBytes(answer);
    keys.complete(key, status, bytes);
    return json(status, bytes, false);
  }

  private ResponseEntity<?> repeat(String key, String hash) {
    long deadline = System.nanoTime() + WAIT_FOR_FIRST.toNanos();
    while (true) {
      Optional<IdempotencyKeys.Entry> entry = keys.find(key);
      if (entry.isEmpty()) {
        throw new ConflictException(
            "The first request with this Idempotency-Key failed; send it again.");
      }
      if (!entry.get().requestHash().equals(hash)) {
        throw new UnprocessableException(
            "This Idempotency-Key was already used with a different request body.");
      }
      if (entry.get().done()) {
        return json(entry.get().status(), entry.get().body(), true);
      }
      if (System.nanoTime() > deadline) {
        throw new ConflictException(
            "A request with this Idempotency-Key is still being processed.");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceUnavailableException("The service is shutting down; send it again.");
      }
    }
  }

  private static ResponseEntity<byte[]> json(int status, byte[] body, boolean replayed) {
    var response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
    if (replayed) {
      response.header(REPLAYED, "true");
    }
    return response.body(body);
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
