package io.syncbridge.product;

import io.syncbridge.record.RecordReader;
import io.syncbridge.sync.ModelSync;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;
import org.springframework.stereotype.Component;

@Component
class ProductSync implements ModelSync<Product> {

  static final int MAX_DESCRIPTION_LENGTH = 65_535;

  private final ProductRepository repository;

  ProductSync(ProductRepository repository) {
    this.repository = repository;
  }

  @Override
  public String model() {
    return "products";
  }

  @Override
  public Product read(RecordReader reader) {
    return new Product(
        reader.id(),
        reader.requiredString("name", 255),
        reader.optionalString("description", MAX_DESCRIPTION_LENGTH),
        reader.decimal("price", true, 12, 2),
        reader.currency("currency", "USD"),
        reader.bool("active", true),
        reader.integer("weight_grams", false, 0));
  }

  @Override
  public List<String> matchKeys() {
    return List.of("name");
  }

  @Override
  public List<String> tables() {
    return List.of("products");
  }

  @Override
  public List<UpsertResult> store(List<Product> products, String matchOn) {
    return repository.upsert(products, matchOn);
  }
}
