package io.syncbridge.product;

import io.syncbridge.db.BatchQueries;
import io.syncbridge.sync.SyncResult;
import io.syncbridge.sync.TableUpsert;
import java.util.List;
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

  private final BatchQueries queries;

  ProductRepository(BatchQueries queries) {
    this.queries = queries;
  }

  List<SyncResult> upsert(List<Product> products, String matchOn) {
    var batch = UPSERT.plan(products, matchOn, List.of(), queries);
    batch.write(queries);
    return batch.results();
  }
}
