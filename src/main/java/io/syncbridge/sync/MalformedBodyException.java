package io.syncbridge.sync;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * The body is not JSON, or breaks a limit of its form: the caller answers 400 and records nothing.
 * Where the cause is known (a duplicate key, bad UTF-8, nesting or a number beyond the limits), it
 * names the field and, inside the data array, the record.
 */
final class MalformedBodyException extends RuntimeException {

  private final int index;
  private final String field;
  private final String reason;

  MalformedBodyException(int index, String field, String reason) {
    super("Malformed JSON request body", null, false, false);
    this.index = index;
    this.field = field;
    this.reason = reason;
  }

  static MalformedBodyException of(JacksonException e, int index, String field) {
    String text = String.valueOf(e.getOriginalMessage());
    String reason = null;
    if (text.startsWith("Duplicate Object property")) {
      reason = "Duplicate key.";
    } else if (text.contains("Invalid UTF-8")) {
      reason = "Invalid UTF-8.";
    } else if (e instanceof StreamConstraintsException) {
      reason =
          text.contains("nesting depth")
              ? "Nested too deeply."
              : text.contains("Number value length") ? "Number too long." : "Value too large.";
    }
    return new MalformedBodyException(index, field, reason);
  }

  /** The record the problem is in, or -1 when outside the data array or unknown. */
  int index() {
    return index;
  }

  /** The field the problem is in ({@code non_field_errors} when none), or null when unknown. */
  String field() {
    return reason == null ? null : field == null ? "non_field_errors" : field;
  }

  /** What is wrong, or null when it is plain malformed JSON. */
  String reason() {
    return reason;
  }
}
