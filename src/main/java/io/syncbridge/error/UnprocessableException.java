package io.syncbridge.error;

/**
 * The request is well-formed but does not match what it refers to (an {@code Idempotency-Key} sent
 * again with another body): answered 422 with the message.
 */
public class UnprocessableException extends RuntimeException {

  public UnprocessableException(String message) {
    super(message, null, false, false);
  }
}
