package io.syncbridge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI 3 document of the REST API, written by hand in {@code openapi/sync-bridge.yaml} (the
 * sync route takes loosely typed records, which no generator could describe) and completed by the
 * {@link ApiDocumentCustomizer}s (the models, from their own packages); served as JSON for Swagger
 * UI ({@code /swagger-ui.html}) and tools, and as YAML. A test checks that it lists every route the
 * application serves.
 */
@RestController
class ApiDocumentation {

  static final String DOCUMENT = "openapi/sync-bridge.yaml";

  private final byte[] json;
  private final byte[] yaml;

  ApiDocumentation(
      JsonMapper jsonMapper,
      ObjectProvider<BuildProperties> build,
      ObjectProvider<ApiDocumentCustomizer> customizers) {
    Map<String, Object> document;
    try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
      document = new Yaml().load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("The OpenAPI document is missing from the jar", e);
    }
    BuildProperties properties = build.getIfAvailable();
    if (properties != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> info = (Map<String, Object>) document.get("info");
      info.put("version", properties.getVersion());
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(document));
    this.json = jsonMapper.writeValueAsBytes(document);
    DumperOptions block = new DumperOptions();
    block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    block.setWidth(100);
    this.yaml = new Yaml(block).dump(document).getBytes(StandardCharsets.UTF_8);
  }

  @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
  byte[] json() {
    return json;
  }

  @GetMapping(path = "/v3/api-docs.yaml", produces = "application/yaml")
  byte[] yaml() {
    return yaml;
  }
}
