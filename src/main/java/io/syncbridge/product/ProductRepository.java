package io.syncbridge.product;

import io.syncbridge.db.BatchQueries;
import io.syncbridge.sync.SyncResult;
import io.syncbridge.sync.TableUpsert;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class ProductRepository {

  private static final TableUpsert<Product> UPSERT =
      new TableUpsert<>(
          "products",
          "product",
          "name",
          List.of("name", "description", "price", "currency", "active", "weight_grams"),
          Product::id,
          p ->
              new Object[] {
                p.name(), p.description(), p.price(), p.currency(), p.active(), p.weightGrams()
              });

  private final JdbcTemplate jdbc;
  private final BatchQueries queries;

  ProductRepository(JdbcTemplate jdbc, BatchQueries queries) {
    this.jdbc = jdbc;
    this.queries = queries;
  }

  List<SyncResult> upsert(List<Product> products, String matchOn) {
    var batch = UPSERT.plan(products, matchOn, List.of(), queries);
    batch.write(jdbc);
    return batch.results();
  }
}
