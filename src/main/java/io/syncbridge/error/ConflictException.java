package io.syncbridge.error;

/**
 * The request collides with another, or with the state of what it names: answered 409 with the
 * message. (Records that break a unique key are {@code RecordsRejectedException}, with details.)
 */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message, null, false, false);
  }
}
