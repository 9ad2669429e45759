package io.syncbridge.product;

import io.syncbridge.db.BatchQueries;
import io.syncbridge.sync.RecordsRejectedException;
import io.syncbridge.sync.RowIds;
import io.syncbridge.sync.SyncResult;
import io.syncbridge.sync.UniqueKeys;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class ProductRepository {

  private static final String UPSERT =
      "INSERT INTO products (id, name, description, price, currency, active, weight_grams,"
          + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
          + " description = excluded.description, price = excluded.price,"
          + " currency = excluded.currency, active = excluded.active,"
          + " weight_grams = excluded.weight_grams, updated_at = excluded.updated_at";

  private final JdbcTemplate jdbc;
  private final BatchQueries queries;

  ProductRepository(JdbcTemplate jdbc, BatchQueries queries) {
    this.jdbc = jdbc;
    this.queries = queries;
  }

  List<SyncResult> upsert(List<Product> products) {
    RowIds ids = RowIds.assign("products", products.stream().map(Product::id).toList(), queries);
    List<String> names = products.stream().map(Product::name).toList();
    var owners = queries.idsByUniqueValue("products", "name", names);
    RecordsRejectedException.throwIfAny(
        List.of(), UniqueKeys.conflicts(ids, names, owners, "name", "product"));

    Timestamp now = Timestamp.from(Instant.now());
    List<Object[]> rows = new ArrayList<>(products.size());
    for (int i = 0; i < products.size(); i++) {
      Product p = products.get(i);
      rows.add(
          new Object[] {
            ids.get(i),
            p.name(),
            p.description(),
            p.price(),
            p.currency(),
            p.active(),
            p.weightGrams(),
            now,
            now
          });
    }
    jdbc.batchUpdate(UPSERT, rows);
    return ids.results();
  }
}
