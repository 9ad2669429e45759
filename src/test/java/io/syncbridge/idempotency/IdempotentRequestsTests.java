package io.syncbridge.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.ServiceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which answers a key keeps: a refusal of the client's request yes, a failure of the service no.
 */
class IdempotentRequestsTests {

  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

  private final IdempotencyKeys keys = mock(IdempotencyKeys.class);
  private final IdempotentRequests requests =
      new IdempotentRequests(keys, JsonMapper.builder().build());

  @BeforeEach
  void theKeyIsNew() {
    when(keys.take(anyString(), anyString())).thenReturn(true);
  }

  @Test
  void aRefusalIsKeptAndAnsweredInTheEnvelope() {
    ResponseEntity<?> answer =
        requests.run(
            "k",
            BODY,
            () -> {
              throw new InvalidRequestException(
                  "Invalid sync request.", Map.of("model", "x"), null);
            });

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(new String((byte[]) answer.getBody(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"status\":400,\"message\":\"Invalid sync request.\",\"errors\":{\"model\":\"x\"}}");
    verify(keys).complete(eq("k"), eq(400), any());
    verify(keys, never()).release(anyString());
  }

  @Test
  void aFailureOfTheServiceFreesTheKey() {
    ServiceUnavailableException unavailable = new ServiceUnavailableException("Shutting down");

    assertThatThrownBy(
            () ->
                requests.run(
                    "k",
                    BODY,
                    () -> {
                      throw unavailable;
                    }))
        .isSameAs(unavailable);
    verify(keys).release("k");
    verify(keys, never()).complete(anyString(), anyInt(), any());
  }
}
