package io.syncbridge.record;

import static io.syncbridge.record.FieldMessages.NOT_BLANK;
import static io.syncbridge.record.FieldMessages.NOT_BOOLEAN;
import static io.syncbridge.record.FieldMessages.NOT_CURRENCY;
import static io.syncbridge.record.FieldMessages.NOT_DATE_TIME;
import static io.syncbridge.record.FieldMessages.NOT_EMAIL;
import static io.syncbridge.record.FieldMessages.NOT_INTEGER;
import static io.syncbridge.record.FieldMessages.NOT_NULL;
import static io.syncbridge.record.FieldMessages.NOT_NUMBER;
import static io.syncbridge.record.FieldMessages.NOT_STRING;
import static io.syncbridge.record.FieldMessages.REQUIRED;
import static io.syncbridge.record.FieldMessages.atLeast;
import static io.syncbridge.record.FieldMessages.atMost;
import static io.syncbridge.record.FieldMessages.maxLength;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one sync record and collects what is wrong with them, field by field, in the
 * messages the earlier (Django REST Framework) service used, so that clients matching on them keep
 * working. Each field keeps only its first error.
 */
public final class RecordReader {

  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

  /**
   * The largest id accepted: 2^53 - 1, the largest integer JavaScript clients hold exactly. It also
   * leaves room to number new rows after the largest id without overflowing.
   */
  public static final long MAX_ID = 9_007_199_254_740_991L;

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private final int index;
  private final JsonNode record;
  private final String prefix;
  private final Map<String, String> errors;

  public RecordReader(int index, JsonNode record) {
    this(index, record, "", new LinkedHashMap<>());
  }

  private RecordReader(int index, JsonNode record, String prefix, Map<String, String> errors) {
    this.index = index;
    this.record = record;
    this.prefix = prefix;
    this.errors = errors;
  }

  public int index() {
    return index;
  }

  /** A reader for an object nested in this record, whose errors are named {@code prefix.field}. */
  public RecordReader nested(JsonNode node, String nestedPrefix) {
    return new RecordReader(index, node, prefix + nestedPrefix + ".", errors);
  }

  /** A reader over the same record with camelCase keys turned into snake_case ones. */
  public RecordReader withSnakeCaseKeys() {
    var normalized = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (var field : record.properties()) {
      String key = JsonValues.snakeCase(field.getKey());
      // When both spellings are sent, the snake_case one (the contract's own) wins.
      if (!normalized.has(key) || key.equals(field.getKey())) {
        normalized.set(key, field.getValue());
      }
    }
    return new RecordReader(index, normalized, prefix, errors);
  }

  public boolean has(String field) {
    return record.has(field);
  }

  public JsonNode get(String field) {
    return record.get(field);
  }

  public void error(String field, String message) {
    errors.putIfAbsent(prefix + field, message);
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  public List<RecordError> errors() {
    List<RecordError> list = new ArrayList<>(errors.size());
    errors.forEach((field, message) -> list.add(new RecordError(index, field, message)));
    return list;
  }

  /** The optional {@code id}: a positive integer, as a number or a numeric string. */
  public Long id() {
    return id("id", false);
  }

  /** A row id (the record's own or a reference): a positive integer, as a number or a string. */
  public Long id(String field, boolean required) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        error(field, node == null ? REQUIRED : NOT_NULL);
      }
      return null;
    }
    return integer(field, node, 1, MAX_ID);
  }

  public String requiredString(String field, int maxLength) {
    JsonNode node = record.get(field);
    if (node == null) {
      error(field, REQUIRED);
      return null;
    }
    if (node.isNull()) {
      error(field, NOT_NULL);
      return null;
    }
    String value = string(field, node, maxLength);
    if (value != null && value.isBlank()) {
      error(field, NOT_BLANK);
    }
    return value;
  }

  public String optionalString(String field, int maxLength) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    return string(field, node, maxLength);
  }

  public String requiredEmail(String field, int maxLength) {
    return checkEmail(field, requiredString(field, maxLength));
  }

  public String optionalEmail(String field, int maxLength) {
    String value = optionalString(field, maxLength);
    return value == null || value.isEmpty() ? value : checkEmail(field, value);
  }

  /** A 3-letter currency code, {@code defaultValue} when absent or null. */
  public String currency(String field, String defaultValue) {
    String value = optionalString(field, 3);
    if (value == null) {
      return defaultValue;
    }
    if (!CURRENCY.matcher(value).matches()) {
      error(field, NOT_CURRENCY);
    }
    return value;
  }

  /** A decimal ≥ 0 with at most {@code digits} digits, {@code places} of them after the point. */
  public BigDecimal decimal(String field, boolean required, int digits, int places) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        error(field, node == null ? REQUIRED : NOT_NULL);
      }
      return null;
    }
    BigDecimal value = JsonValues.decimal(node);
    if (value == null) {
      error(field, NOT_NUMBER);
      return null;
    }
    BigDecimal normalized = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    String problem = FieldMessages.decimalProblem(normalized, digits, places);
    if (problem == null) {
      return normalized.setScale(places);
    }
    error(field, problem);
    return null;
  }

  /** An integer in {@code [min, Integer.MAX_VALUE]}; null when absent and not required. */
  public Integer integer(String field, boolean required, int min) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        error(field, node == null ? REQUIRED : NOT_NULL);
      }
      return null;
    }
    Long value = integer(field, node, min, Integer.MAX_VALUE);
    return value == null ? null : value.intValue();
  }

  /** A 64-bit integer, as a number or a numeric string; null when absent. */
  public Long optionalLong(String field) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    return integer(field, node, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public boolean bool(String field, boolean defaultValue) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      return defaultValue;
    }
    Boolean value = JsonValues.bool(node);
    if (value != null) {
      return value;
    }
    error(field, NOT_BOOLEAN);
    return defaultValue;
  }

  /** An ISO-8601 date (midnight UTC) or date-time (UTC when it has no offset); null when absent. */
  public Instant dateTime(String field) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    Instant value = JsonValues.dateTime(node);
    if (value == null) {
      error(field, NOT_DATE_TIME);
    }
    return value;
  }

  private String string(String field, JsonNode node, int maxLength) {
    if (!node.isString()) {
      error(field, NOT_STRING);
      return null;
    }
    String value = node.stringValue();
    // PostgreSQL text cannot hold U+0000; refused on SQLite too, so both behave alike.
    if (value.indexOf('\u0000') >= 0) {
      error(field, "Null characters are not allowed.");
      return null;
    }
    if (value.codePointCount(0, value.length()) > maxLength) {
      error(field, maxLength(maxLength));
      return null;
    }
    return value;
  }

  private String checkEmail(String field, String value) {
    if (value != null && !value.isBlank() && !EmailAddress.isValid(value)) {
      error(field, NOT_EMAIL);
      return null;
    }
    return value;
  }

  private Long integer(String field, JsonNode node, long min, long max) {
    BigInteger value = JsonValues.integer(node);
    if (value == null || value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
      error(field, NOT_INTEGER);
      return null;
    }
    long result = value.longValue();
    if (result < min) {
      error(field, atLeast(min));
      return null;
    }
    if (result > max) {
      error(field, atMost(max));
      return null;
    }
    return result;
  }
}
