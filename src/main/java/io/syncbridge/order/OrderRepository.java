package io.syncbridge.order;

import io.syncbridge.db.BatchQueries;
import io.syncbridge.sync.RecordError;
import io.syncbridge.sync.RecordsRejectedException;
import io.syncbridge.sync.RowIds;
import io.syncbridge.sync.SyncResult;
import io.syncbridge.sync.UniqueKeys;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class OrderRepository {

  private static final String UPSERT =
      "INSERT INTO orders (id, order_number, customer_id, status, currency, amount, created_at,"
          + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET order_number = excluded.order_number,"
          + " customer_id = excluded.customer_id, status = excluded.status,"
          + " currency = excluded.currency, amount = excluded.amount,"
          + " updated_at = excluded.updated_at";
  private static final String INSERT_ITEM =
      "INSERT INTO order_items (id, order_id, product_id, qty, unit_price) VALUES (?, ?, ?, ?, ?)";

  private final JdbcTemplate jdbc;
  private final BatchQueries queries;

  OrderRepository(JdbcTemplate jdbc, BatchQueries queries) {
    this.jdbc = jdbc;
    this.queries = queries;
  }

  List<SyncResult> upsert(List<Order> orders) {
    RowIds ids = RowIds.assign("orders", orders.stream().map(Order::id).toList(), queries);
    List<String> numbers = orders.stream().map(Order::orderNumber).toList();
    var owners = queries.idsByUniqueValue("orders", "order_number", numbers);
    RecordsRejectedException.throwIfAny(
        missingReferences(orders),
        UniqueKeys.conflicts(ids, numbers, owners, "order_number", "order"));

    Timestamp now = Timestamp.from(Instant.now());
    List<Object[]> rows = new ArrayList<>(orders.size());
    List<Long> replacedItemsOf = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      Order o = orders.get(i);
      rows.add(
          new Object[] {
            ids.get(i),
            o.orderNumber(),
            o.customerId(),
            o.status(),
            o.currency(),
            o.amount(),
            now,
            now
          });
      if (o.items() != null && ids.existed(i)) {
        replacedItemsOf.add(ids.get(i));
      }
    }
    jdbc.batchUpdate(UPSERT, rows);
    queries.deleteWhereIn("order_items", "order_id", replacedItemsOf);
    insertItems(orders, ids);
    return ids.results();
  }

  private void insertItems(List<Order> orders, RowIds ids) {
    long nextItemId = queries.maxId("order_items");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      List<OrderItem> items = orders.get(i).items();
      if (items == null) {
        continue;
      }
      for (OrderItem item : items) {
        rows.add(
            new Object[] {
              ++nextItemId, ids.get(i), item.productId(), item.qty(), item.unitPrice()
            });
      }
    }
    if (!rows.isEmpty()) {
      jdbc.batchUpdate(INSERT_ITEM, rows);
    }
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
