package io.syncbridge.record;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/**
 * The messages a field or a value can fail with, in the words of the earlier (Django REST
 * Framework) service, so that clients matching on them keep working. The one catalogue of them: the
 * sync protocol, the models and GraphQL all take theirs from here.
 */
public final class FieldMessages {

  public static final String REQUIRED = "This field is required.";
  public static final String NOT_NULL = "This field may not be null.";
  public static final String NOT_BLANK = "This field may not be blank.";
  public static final String NOT_STRING = "Not a valid string.";
  public static final String NOT_INTEGER = "A valid integer is required.";
  public static final String NOT_NUMBER = "A valid number is required.";
  public static final String NOT_BOOLEAN = "Must be a valid boolean.";
  public static final String NOT_EMAIL = "Enter a valid email address.";
  public static final String NOT_CURRENCY = "Enter a 3-letter currency code.";
  public static final String NOT_DATE_TIME =
      "Datetime has wrong format. Use one of these formats instead: "
          + "YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

  public static final String INVALID_RECORDS =
      "Validation failed for one of the items in the data array.";

  private FieldMessages() {}

  /** The message of a request rejected because its records break a unique key. */
  public static String duplicateEntry(String field) {
    return "Duplicate entry: field '" + field + "' already exists";
  }

  public static String notAChoice(String value) {
    return "\"" + value + "\" is not a valid choice.";
  }

  /**
   * What is wrong with a decimal (trailing zeros stripped) for a column of {@code digits} digits,
   * {@code places} of them after the point, that takes no negative value; null when nothing.
   */
  static String decimalProblem(BigDecimal normalized, int digits, int places) {
    int scale = Math.max(normalized.scale(), 0);
    // Digits left of the point; computed without expanding 1E+999999 into a million digits.
    long whole = Math.max((long) normalized.precision() - normalized.scale(), 0);
    if (whole + scale > digits) {
      return "Ensure that there are no more than " + digits + " digits in total.";
    }
    if (scale > places) {
      return "Ensure that there are no more than " + places + " decimal places.";
    }
    if (whole > digits - places) {
      return "Ensure that there are no more than "
          + (digits - places)
          + " digits before the decimal point.";
    }
    return normalized.signum() < 0 ? atLeast(0) : null;
  }

  public static String maxItems(int maxItems) {
    return "Ensure this list has no more than " + maxItems + " elements.";
  }

  public static String maxLength(int maxLength) {
    return "Ensure this field has no more than " + maxLength + " characters.";
  }

  public static String atLeast(long min) {
    return "Ensure this value is greater than or equal to " + min + ".";
  }

  public static String atMost(long max) {
    return "Ensure this value is less than or equal to " + max + ".";
  }

  /** The earlier service's words for a value that should have been a list. */
  public static String expectedList(JsonNode node) {
    return "Expected a list of items but got type \"" + pythonTypeName(node) + "\".";
  }

  /** The earlier service's words for a value that should have been an object. */
  public static String expectedObject(JsonNode node) {
    return "Invalid data. Expected a dictionary, but got " + pythonTypeName(node) + ".";
  }

  /** JSON types by the names the earlier (Python) service reported them under. */
  private static String pythonTypeName(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "dict";
      case ARRAY -> "list";
      case STRING -> "str";
      case NUMBER -> node.isIntegralNumber() ? "int" : "float";
      case BOOLEAN -> "bool";
      default -> "NoneType";
    };
  }
}
