package io.syncbridge.error;

import java.util.List;
import java.util.Map;

/**
 * The request breaks a rule of the contract: answered 400 with its message and, where the problem
 * is in fields, what is wrong with each ({@code errors}) and where ({@code details}).
 */
public class InvalidRequestException extends RuntimeException {

  private final Map<String, String> errors;
  private final List<?> details;

  public InvalidRequestException(String message) {
    this(message, null, null);
  }

  /**
   * @param errors field → message, or null
   * @param details field errors with their place (e.g. a record's index), or null
   */
  public InvalidRequestException(String message, Map<String, String> errors, List<?> details) {
    super(message, null, false, false);
    this.errors = errors;
    this.details = details;
  }

  public Map<String, String> errors() {
    return errors;
  }

  public List<?> details() {
    return details;
  }
}
