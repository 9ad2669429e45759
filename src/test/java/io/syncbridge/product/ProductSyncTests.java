package io.syncbridge.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordReader;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** SPEC §2 record rules for products. */
class ProductSyncTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ProductSync sync = new ProductSync(null);

  private RecordReader reader;

  /** Reads {@code json} (single quotes for readability) as record 0. */
  private Product read(String json) {
    reader = new RecordReader(0, JSON.readTree(json.replace('\'', '"')));
    return sync.read(reader);
  }

  /** A valid product with {@code extra} fields (a JSON fragment starting with a comma) added. */
  private Product readWith(String extra) {
    return read("{'name':'Widget','price':'9.99'" + extra + "}");
  }

  private static RecordError error(String field, String message) {
    return new RecordError(0, field, message);
  }

  @Test
  void readsAValidProduct() {
    Product product =
        read(
            "{'id':3,'name':'Widget','description':'A widget','price':19.99,'currency':'EUR',"
                + "'active':false,'weight_grams':250}");
    assertThat(reader.errors()).isEmpty();
    assertThat(product)
        .isEqualTo(
            new Product(3L, "Widget", "A widget", new BigDecimal("19.99"), "EUR", false, 250));
  }

  @Test
  void modelNameIsProducts() {
    assertThat(sync.model()).isEqualTo("products");
  }

  @Test
  void appliesDefaultsForOptionalFields() {
    Product product = read("{'name':'Widget','price':'9.99'}");
    assertThat(reader.errors()).isEmpty();
    assertThat(product)
        .isEqualTo(new Product(null, "Widget", null, new BigDecimal("9.99"), "USD", true, null));
  }

  @Test
  void defaultsCurrencyToUsd() {
    assertThat(readWith("").currency()).isEqualTo("USD");
  }

  @Test
  void defaultsActiveToTrue() {
    assertThat(readWith("").active()).isTrue();
  }

  @Test
  void defaultsActiveToTrueWhenNull() {
    assertThat(readWith(",'active':null").active()).isTrue();
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void requiresNameAndPrice() {
    read("{}");
    assertThat(reader.errors())
        .containsExactly(
            error("name", "This field is required."), error("price", "This field is required."));
  }

  @Test
  void rejectsBlankName() {
    read("{'name':' ','price':1}");
    assertThat(reader.errors()).containsExactly(error("name", "This field may not be blank."));
  }

  @Test
  void acceptsNameOf255Characters() {
    read("{'name':'" + "n".repeat(255) + "','price':1}");
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsNameOver255Characters() {
    read("{'name':'" + "n".repeat(256) + "','price':1}");
    assertThat(reader.errors())
        .containsExactly(error("name", "Ensure this field has no more than 255 characters."));
  }

  @Test
  void rejectsNullPrice() {
    read("{'name':'Widget','price':null}");
    assertThat(reader.errors()).containsExactly(error("price", "This field may not be null."));
  }

  @Test
  void acceptsPriceAsNumericString() {
    assertThat(read("{'name':'Widget','price':'1234567890.12'}").price())
        .isEqualTo(new BigDecimal("1234567890.12"));
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void acceptsZeroPrice() {
    assertThat(read("{'name':'Widget','price':0}").price()).isEqualTo(new BigDecimal("0.00"));
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void acceptsPriceWithTrailingZeros() {
    assertThat(read("{'name':'Widget','price':'1.500'}").price()).isEqualTo(new BigDecimal("1.50"));
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsNegativePrice() {
    read("{'name':'Widget','price':-1}");
    assertThat(reader.errors())
        .containsExactly(error("price", "Ensure this value is greater than or equal to 0."));
  }

  @Test
  void rejectsPriceWithMoreThanTwoDecimalPlaces() {
    read("{'name':'Widget','price':'9.999'}");
    assertThat(reader.errors())
        .containsExactly(error("price", "Ensure that there are no more than 2 decimal places."));
  }

  @Test
  void rejectsPriceWithMoreThanTwelveDigits() {
    read("{'name':'Widget','price':'12345678901.23'}");
    assertThat(reader.errors())
        .containsExactly(error("price", "Ensure that there are no more than 12 digits in total."));
  }

  @Test
  void rejectsPriceWithMoreThanTenWholeDigits() {
    read("{'name':'Widget','price':12345678901}");
    assertThat(reader.errors())
        .containsExactly(
            error(
                "price", "Ensure that there are no more than 10 digits before the decimal point."));
  }

  @Test
  void rejectsNonNumericPrice() {
    read("{'name':'Widget','price':'NaN'}");
    assertThat(reader.errors()).containsExactly(error("price", "A valid number is required."));
  }

  @Test
  void rejectsInvalidCurrency() {
    readWith(",'currency':'12'");
    assertThat(reader.errors())
        .containsExactly(error("currency", "Enter a 3-letter currency code."));
  }

  @Test
  void readsActiveFromStringAndNumber() {
    assertThat(readWith(",'active':'false'").active()).isFalse();
    assertThat(readWith(",'active':0").active()).isFalse();
    assertThat(readWith(",'active':1").active()).isTrue();
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsInvalidActive() {
    readWith(",'active':'sometimes'");
    assertThat(reader.errors()).containsExactly(error("active", "Must be a valid boolean."));
  }

  @Test
  void acceptsZeroWeight() {
    assertThat(readWith(",'weight_grams':0").weightGrams()).isZero();
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void acceptsWeightAsNumericString() {
    assertThat(readWith(",'weight_grams':'1200'").weightGrams()).isEqualTo(1200);
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsNegativeWeight() {
    readWith(",'weight_grams':-1");
    assertThat(reader.errors())
        .containsExactly(error("weight_grams", "Ensure this value is greater than or equal to 0."));
  }

  @Test
  void rejectsFractionalWeight() {
    readWith(",'weight_grams':12.5");
    assertThat(reader.errors())
        .containsExactly(error("weight_grams", "A valid integer is required."));
  }

  @Test
  void rejectsWeightAboveIntRange() {
    readWith(",'weight_grams':2147483648");
    assertThat(reader.errors())
        .containsExactly(
            error("weight_grams", "Ensure this value is less than or equal to 2147483647."));
  }

  @Test
  void keepsUnicodeDescriptionVerbatim() {
    assertThat(readWith(",'description':'Größe: 北京 🙂'").description()).isEqualTo("Größe: 北京 🙂");
  }

  @Test
  void rejectsNonStringDescription() {
    readWith(",'description':42");
    assertThat(reader.errors()).containsExactly(error("description", "Not a valid string."));
  }

  @Test
  void rejectsDescriptionOverMaximumLength() {
    readWith(",'description':'" + "d".repeat(ProductSync.MAX_DESCRIPTION_LENGTH + 1) + "'");
    assertThat(reader.errors())
        .containsExactly(
            error("description", "Ensure this field has no more than 65535 characters."));
  }
}
