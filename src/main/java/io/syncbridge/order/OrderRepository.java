package io.syncbridge.order;

import io.syncbridge.record.RecordError;
import io.syncbridge.upsert.BatchQueries;
import io.syncbridge.upsert.TableUpsert;
import io.syncbridge.upsert.UpsertResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Repository;

@Repository
class OrderRepository {

  private static final TableUpsert<Order> UPSERT =
      new TableUpsert<>(
          "orders",
          "order",
          "order_number",
          List.of("order_number", "customer_id", "status", "currency", "amount"),
          Order::id,
          o ->
              new Object[] {o.orderNumber(), o.customerId(), o.status(), o.currency(), o.amount()});
  private static final String INSERT_ITEM =
      "INSERT INTO order_items (id, order_id, product_id, qty, unit_price) VALUES (?, ?, ?, ?, ?)";
  private static final String SELECT_ITEMS =
      "SELECT order_id, product_id, qty, unit_price FROM order_items";

  private final BatchQueries queries;

  OrderRepository(BatchQueries queries) {
    this.queries = queries;
  }

  List<UpsertResult> upsert(List<Order> orders, String matchOn) {
    var batch = UPSERT.plan(orders, matchOn, missingReferences(orders), queries);
    if (matchOn != null) {
      markChangedItems(orders, batch);
    }
    batch.write(queries);
    List<Long> replacedItemsOf = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      if (orders.get(i).items() != null && batch.existed(i) && !batch.unchanged(i)) {
        replacedItemsOf.add(batch.id(i));
      }
    }
    queries.deleteWhereIn("order_items", "order_id", replacedItemsOf);
    insertItems(orders, batch);
    return batch.results();
  }

  /** An order equal to its stored row still changes when it sends other items. */
  private void markChangedItems(List<Order> orders, TableUpsert<Order>.Batch batch) {
    List<Long> candidates = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      if (batch.unchanged(i) && orders.get(i).items() != null) {
        candidates.add(batch.id(i));
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    Map<Long, List<OrderItem>> stored = new HashMap<>();
    for (Object[] row :
        queries.findByIds(
            SELECT_ITEMS,
            "order_id",
            candidates,
            (rs, n) ->
                new Object[] {
                  rs.getLong(1), new OrderItem(rs.getLong(2), rs.getInt(3), rs.getBigDecimal(4))
                })) {
      stored.computeIfAbsent((Long) row[0], id -> new ArrayList<>()).add((OrderItem) row[1]);
    }
    for (int i = 0; i < orders.size(); i++) {
      List<OrderItem> sent = orders.get(i).items();
      if (batch.unchanged(i)
          && sent != null
          && !sameItems(sent, stored.getOrDefault(batch.id(i), List.of()))) {
        batch.markChanged(i);
      }
    }
  }

  private static boolean sameItems(List<OrderItem> sent, List<OrderItem> stored) {
    if (sent.size() != stored.size()) {
      return false;
    }
    for (int i = 0; i < sent.size(); i++) {
      OrderItem a = sent.get(i);
      OrderItem b = stored.get(i);
      if (a.productId() != b.productId()
          || a.qty() != b.qty()
          || a.unitPrice().compareTo(b.unitPrice()) != 0) {
        return false;
      }
    }
    return true;
  }

  private void insertItems(List<Order> orders, TableUpsert<Order>.Batch batch) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      List<OrderItem> items = orders.get(i).items();
      if (items == null || batch.unchanged(i)) {
        continue;
      }
      for (OrderItem item : items) {
        rows.add(new Object[] {null, batch.id(i), item.productId(), item.qty(), item.unitPrice()});
      }
    }
    long[] ids = queries.newIds("order_items", rows.size(), 0);
    for (int i = 0; i < ids.length; i++) {
      rows.get(i)[0] = ids[i];
    }
    queries.writeAll(INSERT_ITEM, rows);
  }

  /** Orders whose customer, or items whose product, does not exist: two queries in all. */
  private List<RecordError> missingReferences(List<Order> orders) {
    Set<Long> customers =
        queries.existingIds("customers", orders.stream().map(Order::customerId).toList());
    Set<Long> products =
        queries.existingIds(
            "products",
            orders.stream()
                .filter(o -> o.items() != null)
                .flatMap(o -> o.items().stream())
                .map(OrderItem::productId)
                .toList());
    List<RecordError> errors = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      Order order = orders.get(i);
      if (!customers.contains(order.customerId())) {
        errors.add(new RecordError(i, "customer_id", doesNotExist(order.customerId())));
      }
      List<OrderItem> items = order.items() == null ? List.of() : order.items();
      for (int j = 0; j < items.size(); j++) {
        if (!products.contains(items.get(j).productId())) {
          errors.add(
              new RecordError(
                  i, "items[" + j + "].product_id", doesNotExist(items.get(j).productId())));
        }
      }
    }
    return errors;
  }

  /** The earlier service's (Django REST Framework's) words for a dangling reference. */
  private static String doesNotExist(long id) {
    return "Invalid pk \"" + id + "\" - object does not exist.";
  }
}
