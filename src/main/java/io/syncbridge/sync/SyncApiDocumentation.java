package io.syncbridge.sync;

import io.syncbridge.web.ApiDocumentCustomizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * The models' part of the OpenAPI document, from the models themselves: the {@code model} enum, a
 * schema per model (each from its own package, see {@link ModelSync#recordSchema()}), the records'
 * {@code oneOf} and the natural keys {@code match_on} may name.
 */
@Component
class SyncApiDocumentation implements ApiDocumentCustomizer {

  private final SyncModels models;

  SyncApiDocumentation(SyncModels models) {
    this.models = models;
  }

  @Override
  public void customize(Map<String, Object> document) {
    Map<String, Object> schemas = child(child(document, "components"), "schemas");
    Map<String, Object> request = child(child(schemas, "SyncRequest"), "properties");
    List<Map<String, Object>> records = new ArrayList<>();
    for (ModelSync<?> model : models.all()) {
      Map<String, Object> schema = schemaOf(model);
      String name = String.valueOf(schema.get("title"));
      schemas.put(name, schema);
      records.add(Map.of("$ref", "#/components/schemas/" + name));
    }
    child(request, "model").put("enum", new ArrayList<>(models.names()));
    // A sync job takes the same models.
    child(child(child(schemas, "SyncJobRequest"), "properties"), "model")
        .put("enum", new ArrayList<>(models.names()));
    child(child(request, "data"), "items").put("oneOf", records);
    child(request, "match_on")
        .put(
            "description",
            "Natural key for records without an id: "
                + models.all().stream()
                    .map(model -> model.model() + " " + String.join(" or ", model.matchKeys()))
                    .collect(Collectors.joining(", ")));
  }

  private static Map<String, Object> schemaOf(ModelSync<?> model) {
    try (InputStream in = model.recordSchema().getInputStream()) {
      return new Yaml().load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("No record schema for " + model.model(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }
}
