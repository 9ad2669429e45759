package io.syncbridge.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordReader;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** SPEC §2 record rules for orders and their items. */
class OrderSyncTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BASE = "'order_number':'SO-1','customer_id':5,'status':'new'";

  private final OrderSync sync = new OrderSync(null);

  private RecordReader reader;

  /** Reads {@code json} (single quotes for readability) as record 0. */
  private Order read(String json) {
    reader = new RecordReader(0, JSON.readTree(json.replace('\'', '"')));
    return sync.read(reader);
  }

  /** A valid order head with {@code extra} fields (a JSON fragment starting with a comma). */
  private Order readWith(String extra) {
    return read("{" + BASE + extra + "}");
  }

  private static RecordError error(String field, String message) {
    return new RecordError(0, field, message);
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }

  @Test
  void readsAValidOrderWithItems() {
    Order order =
        read(
            "{'id':9,'order_number':'SO-1','customer_id':5,'status':'paid','currency':'EUR',"
                + "'amount':'40.00','items':[{'product_id':1,'qty':2,'unit_price':19.99},"
                + "{'product_id':'2','qty':'1','unit_price':'0.02'}]}");
    assertThat(reader.errors()).isEmpty();
    assertThat(order)
        .isEqualTo(
            new Order(
                9L,
                "SO-1",
                5L,
                "paid",
                "EUR",
                dec("40.00"),
                List.of(new OrderItem(1L, 2, dec("19.99")), new OrderItem(2L, 1, dec("0.02")))));
  }

  @Test
  void modelNameIsOrders() {
    assertThat(sync.model()).isEqualTo("orders");
  }

  @Test
  void requiresOrderNumberCustomerIdAndStatus() {
    read("{'amount':1}");
    assertThat(reader.errors())
        .containsExactly(
            error("order_number", "This field is required."),
            error("customer_id", "This field is required."),
            error("status", "This field is required."));
  }

  @Test
  void rejectsNullCustomerId() {
    read("{'order_number':'SO-1','customer_id':null,'status':'new','amount':1}");
    assertThat(reader.errors())
        .containsExactly(error("customer_id", "This field may not be null."));
  }

  @Test
  void acceptsNumericStringAsCustomerId() {
    Order order = read("{'order_number':'SO-1','customer_id':'5','status':'new','amount':1}");
    assertThat(reader.errors()).isEmpty();
    assertThat(order.customerId()).isEqualTo(5L);
  }

  @Test
  void rejectsNonNumericCustomerId() {
    read("{'order_number':'SO-1','customer_id':'C5','status':'new','amount':1}");
    assertThat(reader.errors())
        .containsExactly(error("customer_id", "A valid integer is required."));
  }

  @Test
  void rejectsZeroCustomerId() {
    read("{'order_number':'SO-1','customer_id':0,'status':'new','amount':1}");
    assertThat(reader.errors())
        .containsExactly(error("customer_id", "Ensure this value is greater than or equal to 1."));
  }

  @Test
  void acceptsNumericStringAsId() {
    assertThat(readWith(",'id':'17','amount':1").id()).isEqualTo(17L);
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsNonNumericId() {
    readWith(",'id':'abc','amount':1");
    assertThat(reader.errors()).containsExactly(error("id", "A valid integer is required."));
  }

  @Test
  void acceptsOrderNumberOf64Characters() {
    read("{'order_number':'" + "o".repeat(64) + "','customer_id':5,'status':'new','amount':1}");
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsOrderNumberOver64Characters() {
    read("{'order_number':'" + "o".repeat(65) + "','customer_id':5,'status':'new','amount':1}");
    assertThat(reader.errors())
        .containsExactly(
            error("order_number", "Ensure this field has no more than 64 characters."));
  }

  @Test
  void acceptsStatusOf32Characters() {
    read("{'order_number':'SO-1','customer_id':5,'status':'" + "s".repeat(32) + "','amount':1}");
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsStatusOver32Characters() {
    read("{'order_number':'SO-1','customer_id':5,'status':'" + "s".repeat(33) + "','amount':1}");
    assertThat(reader.errors())
        .containsExactly(error("status", "Ensure this field has no more than 32 characters."));
  }

  @Test
  void rejectsBlankStatus() {
    read("{'order_number':'SO-1','customer_id':5,'status':'','amount':1}");
    assertThat(reader.errors()).containsExactly(error("status", "This field may not be blank."));
  }

  @Test
  void defaultsCurrencyToUsd() {
    assertThat(readWith(",'amount':1").currency()).isEqualTo("USD");
  }

  @Test
  void rejectsInvalidCurrency() {
    readWith(",'amount':1,'currency':'EU'");
    assertThat(reader.errors())
        .containsExactly(error("currency", "Enter a 3-letter currency code."));
  }

  // --- amount ------------------------------------------------------------------------------

  @Test
  void computesAmountFromItemsWhenAbsent() {
    Order order =
        readWith(
            ",'items':[{'product_id':1,'qty':2,'unit_price':19.99},"
                + "{'product_id':2,'qty':1,'unit_price':0.02}]");
    assertThat(reader.errors()).isEmpty();
    assertThat(order.amount()).isEqualTo(dec("40.00"));
  }

  @Test
  void computesAmountFromItemsWhenNull() {
    Order order = readWith(",'amount':null,'items':[{'product_id':1,'qty':3,'unit_price':'1.10'}]");
    assertThat(reader.errors()).isEmpty();
    assertThat(order.amount()).isEqualTo(dec("3.30"));
  }

  @Test
  void acceptsAmountEqualToItems() {
    Order order = readWith(",'amount':39.98,'items':[{'product_id':1,'qty':2,'unit_price':19.99}]");
    assertThat(reader.errors()).isEmpty();
    assertThat(order.amount()).isEqualTo(dec("39.98"));
  }

  @Test
  void acceptsAmountEqualToItemsWithDifferentScale() {
    Order order = readWith(",'amount':'40','items':[{'product_id':1,'qty':2,'unit_price':20}]");
    assertThat(reader.errors()).isEmpty();
    assertThat(order.amount()).isEqualTo(dec("40.00"));
  }

  @Test
  void rejectsOrderWhoseAmountDiffersFromItems() {
    Order order = readWith(",'amount':10,'items':[{'product_id':1,'qty':2,'unit_price':19.99}]");
    assertThat(order.amount()).isNull();
    assertThat(reader.errors())
        .containsExactly(
            error(
                "amount",
                "Order amount must equal the sum of item prices (qty * unit_price). "
                    + "Calculated=39.98 provided=10.00"));
  }

  @Test
  void acceptsAmountWithoutItems() {
    Order order = readWith(",'amount':'12.50'");
    assertThat(reader.errors()).isEmpty();
    assertThat(order.amount()).isEqualTo(dec("12.50"));
  }

  @Test
  void requiresAmountWhenItemsAreAbsent() {
    readWith("");
    assertThat(reader.errors()).containsExactly(error("amount", "This field is required."));
  }

  @Test
  void requiresAmountWhenItemsAreEmpty() {
    readWith(",'items':[]");
    assertThat(reader.errors()).containsExactly(error("amount", "This field is required."));
  }

  @Test
  void rejectsNullAmountWithoutItems() {
    readWith(",'amount':null");
    assertThat(reader.errors()).containsExactly(error("amount", "This field may not be null."));
  }

  @Test
  void rejectsNegativeAmount() {
    readWith(",'amount':-5");
    assertThat(reader.errors())
        .containsExactly(error("amount", "Ensure this value is greater than or equal to 0."));
  }

  @Test
  void rejectsAmountWithMoreThanTwoDecimalPlaces() {
    readWith(",'amount':'1.005'");
    assertThat(reader.errors())
        .containsExactly(error("amount", "Ensure that there are no more than 2 decimal places."));
  }

  // --- items -------------------------------------------------------------------------------

  @Test
  void itemsAreNullWhenTheKeyIsAbsentSoAnUpdateKeepsStoredItems() {
    Order order = readWith(",'amount':1");
    assertThat(reader.errors()).isEmpty();
    assertThat(order.items()).isNull();
  }

  @Test
  void itemsAreAnEmptyListWhenSentEmpty() {
    Order order = readWith(",'amount':1,'items':[]");
    assertThat(reader.errors()).isEmpty();
    assertThat(order.items()).isNotNull().isEmpty();
  }

  @Test
  void rejectsItemsThatAreNotAList() {
    readWith(",'amount':1,'items':{'product_id':1,'qty':1,'unit_price':1}");
    assertThat(reader.errors())
        .containsExactly(error("items", "Expected a list of items but got type \"dict\"."));
  }

  @Test
  void rejectsItemThatIsNotAnObject() {
    readWith(",'amount':1,'items':[42]");
    assertThat(reader.errors())
        .containsExactly(error("items[0]", "Invalid data. Expected a dictionary, but got int."));
  }

  @Test
  void requiresItemProductId() {
    readWith(",'items':[{'qty':1,'unit_price':1}]");
    assertThat(reader.errors()).contains(error("items[0].product_id", "This field is required."));
    assertThat(reader.errors()).extracting(RecordError::field).doesNotContain("items[0].qty");
  }

  @Test
  void requiresItemQtyAndUnitPrice() {
    readWith(",'amount':1,'items':[{'product_id':1}]");
    assertThat(reader.errors())
        .containsExactly(
            error("items[0].qty", "This field is required."),
            error("items[0].unit_price", "This field is required."));
  }

  @Test
  void rejectsItemQtyBelowOne() {
    readWith(",'amount':1,'items':[{'product_id':1,'qty':0,'unit_price':1}]");
    assertThat(reader.errors())
        .containsExactly(error("items[0].qty", "Ensure this value is greater than or equal to 1."));
  }

  @Test
  void rejectsFractionalItemQty() {
    readWith(",'amount':1,'items':[{'product_id':1,'qty':1.5,'unit_price':1}]");
    assertThat(reader.errors())
        .containsExactly(error("items[0].qty", "A valid integer is required."));
  }

  @Test
  void rejectsNegativeItemUnitPrice() {
    readWith(",'amount':1,'items':[{'product_id':1,'qty':1,'unit_price':-1}]");
    assertThat(reader.errors())
        .containsExactly(
            error("items[0].unit_price", "Ensure this value is greater than or equal to 0."));
  }

  @Test
  void rejectsItemUnitPriceWithMoreThanTwoPlaces() {
    readWith(",'amount':1,'items':[{'product_id':1,'qty':1,'unit_price':'0.001'}]");
    assertThat(reader.errors())
        .containsExactly(
            error("items[0].unit_price", "Ensure that there are no more than 2 decimal places."));
  }

  @Test
  void rejectsNonNumericItemProductId() {
    readWith(",'amount':1,'items':[{'product_id':'P1','qty':1,'unit_price':1}]");
    assertThat(reader.errors())
        .containsExactly(error("items[0].product_id", "A valid integer is required."));
  }

  @Test
  void namesItemErrorsByTheirIndex() {
    readWith(
        ",'amount':1,'items':[{'product_id':1,'qty':1,'unit_price':1},"
            + "{'product_id':2,'qty':0,'unit_price':1}]");
    assertThat(reader.errors())
        .containsExactly(error("items[1].qty", "Ensure this value is greater than or equal to 1."));
  }

  @Test
  void doesNotCompareAmountWhenItemsHaveErrors() {
    readWith(",'amount':999,'items':[{'product_id':1,'qty':0,'unit_price':1}]");
    assertThat(reader.errors()).extracting(RecordError::field).containsExactly("items[0].qty");
  }

  @Test
  void itemTotalIsQtyTimesUnitPrice() {
    assertThat(new OrderItem(1L, 3, dec("2.50")).total()).isEqualByComparingTo("7.50");
  }

  @Test
  void computesAnAmountWithUpToTenWholeDigits() {
    Order order = readWith(",'items':[{'product_id':1,'qty':1,'unit_price':'9999999999.99'}]");
    assertThat(reader.errors()).isEmpty();
    assertThat(order.amount()).isEqualTo(dec("9999999999.99"));
  }

  @Test
  void rejectsAComputedAmountWithMoreThanTenWholeDigits() {
    readWith(",'items':[{'product_id':1,'qty':100,'unit_price':'9999999999.99'}]");
    assertThat(reader.errors())
        .containsExactly(
            error(
                "amount",
                "Ensure that there are no more than 10 digits before the decimal point."));
  }

  @Test
  void rejectsAProvidedAmountWithThirteenDigits() {
    read("{'order_number':'SO-1','customer_id':5,'status':'new','amount':'12345678901.23'}");
    assertThat(reader.errors())
        .containsExactly(error("amount", "Ensure that there are no more than 12 digits in total."));
  }
}
