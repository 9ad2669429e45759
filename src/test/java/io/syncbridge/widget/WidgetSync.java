package io.syncbridge.widget;

import io.syncbridge.record.RecordReader;
import io.syncbridge.sync.ModelSync;
import io.syncbridge.upsert.BatchQueries;
import io.syncbridge.upsert.TableUpsert;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;

/**
 * A fifth model that exists only in tests, written as a new model would be: this package, its
 * migration ({@code db/widget}) and its record schema are all it takes. Not a component: a test
 * registers it with {@code @Import}, so that other tests see the four models of the contract.
 */
public class WidgetSync implements ModelSync<WidgetSync.Widget> {

  record Widget(Long id, String code, String label, int quantity) {}

  private static final TableUpsert<Widget> UPSERT =
      new TableUpsert<>(
          "widgets",
          "widget",
          "code",
          List.of("code", "label", "quantity"),
          Widget::id,
          w -> new Object[] {w.code(), w.label(), w.quantity()});

  private final BatchQueries queries;

  WidgetSync(BatchQueries queries) {
    this.queries = queries;
  }

  @Override
  public String model() {
    return "widgets";
  }

  @Override
  public Widget read(RecordReader reader) {
    Integer quantity = reader.integer("quantity", false, 0);
    return new Widget(
        reader.id(),
        reader.requiredString("code", 32),
        reader.optionalString("label", 100),
        quantity == null ? 0 : quantity);
  }

  @Override
  public List<String> matchKeys() {
    return List.of("code");
  }

  @Override
  public List<String> tables() {
    return List.of("widgets");
  }

  @Override
  public List<UpsertResult> store(List<Widget> widgets, String matchOn) {
    var batch = UPSERT.plan(widgets, matchOn, List.of(), queries);
    batch.write(queries);
    return batch.results();
  }
}
