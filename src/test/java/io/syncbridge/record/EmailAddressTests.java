package io.syncbridge.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written email check accepts exactly what the earlier service's expression accepted. */
class EmailAddressTests {

  private static final Pattern REFERENCE =
      Pattern.compile(
          "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*"
              + "@([\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+"
              + "[\\p{L}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ada@example.com",
        "ada.lovelace+test@example.co.uk",
        "jürgen@bücher.de",
        "用户@例子.广告",
        "a@b.c",
        "x@1.a",
        "o'neil@example.org",
        "a@b-c.de",
        "a@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.com",
        "\uD835\uDC00@\uD835\uDC00.\uD835\uDC00"
      })
  void acceptsValidAddresses(String address) {
    assertThat(EmailAddress.isValid(address)).isTrue();
    assertThat(REFERENCE.matcher(address).matches()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "@example.com",
        "ada@",
        "ada",
        "ada@example",
        "ada@@example.com",
        "a@b@example.com",
        ".ada@example.com",
        "ada.@example.com",
        "a..b@example.com",
        "ada@-example.com",
        "ada@example-.com",
        "ada@example.1com",
        "ada@example..com",
        "ada@.example.com",
        "ada@example.com.",
        "a b@example.com",
        "ada@exa mple.com",
        "a@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.com",
        "ada@example.c_m"
      })
  void rejectsInvalidAddresses(String address) {
    assertThat(EmailAddress.isValid(address)).isFalse();
    assertThat(REFERENCE.matcher(address).matches()).isFalse();
  }

  @Test
  void agreesWithTheExpressionOnRandomStrings() {
    String[] pieces = {
      "a",
      "Z",
      "7",
      "é",
      "用",
      "٣",
      "Ⅻ",
      "\uD835\uDC00",
      ".",
      ".",
      "@",
      "-",
      "-",
      "_",
      "+",
      "'",
      " ",
      "(",
      "\"",
      "\u0301",
      "b"
    };
    Random random = new Random(42);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder address = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int i = 0; i < length; i++) {
        address.append(pieces[random.nextInt(pieces.length)]);
      }
      if (random.nextBoolean()) {
        address.insert(random.nextInt(address.length() + 1), "@x.");
      }
      String value = address.toString();
      assertThat(EmailAddress.isValid(value))
          .as(value)
          .isEqualTo(REFERENCE.matcher(value).matches());
    }
  }
}
