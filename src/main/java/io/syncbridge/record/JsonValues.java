package io.syncbridge.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What loosely typed JSON values a field accepts, as the earlier service accepted them: numbers as
 * numbers or numeric strings, booleans also as {@code "yes"} or {@code 1}, dates with or without a
 * time. Each answers null for a value it does not accept.
 */
final class JsonValues {

  private static final Instant FIRST_INSTANT =
      LocalDate.of(1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
  private static final Instant AFTER_LAST_INSTANT =
      LocalDate.of(10000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
  private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d+(\\.0*)?");
  private static final Pattern OFFSET = Pattern.compile(".*[+-]\\d{2}:?\\d{2}$");

  private JsonValues() {}

  /** An integer: an integral number, a number with nothing after the point, or such a string. */
  static BigInteger integer(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber() && (node.isBigDecimal() || Double.isFinite(node.doubleValue()))) {
      BigDecimal decimal = node.decimalValue();
      if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
        return decimal.precision() - decimal.scale() > 20 ? null : decimal.toBigInteger();
      }
      return null;
    }
    if (node.isString() && node.stringValue().length() <= 40) {
      String text = node.stringValue().trim();
      if (INTEGER_TEXT.matcher(text).matches()) {
        return new BigDecimal(text).toBigInteger();
      }
    }
    return null;
  }

  /** A finite number, or a string that reads as one. */
  static BigDecimal decimal(JsonNode node) {
    if (node.isNumber()) {
      return node.isFloatingPointNumber() && !node.isBigDecimal()
          ? (Double.isFinite(node.doubleValue()) ? new BigDecimal(node.asString()) : null)
          : node.decimalValue();
    }
    if (node.isString() && node.stringValue().length() <= 100) {
      try {
        return new BigDecimal(node.stringValue().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Boolean bool(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()
        && node.canConvertToLong()
        && (node.longValue() == 0 || node.longValue() == 1)) {
      return node.longValue() == 1;
    }
    if (node.isString()) {
      return switch (node.stringValue().toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes", "on" -> true;
        case "false", "0", "no", "off" -> false;
        default -> null;
      };
    }
    return null;
  }

  /** An ISO-8601 date (midnight UTC) or date-time (UTC when it has no offset) in years 1–9999. */
  static Instant dateTime(JsonNode node) {
    if (!node.isString()) {
      return null;
    }
    String text = node.stringValue().trim();
    if (text.length() > 10 && text.charAt(10) == ' ') {
      // Django's parser, which the earlier service used, also takes a space for the 'T'.
      text = text.substring(0, 10) + 'T' + text.substring(11);
    }
    try {
      Instant instant;
      if (text.length() == 10) {
        instant = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else if (text.endsWith("Z") || OFFSET.matcher(text).matches()) {
        instant =
            OffsetDateTime.parse(text.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant();
      } else {
        instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      }
      // Years 1 to 9999, what both databases store (and ISO-8601 without expansion writes).
      return instant.isBefore(FIRST_INSTANT) || !instant.isBefore(AFTER_LAST_INSTANT)
          ? null
          : instant;
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** {@code lastModifiedOn} → {@code last_modified_on}; snake_case keys stay as they are. */
  static String snakeCase(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
