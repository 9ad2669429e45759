package io.syncbridge.error;

/** The service cannot take the request now (it is shutting down): answered 503 with the message. */
public class ServiceUnavailableException extends RuntimeException {

  public ServiceUnavailableException(String message) {
    super(message, null, false, false);
  }
}
