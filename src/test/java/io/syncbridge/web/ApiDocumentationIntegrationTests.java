package io.syncbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordReader;
import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import io.syncbridge.sync.ModelSync;
import io.syncbridge.sync.SyncModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAPI document and Swagger UI: complete, valid, loadable without the token. */
class ApiDocumentationIntegrationTests extends IntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired private SyncModels models;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  private RequestMappingHandlerMapping mappings;

  @Test
  void theDocumentIsValidOpenApi3AndLoadsWithoutTheToken() {
    TestResponse response = anonymous.get("/v3/api-docs");
    assertThat(response.status()).isEqualTo(200);

    SwaggerParseResult result = parse(response.body());

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
    SecurityScheme token = result.getOpenAPI().getComponents().getSecuritySchemes().get("token");
    assertThat(token.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
    assertThat(token.getIn()).isEqualTo(SecurityScheme.In.HEADER);
    assertThat(token.getName()).isEqualTo("x-auth-token");
    assertThat(anonymous.get("/v3/api-docs.yaml").body()).startsWith("openapi: 3.");
  }

  @Test
  void theDocumentListsEveryRouteTheApplicationServesAndNoOther() {
    Set<String> documented = documentedRoutes();

    Set<String> served = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              for (String path : info.getPatternValues()) {
                boolean api = path.startsWith("/api/");
                for (var verb : info.getMethodsCondition().getMethods()) {
                  if (api) {
                    served.add(verb.name() + " " + path);
                  }
                }
              }
            });

    assertThat(served).isNotEmpty();
    assertThat(documented).isEqualTo(served);
  }

  @Test
  void requestsHttpHasACallOfEveryDocumentedRoute() throws Exception {
    Set<String> documented = documentedRoutes();

    Set<String> inFile = new TreeSet<>();
    Matcher call =
        Pattern.compile("(?m)^(GET|POST|PUT|PATCH|DELETE) \\{\\{baseUrl\\}\\}([^?\\s]+)")
            .matcher(Files.readString(Path.of("requests.http")));
    while (call.find()) {
      inFile.add(call.group(1) + " " + call.group(2).replaceAll("/\\d+(?=/|$)", "/{id}"));
    }

    assertThat(inFile).containsAll(documented);
  }

  @Test
  void theDocumentedExampleSyncWorksAsDocumented() {
    JsonNode document = JSON.readTree(anonymous.get("/v3/api-docs").body());
    JsonNode sync = document.at("/paths/~1api~1v1~1sync/post");
    JsonNode example = sync.at("/requestBody/content/application~1json/examples/customers/value");
    JsonNode documentedAnswer = sync.at("/responses/200/content/application~1json/example");

    TestResponse response = api.postJson("/api/v1/sync", example.toString());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode answer = response.json();
    assertThat(answer.get("status")).isEqualTo(documentedAnswer.get("status"));
    assertThat(answer.get("message")).isEqualTo(documentedAnswer.get("message"));
    // Ids depend on what the tables held before; the outcome of each record does not.
    assertThat(statuses(answer)).isEqualTo(statuses(documentedAnswer));
    assertThat(answer.at("/data/results").size()).isEqualTo(example.get("data").size());
  }

  /**
   * A model's schema is written beside its rules, by hand: its example must pass them, and each
   * field it calls required must be one the rules require.
   */
  @Test
  void everyModelsSchemaAgreesWithItsRules() {
    JsonNode schemas =
        JSON.readTree(anonymous.get("/v3/api-docs").body()).at("/components/schemas");

    assertThat(models.all()).hasSize(4);
    for (ModelSync<?> model : models.all()) {
      JsonNode schema = schemas.get(titleOf(model));
      assertThat(schema).as(model.model()).isNotNull();
      ObjectNode example = (ObjectNode) schema.get("example");
      RecordReader valid = new RecordReader(0, example);
      model.read(valid);
      assertThat(valid.errors()).as(model.model() + " example").isEmpty();
      for (JsonNode required : schema.get("required")) {
        ObjectNode without = example.deepCopy();
        without.remove(required.asString());
        RecordReader reader = new RecordReader(0, without);
        model.read(reader);
        assertThat(reader.errors())
            .as(model.model() + " without " + required.asString())
            .extracting(RecordError::field)
            .contains(required.asString());
      }
    }
  }

  private static String titleOf(ModelSync<?> model) {
    try (var in = model.recordSchema().getInputStream()) {
      return JSON.readTree(JSON.writeValueAsString(new org.yaml.snakeyaml.Yaml().<Object>load(in)))
          .get("title")
          .asString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void swaggerUiLoadsFromTheJarWithoutTheToken() {
    TestResponse page = anonymous.get("/swagger-ui.html");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-type")).startsWith("text/html");
    assertThat(page.body()).contains("/webjars/swagger-ui/swagger-ui-bundle.js");
    for (String asset :
        new String[] {
          "/webjars/swagger-ui/swagger-ui-bundle.js",
          "/webjars/swagger-ui/swagger-ui.css",
          "/swagger-ui/init.js"
        }) {
      assertThat(anonymous.get(asset).status()).as(asset).isEqualTo(200);
    }
    // The page, not the API behind it: its calls still need the token.
    assertThat(anonymous.get("/api/v1/sync/stats").status()).isEqualTo(401);
  }

  /** "METHOD /path" of every operation in the served document. */
  private Set<String> documentedRoutes() {
    OpenAPI document = parse(anonymous.get("/v3/api-docs").body()).getOpenAPI();
    Set<String> routes = new TreeSet<>();
    document
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap().keySet().forEach(m -> routes.add(m + " " + path)));
    return routes;
  }

  private static List<String> statuses(JsonNode envelope) {
    List<String> statuses = new ArrayList<>();
    envelope.at("/data/results").forEach(result -> statuses.add(result.get("status").asString()));
    return statuses;
  }

  private static SwaggerParseResult parse(String json) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    return new OpenAPIV3Parser().readContents(json, null, options);
  }
}
