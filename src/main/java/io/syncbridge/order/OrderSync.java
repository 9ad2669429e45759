package io.syncbridge.order;

import io.syncbridge.record.FieldMessages;
import io.syncbridge.record.RecordReader;
import io.syncbridge.sync.ModelSync;
import io.syncbridge.upsert.UpsertResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

@Component
class OrderSync implements ModelSync<Order> {

  /** Amounts follow the contract's decimal rule: 12 digits, 2 of them after the point. */
  static final int AMOUNT_DIGITS = 12;

  private final OrderRepository repository;

  OrderSync(OrderRepository repository) {
    this.repository = repository;
  }

  @Override
  public String model() {
    return "orders";
  }

  @Override
  public Order read(RecordReader reader) {
    Long id = reader.id();
    String orderNumber = reader.requiredString("order_number", 64);
    Long customerId = reader.id("customer_id", true);
    String status = reader.requiredString("status", 32);
    String currency = reader.currency("currency", "USD");
    List<OrderItem> items = items(reader);
    BigDecimal amount = amount(reader, items);
    return new Order(
        id, orderNumber, customerId == null ? 0 : customerId, status, currency, amount, items);
  }

  @Override
  public List<String> matchKeys() {
    return List.of("order_number");
  }

  @Override
  public List<String> tables() {
    return List.of("order_items", "orders");
  }

  @Override
  public List<UpsertResult> store(List<Order> orders, String matchOn) {
    return repository.upsert(orders, matchOn);
  }

  private static List<OrderItem> items(RecordReader reader) {
    JsonNode node = reader.get("items");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      reader.error("items", FieldMessages.expectedList(node));
      return null;
    }
    List<OrderItem> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode itemNode = node.get(i);
      if (!itemNode.isObject()) {
        reader.error("items[" + i + "]", FieldMessages.expectedObject(itemNode));
        continue;
      }
      RecordReader item = reader.nested(itemNode, "items[" + i + "]");
      Long productId = item.id("product_id", true);
      Integer qty = item.integer("qty", true, 1);
      BigDecimal unitPrice = item.decimal("unit_price", true, 12, 2);
      if (productId != null && qty != null && unitPrice != null) {
        items.add(new OrderItem(productId, qty, unitPrice));
      }
    }
    return items;
  }

  /**
   * The amount: computed from the items when absent; when both are given they must agree; with no
   * items it is required.
   */
  private static BigDecimal amount(RecordReader reader, List<OrderItem> items) {
    boolean hasItems = items != null && !items.isEmpty();
    BigDecimal provided = reader.decimal("amount", !hasItems, AMOUNT_DIGITS, 2);
    if (!hasItems || reader.hasErrors()) {
      return provided;
    }
    BigDecimal calculated =
        items.stream().map(OrderItem::total).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
    if (provided != null && provided.compareTo(calculated) != 0) {
      reader.error(
          "amount",
          "Order amount must equal the sum of item prices (qty * unit_price). Calculated="
              + calculated.toPlainString()
              + " provided="
              + provided.toPlainString());
      return null;
    }
    if (calculated.precision() - calculated.scale() > AMOUNT_DIGITS - 2) {
      reader.error(
          "amount",
          "Ensure that there are no more than "
              + (AMOUNT_DIGITS - 2)
              + " digits before the decimal point.");
      return null;
    }
    return calculated;
  }
}
