package io.syncbridge.product;

import io.syncbridge.upsert.BatchQueries;
import io.syncbridge.upsert.TableUpsert;
import io.syncbridge.upsert.UpsertResult;
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

  List<UpsertResult> upsert(List<Product> products, String matchOn) {
    var batch = UPSERT.plan(products, matchOn, List.of(), queries);
    batch.write(queries);
    return batch.results();
  }
}
