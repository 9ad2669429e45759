package io.syncbridge.error;

import java.util.Map;

/** The request carries more than one request may (records, not bytes): answered 413. */
public class LimitExceededException extends InvalidRequestException {

  public LimitExceededException(String message, Map<String, String> errors) {
    super(message, errors, null);
  }
}
