package io.syncbridge.web;

import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.record.FieldMessages;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules of a listing's query parameters (the history's, the jobs'): {@code page} from 1, {@code
 * size} from 1 to a maximum, a {@code model} without null characters. Checked in the controller,
 * not by {@code @Min}/{@code @Max}: method validation cost a history page about 5 % of its rate
 * (docs/performance.md); types are checked by binding (ApiExceptionHandler).
 */
public final class ListingParameters {

  private ListingParameters() {}

  /**
   * @throws InvalidRequestException naming every parameter out of range at once
   */
  public static void check(int page, int size, int maxSize, String model) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (page < 1) {
      errors.put("page", FieldMessages.atLeast(1));
    }
    if (size < 1 || size > maxSize) {
      errors.put("size", size < 1 ? FieldMessages.atLeast(1) : FieldMessages.atMost(maxSize));
    }
    if (model != null && model.indexOf('\u0000') >= 0) {
      errors.put("model", "Null characters are not allowed.");
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException("Invalid query parameters.", errors, null);
    }
  }
}
