package io.syncbridge.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The per-field rules of {@link RecordReader}, with the DRF-style messages clients match on. */
class RecordReaderTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String REQUIRED = "This field is required.";
  private static final String NOT_NULL = "This field may not be null.";
  private static final String NOT_BLANK = "This field may not be blank.";
  private static final String NOT_STRING = "Not a valid string.";
  private static final String NOT_INTEGER = "A valid integer is required.";
  private static final String NOT_NUMBER = "A valid number is required.";
  private static final String NOT_BOOLEAN = "Must be a valid boolean.";
  private static final String NOT_EMAIL = "Enter a valid email address.";
  private static final String NOT_CURRENCY = "Enter a 3-letter currency code.";
  private static final String NOT_DATE_TIME =
      "Datetime has wrong format. Use one of these formats instead: "
          + "YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

  /** A reader over {@code json}, written with single quotes for readability. */
  private static RecordReader reader(String json) {
    return new RecordReader(0, node(json));
  }

  private static JsonNode node(String json) {
    return JSON.readTree(json.replace('\'', '"'));
  }

  private static RecordError error(String field, String message) {
    return new RecordError(0, field, message);
  }

  private static String repeat(String s, int times) {
    return s.repeat(times);
  }

  // --- required / optional strings ---------------------------------------------------------

  @Test
  void readsRequiredString() {
    RecordReader r = reader("{'name':'Ada'}");
    assertThat(r.requiredString("name", 10)).isEqualTo("Ada");
    assertThat(r.hasErrors()).isFalse();
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void rejectsMissingRequiredString() {
    RecordReader r = reader("{}");
    assertThat(r.requiredString("name", 10)).isNull();
    assertThat(r.hasErrors()).isTrue();
    assertThat(r.errors()).containsExactly(error("name", REQUIRED));
  }

  @Test
  void rejectsNullRequiredString() {
    RecordReader r = reader("{'name':null}");
    assertThat(r.requiredString("name", 10)).isNull();
    assertThat(r.errors()).containsExactly(error("name", NOT_NULL));
  }

  @Test
  void rejectsEmptyRequiredString() {
    RecordReader r = reader("{'name':''}");
    r.requiredString("name", 10);
    assertThat(r.errors()).containsExactly(error("name", NOT_BLANK));
  }

  @Test
  void rejectsWhitespaceOnlyRequiredString() {
    RecordReader r = reader("{'name':'  \\t '}");
    r.requiredString("name", 10);
    assertThat(r.errors()).containsExactly(error("name", NOT_BLANK));
  }

  @Test
  void keepsSurroundingWhitespaceOfStringsVerbatim() {
    RecordReader r = reader("{'name':'  Ada  '}");
    assertThat(r.requiredString("name", 10)).isEqualTo("  Ada  ");
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsBooleanAsString() {
    RecordReader r = reader("{'name':true}");
    assertThat(r.requiredString("name", 10)).isNull();
    assertThat(r.errors()).containsExactly(error("name", NOT_STRING));
  }

  @Test
  void rejectsObjectAsString() {
    RecordReader r = reader("{'name':{'first':'Ada'}}");
    r.requiredString("name", 10);
    assertThat(r.errors()).containsExactly(error("name", NOT_STRING));
  }

  @Test
  void rejectsListAsString() {
    RecordReader r = reader("{'name':['Ada']}");
    r.optionalString("name", 10);
    assertThat(r.errors()).containsExactly(error("name", NOT_STRING));
  }

  @Test
  void rejectsNumberAsString() {
    RecordReader r = reader("{'name':123}");
    r.requiredString("name", 10);
    assertThat(r.errors()).containsExactly(error("name", NOT_STRING));
  }

  @Test
  void optionalStringIsNullWhenAbsentOrNull() {
    RecordReader r = reader("{'b':null}");
    assertThat(r.optionalString("a", 10)).isNull();
    assertThat(r.optionalString("b", 10)).isNull();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void optionalStringMayBeEmpty() {
    RecordReader r = reader("{'a':''}");
    assertThat(r.optionalString("a", 10)).isEmpty();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsStringAtMaxLength() {
    RecordReader r = reader("{'name':'" + repeat("a", 150) + "'}");
    assertThat(r.requiredString("name", 150)).hasSize(150);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsStringOverMaxLength() {
    RecordReader r = reader("{'name':'" + repeat("a", 151) + "'}");
    assertThat(r.requiredString("name", 150)).isNull();
    assertThat(r.errors())
        .containsExactly(error("name", "Ensure this field has no more than 150 characters."));
  }

  @Test
  void countsMaxLengthInCodePointsSo150EmojiAreAccepted() {
    String emoji = repeat("\uD83D\uDE00", 150); // 150 code points, 300 UTF-16 chars
    RecordReader r = reader("{'name':'" + emoji + "'}");
    assertThat(r.requiredString("name", 150)).isEqualTo(emoji);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejects151Emoji() {
    RecordReader r = reader("{'name':'" + repeat("\uD83D\uDE00", 151) + "'}");
    assertThat(r.requiredString("name", 150)).isNull();
    assertThat(r.errors())
        .containsExactly(error("name", "Ensure this field has no more than 150 characters."));
  }

  @Test
  void keepsUnicodeStringsVerbatim() {
    RecordReader r = reader("{'name':'Zoë 北京 \uD83D\uDE00'}");
    assertThat(r.requiredString("name", 150)).isEqualTo("Zoë 北京 \uD83D\uDE00");
  }

  // --- emails ------------------------------------------------------------------------------

  @Test
  void acceptsValidEmail() {
    RecordReader r = reader("{'email':'ada.lovelace+test@example.co.uk'}");
    assertThat(r.requiredEmail("email", 254)).isEqualTo("ada.lovelace+test@example.co.uk");
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsUnicodeEmail() {
    RecordReader r = reader("{'email':'jürgen@bücher.de'}");
    assertThat(r.requiredEmail("email", 254)).isEqualTo("jürgen@bücher.de");
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsNonLatinEmail() {
    RecordReader r = reader("{'email':'用户@例子.广告'}");
    assertThat(r.requiredEmail("email", 254)).isEqualTo("用户@例子.广告");
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsEmailWithoutAt() {
    RecordReader r = reader("{'email':'not-an-email'}");
    assertThat(r.requiredEmail("email", 254)).isNull();
    assertThat(r.errors()).containsExactly(error("email", NOT_EMAIL));
  }

  @Test
  void rejectsEmailWithoutDomainDot() {
    RecordReader r = reader("{'email':'ada@localhost'}");
    r.requiredEmail("email", 254);
    assertThat(r.errors()).containsExactly(error("email", NOT_EMAIL));
  }

  @Test
  void rejectsEmailWithTwoAts() {
    RecordReader r = reader("{'email':'a@b@example.com'}");
    r.requiredEmail("email", 254);
    assertThat(r.errors()).containsExactly(error("email", NOT_EMAIL));
  }

  @Test
  void rejectsEmailWithSpaces() {
    RecordReader r = reader("{'email':'ada lovelace@example.com'}");
    r.requiredEmail("email", 254);
    assertThat(r.errors()).containsExactly(error("email", NOT_EMAIL));
  }

  @Test
  void rejectsUnicodeEmailWithoutDomain() {
    RecordReader r = reader("{'email':'jürgen@'}");
    r.requiredEmail("email", 254);
    assertThat(r.errors()).containsExactly(error("email", NOT_EMAIL));
  }

  @Test
  void rejectsMissingRequiredEmail() {
    RecordReader r = reader("{}");
    r.requiredEmail("email", 254);
    assertThat(r.errors()).containsExactly(error("email", REQUIRED));
  }

  @Test
  void rejectsBlankRequiredEmailAsBlankNotInvalid() {
    RecordReader r = reader("{'email':''}");
    r.requiredEmail("email", 254);
    assertThat(r.errors()).containsExactly(error("email", NOT_BLANK));
  }

  @Test
  void rejectsEmailOverMaxLengthWithLengthMessage() {
    String email =
        repeat("a", 64)
            + "@"
            + repeat("b", 60)
            + "."
            + repeat("c", 60)
            + "."
            + repeat("d", 60)
            + ".com"; // 64 + 1 + 60 + 1 + 60 + 1 + 60 + 4 = 251
    String tooLong = "abcd" + email; // 255
    assertThat(tooLong).hasSize(255);
    RecordReader r = reader("{'email':'" + tooLong + "'}");
    assertThat(r.requiredEmail("email", 254)).isNull();
    assertThat(r.errors())
        .containsExactly(error("email", "Ensure this field has no more than 254 characters."));
  }

  @Test
  void optionalEmailIsNullWhenAbsent() {
    RecordReader r = reader("{}");
    assertThat(r.optionalEmail("manager_email", 254)).isNull();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void optionalEmailIsValidated() {
    RecordReader r = reader("{'manager_email':'boss'}");
    assertThat(r.optionalEmail("manager_email", 254)).isNull();
    assertThat(r.errors()).containsExactly(error("manager_email", NOT_EMAIL));
  }

  // --- currency ----------------------------------------------------------------------------

  @Test
  void acceptsThreeLetterCurrency() {
    RecordReader r = reader("{'currency':'EUR'}");
    assertThat(r.currency("currency", "USD")).isEqualTo("EUR");
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void defaultsCurrencyWhenAbsent() {
    RecordReader r = reader("{}");
    assertThat(r.currency("currency", "USD")).isEqualTo("USD");
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void defaultsCurrencyWhenNull() {
    RecordReader r = reader("{'currency':null}");
    assertThat(r.currency("currency", "USD")).isEqualTo("USD");
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsTwoLetterCurrency() {
    RecordReader r = reader("{'currency':'US'}");
    r.currency("currency", "USD");
    assertThat(r.errors()).containsExactly(error("currency", NOT_CURRENCY));
  }

  @Test
  void rejectsCurrencyWithDigits() {
    RecordReader r = reader("{'currency':'U5D'}");
    r.currency("currency", "USD");
    assertThat(r.errors()).containsExactly(error("currency", NOT_CURRENCY));
  }

  @Test
  void rejectsFourLetterCurrencyWithLengthMessage() {
    RecordReader r = reader("{'currency':'USDX'}");
    r.currency("currency", "USD");
    assertThat(r.errors())
        .containsExactly(error("currency", "Ensure this field has no more than 3 characters."));
  }

  @Test
  void rejectsNumericCurrency() {
    RecordReader r = reader("{'currency':840}");
    r.currency("currency", "USD");
    assertThat(r.errors()).containsExactly(error("currency", NOT_STRING));
  }

  // --- decimals ----------------------------------------------------------------------------

  @Test
  void readsDecimalFromNumberWithTwoPlaces() {
    RecordReader r = reader("{'price':19.99}");
    assertThat(r.decimal("price", true, 12, 2)).isEqualTo(new BigDecimal("19.99"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void readsIntegralDecimalWithScaleTwo() {
    RecordReader r = reader("{'price':10}");
    assertThat(r.decimal("price", true, 12, 2)).isEqualTo(new BigDecimal("10.00"));
  }

  @Test
  void readsDecimalFromNumericString() {
    RecordReader r = reader("{'price':'19.99'}");
    assertThat(r.decimal("price", true, 12, 2)).isEqualTo(new BigDecimal("19.99"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsZeroDecimal() {
    RecordReader r = reader("{'price':0}");
    assertThat(r.decimal("price", true, 12, 2)).isEqualTo(new BigDecimal("0.00"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsTrailingZerosBeyondTwoPlaces() {
    RecordReader r = reader("{'price':'1.500'}");
    assertThat(r.decimal("price", true, 12, 2)).isEqualTo(new BigDecimal("1.50"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsTrailingZerosBeyondTwoPlacesInNumber() {
    RecordReader r = reader("{'price':1.500}");
    assertThat(r.decimal("price", true, 12, 2)).isEqualTo(new BigDecimal("1.50"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsTwelveDigitsWithTwoPlaces() {
    RecordReader r = reader("{'price':'9999999999.99'}");
    assertThat(r.decimal("price", true, 12, 2)).isEqualTo(new BigDecimal("9999999999.99"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsMissingRequiredDecimal() {
    RecordReader r = reader("{}");
    assertThat(r.decimal("price", true, 12, 2)).isNull();
    assertThat(r.errors()).containsExactly(error("price", REQUIRED));
  }

  @Test
  void rejectsNullRequiredDecimal() {
    RecordReader r = reader("{'price':null}");
    r.decimal("price", true, 12, 2);
    assertThat(r.errors()).containsExactly(error("price", NOT_NULL));
  }

  @Test
  void optionalDecimalIsNullWhenAbsent() {
    RecordReader r = reader("{}");
    assertThat(r.decimal("price", false, 12, 2)).isNull();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsNegativeDecimal() {
    RecordReader r = reader("{'price':-0.01}");
    assertThat(r.decimal("price", true, 12, 2)).isNull();
    assertThat(r.errors())
        .containsExactly(error("price", "Ensure this value is greater than or equal to 0."));
  }

  @Test
  void rejectsMoreThanTwelveDigits() {
    RecordReader r = reader("{'price':'12345678901.12'}");
    r.decimal("price", true, 12, 2);
    assertThat(r.errors())
        .containsExactly(error("price", "Ensure that there are no more than 12 digits in total."));
  }

  @Test
  void rejectsMoreThanTwoDecimalPlaces() {
    RecordReader r = reader("{'price':'1.234'}");
    r.decimal("price", true, 12, 2);
    assertThat(r.errors())
        .containsExactly(error("price", "Ensure that there are no more than 2 decimal places."));
  }

  @Test
  void rejectsMoreThanTenDigitsBeforeThePoint() {
    RecordReader r = reader("{'price':'12345678901'}");
    r.decimal("price", true, 12, 2);
    assertThat(r.errors())
        .containsExactly(
            error(
                "price", "Ensure that there are no more than 10 digits before the decimal point."));
  }

  @Test
  @Timeout(5)
  void rejectsHugeExponentStringWithoutHanging() {
    RecordReader r = reader("{'price':'1e999999'}");
    assertThat(r.decimal("price", true, 12, 2)).isNull();
    assertThat(r.errors())
        .containsExactly(error("price", "Ensure that there are no more than 12 digits in total."));
  }

  @Test
  @Timeout(5)
  void rejectsHugeExponentNumberWithoutHanging() {
    RecordReader r = reader("{'price':1e999999}");
    assertThat(r.decimal("price", true, 12, 2)).isNull();
    assertThat(r.errors()).containsExactly(error("price", NOT_NUMBER));
  }

  @Test
  @Timeout(5)
  void rejectsTinyNegativeExponentWithoutHanging() {
    RecordReader r = reader("{'price':'1e-999999'}");
    assertThat(r.decimal("price", true, 12, 2)).isNull();
    assertThat(r.errors())
        .containsExactly(error("price", "Ensure that there are no more than 12 digits in total."));
  }

  @Test
  void rejectsNaNString() {
    RecordReader r = reader("{'price':'NaN'}");
    assertThat(r.decimal("price", true, 12, 2)).isNull();
    assertThat(r.errors()).containsExactly(error("price", NOT_NUMBER));
  }

  @Test
  void rejectsInfinityString() {
    RecordReader r = reader("{'price':'Infinity'}");
    r.decimal("price", true, 12, 2);
    assertThat(r.errors()).containsExactly(error("price", NOT_NUMBER));
  }

  @Test
  void rejectsNonNumericDecimalString() {
    RecordReader r = reader("{'price':'cheap'}");
    r.decimal("price", true, 12, 2);
    assertThat(r.errors()).containsExactly(error("price", NOT_NUMBER));
  }

  @Test
  void rejectsBooleanAsDecimal() {
    RecordReader r = reader("{'price':true}");
    r.decimal("price", true, 12, 2);
    assertThat(r.errors()).containsExactly(error("price", NOT_NUMBER));
  }

  // --- integers ----------------------------------------------------------------------------

  @Test
  void readsIntegerFromNumber() {
    RecordReader r = reader("{'qty':3}");
    assertThat(r.integer("qty", true, 1)).isEqualTo(3);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void readsIntegerFromNumericString() {
    RecordReader r = reader("{'qty':'42'}");
    assertThat(r.integer("qty", true, 1)).isEqualTo(42);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsOnePointZeroAsInteger() {
    RecordReader r = reader("{'qty':1.0}");
    assertThat(r.integer("qty", true, 1)).isEqualTo(1);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsOnePointZeroStringAsInteger() {
    RecordReader r = reader("{'qty':'1.0'}");
    assertThat(r.integer("qty", true, 1)).isEqualTo(1);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsOnePointFiveAsInteger() {
    RecordReader r = reader("{'qty':1.5}");
    assertThat(r.integer("qty", true, 1)).isNull();
    assertThat(r.errors()).containsExactly(error("qty", NOT_INTEGER));
  }

  @Test
  void rejectsOnePointFiveStringAsInteger() {
    RecordReader r = reader("{'qty':'1.5'}");
    r.integer("qty", true, 1);
    assertThat(r.errors()).containsExactly(error("qty", NOT_INTEGER));
  }

  @Test
  void rejectsNonNumericStringAsInteger() {
    RecordReader r = reader("{'qty':'many'}");
    r.integer("qty", true, 1);
    assertThat(r.errors()).containsExactly(error("qty", NOT_INTEGER));
  }

  @Test
  void rejectsBooleanAsInteger() {
    RecordReader r = reader("{'qty':true}");
    r.integer("qty", true, 1);
    assertThat(r.errors()).containsExactly(error("qty", NOT_INTEGER));
  }

  @Test
  void rejectsIntegerBelowMinimum() {
    RecordReader r = reader("{'qty':0}");
    assertThat(r.integer("qty", true, 1)).isNull();
    assertThat(r.errors())
        .containsExactly(error("qty", "Ensure this value is greater than or equal to 1."));
  }

  @Test
  void acceptsIntegerAtMinimum() {
    RecordReader r = reader("{'weight_grams':0}");
    assertThat(r.integer("weight_grams", false, 0)).isZero();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsIntegerMaxValue() {
    RecordReader r = reader("{'qty':2147483647}");
    assertThat(r.integer("qty", true, 1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsIntegerAboveIntegerMaxValue() {
    RecordReader r = reader("{'qty':2147483648}");
    assertThat(r.integer("qty", true, 1)).isNull();
    assertThat(r.errors())
        .containsExactly(error("qty", "Ensure this value is less than or equal to 2147483647."));
  }

  @Test
  void rejectsIntegerBeyondLongRange() {
    RecordReader r = reader("{'qty':99999999999999999999999}");
    r.integer("qty", true, 1);
    assertThat(r.errors()).containsExactly(error("qty", NOT_INTEGER));
  }

  @Test
  void rejectsMissingRequiredInteger() {
    RecordReader r = reader("{}");
    assertThat(r.integer("qty", true, 1)).isNull();
    assertThat(r.errors()).containsExactly(error("qty", REQUIRED));
  }

  @Test
  void rejectsNullRequiredInteger() {
    RecordReader r = reader("{'qty':null}");
    r.integer("qty", true, 1);
    assertThat(r.errors()).containsExactly(error("qty", NOT_NULL));
  }

  @Test
  void optionalIntegerIsNullWhenAbsent() {
    RecordReader r = reader("{}");
    assertThat(r.integer("weight_grams", false, 0)).isNull();
    assertThat(r.hasErrors()).isFalse();
  }

  // --- 64-bit integers ---------------------------------------------------------------------

  @Test
  void readsOptionalLongBeyondIntRange() {
    RecordReader r = reader("{'last_modified':1700000000000}");
    assertThat(r.optionalLong("last_modified")).isEqualTo(1_700_000_000_000L);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void readsOptionalLongFromNumericString() {
    RecordReader r = reader("{'last_modified':'1700000000000'}");
    assertThat(r.optionalLong("last_modified")).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void acceptsLongMaxAndMinValue() {
    RecordReader r = reader("{'a':9223372036854775807,'b':-9223372036854775808}");
    assertThat(r.optionalLong("a")).isEqualTo(Long.MAX_VALUE);
    assertThat(r.optionalLong("b")).isEqualTo(Long.MIN_VALUE);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsOptionalLongBeyondLongRange() {
    RecordReader r = reader("{'last_modified':9223372036854775808}");
    assertThat(r.optionalLong("last_modified")).isNull();
    assertThat(r.errors()).containsExactly(error("last_modified", NOT_INTEGER));
  }

  @Test
  void optionalLongIsNullWhenAbsentOrNull() {
    RecordReader r = reader("{'b':null}");
    assertThat(r.optionalLong("a")).isNull();
    assertThat(r.optionalLong("b")).isNull();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsNonNumericOptionalLong() {
    RecordReader r = reader("{'last_modified':'yesterday'}");
    r.optionalLong("last_modified");
    assertThat(r.errors()).containsExactly(error("last_modified", NOT_INTEGER));
  }

  // --- booleans ----------------------------------------------------------------------------

  @Test
  void readsJsonBooleans() {
    RecordReader r = reader("{'a':true,'b':false}");
    assertThat(r.bool("a", false)).isTrue();
    assertThat(r.bool("b", true)).isFalse();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void readsBooleanStrings() {
    RecordReader r = reader("{'a':'true','b':'false','c':'TRUE','d':'False'}");
    assertThat(r.bool("a", false)).isTrue();
    assertThat(r.bool("b", true)).isFalse();
    assertThat(r.bool("c", false)).isTrue();
    assertThat(r.bool("d", true)).isFalse();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void readsOneAndZeroAsBooleans() {
    RecordReader r = reader("{'a':1,'b':0,'c':'1','d':'0'}");
    assertThat(r.bool("a", false)).isTrue();
    assertThat(r.bool("b", true)).isFalse();
    assertThat(r.bool("c", false)).isTrue();
    assertThat(r.bool("d", true)).isFalse();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void defaultsBooleanWhenAbsentOrNull() {
    RecordReader r = reader("{'b':null}");
    assertThat(r.bool("a", true)).isTrue();
    assertThat(r.bool("b", true)).isTrue();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsInvalidBooleanString() {
    RecordReader r = reader("{'active':'maybe'}");
    r.bool("active", true);
    assertThat(r.errors()).containsExactly(error("active", NOT_BOOLEAN));
  }

  @Test
  void rejectsNumberOtherThanOneOrZeroAsBoolean() {
    RecordReader r = reader("{'active':2}");
    r.bool("active", true);
    assertThat(r.errors()).containsExactly(error("active", NOT_BOOLEAN));
  }

  // --- date-times --------------------------------------------------------------------------

  @Test
  void readsIsoDateAsMidnightUtc() {
    RecordReader r = reader("{'d':'2024-03-15'}");
    assertThat(r.dateTime("d")).isEqualTo(Instant.parse("2024-03-15T00:00:00Z"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void readsDateTimeWithZ() {
    RecordReader r = reader("{'d':'2024-03-15T10:20:30Z'}");
    assertThat(r.dateTime("d")).isEqualTo(Instant.parse("2024-03-15T10:20:30Z"));
  }

  @Test
  void readsDateTimeWithFractionalSecondsAndZ() {
    RecordReader r = reader("{'d':'2024-03-15T10:20:30.123456Z'}");
    assertThat(r.dateTime("d")).isEqualTo(Instant.parse("2024-03-15T10:20:30.123456Z"));
  }

  @Test
  void readsDateTimeWithPositiveOffset() {
    RecordReader r = reader("{'d':'2024-03-15T10:20:30+02:00'}");
    assertThat(r.dateTime("d")).isEqualTo(Instant.parse("2024-03-15T08:20:30Z"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void readsDateTimeWithNegativeOffsetWithoutColon() {
    RecordReader r = reader("{'d':'2024-03-15T10:20:30-0500'}");
    assertThat(r.dateTime("d")).isEqualTo(Instant.parse("2024-03-15T15:20:30Z"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void readsDateTimeWithoutOffsetAsUtc() {
    RecordReader r = reader("{'d':'2024-03-15T10:20:30'}");
    assertThat(r.dateTime("d")).isEqualTo(Instant.parse("2024-03-15T10:20:30Z"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void readsDateTimeWithoutSecondsAsUtc() {
    RecordReader r = reader("{'d':'2024-03-15T10:20'}");
    assertThat(r.dateTime("d")).isEqualTo(Instant.parse("2024-03-15T10:20:00Z"));
  }

  @Test
  void readsDateTimeWithASpaceInsteadOfTAsTheEarlierServiceDid() {
    RecordReader r = reader("{'d':'2024-03-15 10:20:30+02:00'}");
    assertThat(r.dateTime("d")).isEqualTo(Instant.parse("2024-03-15T08:20:30Z"));
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void dateTimeIsNullWhenAbsentOrNull() {
    RecordReader r = reader("{'b':null}");
    assertThat(r.dateTime("a")).isNull();
    assertThat(r.dateTime("b")).isNull();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsGarbageDateTime() {
    RecordReader r = reader("{'d':'yesterday at noon'}");
    assertThat(r.dateTime("d")).isNull();
    assertThat(r.errors()).containsExactly(error("d", NOT_DATE_TIME));
  }

  @Test
  void rejectsImpossibleDate() {
    RecordReader r = reader("{'d':'2024-02-30'}");
    r.dateTime("d");
    assertThat(r.errors()).containsExactly(error("d", NOT_DATE_TIME));
  }

  @Test
  void rejectsNumberAsDateTime() {
    RecordReader r = reader("{'d':1700000000000}");
    r.dateTime("d");
    assertThat(r.errors()).containsExactly(error("d", NOT_DATE_TIME));
  }

  // --- ids ---------------------------------------------------------------------------------

  @Test
  void readsIdFromNumber() {
    RecordReader r = reader("{'id':7}");
    assertThat(r.id()).isEqualTo(7L);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsNumericStringAsId() {
    RecordReader r = reader("{'id':'7'}");
    assertThat(r.id()).isEqualTo(7L);
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void acceptsIdBeyondIntRange() {
    RecordReader r = reader("{'id':5000000000}");
    assertThat(r.id()).isEqualTo(5_000_000_000L);
  }

  @Test
  void idIsNullWhenAbsentOrNull() {
    assertThat(reader("{}").id()).isNull();
    RecordReader r = reader("{'id':null}");
    assertThat(r.id()).isNull();
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void rejectsNonNumericId() {
    RecordReader r = reader("{'id':'abc'}");
    assertThat(r.id()).isNull();
    assertThat(r.errors()).containsExactly(error("id", NOT_INTEGER));
  }

  @Test
  void rejectsZeroId() {
    RecordReader r = reader("{'id':0}");
    assertThat(r.id()).isNull();
    assertThat(r.errors())
        .containsExactly(error("id", "Ensure this value is greater than or equal to 1."));
  }

  @Test
  void rejectsNegativeId() {
    RecordReader r = reader("{'id':'-3'}");
    r.id();
    assertThat(r.errors())
        .containsExactly(error("id", "Ensure this value is greater than or equal to 1."));
  }

  @Test
  void rejectsMissingRequiredReference() {
    RecordReader r = reader("{}");
    assertThat(r.id("customer_id", true)).isNull();
    assertThat(r.errors()).containsExactly(error("customer_id", REQUIRED));
  }

  @Test
  void rejectsNullRequiredReference() {
    RecordReader r = reader("{'customer_id':null}");
    r.id("customer_id", true);
    assertThat(r.errors()).containsExactly(error("customer_id", NOT_NULL));
  }

  // --- camelCase keys ----------------------------------------------------------------------

  @Test
  void readsCamelCaseKeysAsSnakeCase() {
    RecordReader r =
        reader("{'employeeId':'E1','dateOfBirth':'1990-01-01','email':'a@b.co'}")
            .withSnakeCaseKeys();
    assertThat(r.has("employee_id")).isTrue();
    assertThat(r.requiredString("employee_id", 64)).isEqualTo("E1");
    assertThat(r.dateTime("date_of_birth")).isEqualTo(Instant.parse("1990-01-01T00:00:00Z"));
    assertThat(r.requiredString("email", 254)).isEqualTo("a@b.co");
    assertThat(r.has("employeeId")).isFalse();
  }

  @Test
  void snakeCaseKeyWinsWhenItComesFirst() {
    RecordReader r = reader("{'first_name':'Snake','firstName':'Camel'}").withSnakeCaseKeys();
    assertThat(r.requiredString("first_name", 150)).isEqualTo("Snake");
  }

  @Test
  void snakeCaseKeyWinsWhenItComesLast() {
    RecordReader r = reader("{'firstName':'Camel','first_name':'Snake'}").withSnakeCaseKeys();
    assertThat(r.requiredString("first_name", 150)).isEqualTo("Snake");
  }

  @Test
  void snakeCaseReaderSharesErrorsWithOriginal() {
    RecordReader original = new RecordReader(3, node("{'firstName':''}"));
    original.withSnakeCaseKeys().requiredString("first_name", 150);
    assertThat(original.errors()).containsExactly(new RecordError(3, "first_name", NOT_BLANK));
  }

  @Test
  void convertsCamelCaseToSnakeCase() {
    assertThat(JsonValues.snakeCase("lastModifiedOn")).isEqualTo("last_modified_on");
    assertThat(JsonValues.snakeCase("id")).isEqualTo("id");
    assertThat(JsonValues.snakeCase("already_snake")).isEqualTo("already_snake");
  }

  // --- nesting, indexes, first error -------------------------------------------------------

  @Test
  void namesNestedErrorsWithPrefix() {
    RecordReader r = reader("{'items':[{'qty':0}]}");
    RecordReader item = r.nested(r.get("items").get(0), "items[0]");
    item.integer("qty", true, 1);
    item.id("product_id", true);
    assertThat(r.errors())
        .containsExactly(
            error("items[0].qty", "Ensure this value is greater than or equal to 1."),
            error("items[0].product_id", REQUIRED));
  }

  @Test
  void reportsTheRecordIndexInErrors() {
    RecordReader r = new RecordReader(5, node("{}"));
    r.requiredString("name", 10);
    assertThat(r.index()).isEqualTo(5);
    assertThat(r.errors()).containsExactly(new RecordError(5, "name", REQUIRED));
  }

  @Test
  void keepsOnlyTheFirstErrorPerField() {
    RecordReader r = reader("{'email':''}");
    r.requiredEmail("email", 254);
    r.error("email", "second");
    r.error("other", "first for other");
    assertThat(r.errors())
        .containsExactly(error("email", NOT_BLANK), error("other", "first for other"));
  }

  @Test
  void listsErrorsInTheOrderFieldsWereRead() {
    RecordReader r = reader("{}");
    r.requiredString("b", 10);
    r.requiredString("a", 10);
    assertThat(r.errors()).extracting(RecordError::field).containsExactly("b", "a");
  }
}
