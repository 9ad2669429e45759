package io.syncbridge.widget;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A model added the way docs/adding-a-model.md says, from its own package only: registered, it is
 * synced over REST with the protocol's rules, counted in the stats, kept in the history and
 * described in the served OpenAPI document, without a line changed elsewhere.
 */
@Import(WidgetSync.class)
@TestPropertySource(
    properties =
        "spring.flyway.locations=classpath:db/migration/{vendor},classpath:db/widget/{vendor}")
class FifthModelIntegrationTests extends IntegrationTest {

  @Test
  void itsRecordsAreSyncedWithTheProtocolsRules() {
    TestResponse created = sync("widgets", "[{\"code\":\"W-1\",\"label\":\"Sprocket\"}]");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    assertThat(created.json().at("/data/results/0/status").asString()).isEqualTo("created");

    TestResponse matched =
        api.postJson(
            "/api/v1/sync",
            "{\"model\":\"widgets\",\"match_on\":\"code\",\"data\":[{\"code\":\"W-1\",\"quantity\":4}]}");
    assertThat(matched.status()).as(matched.body()).isEqualTo(200);
    assertThat(matched.json().at("/data/results/0/status").asString()).isEqualTo("updated");
    assertThat(
            jdbc.queryForObject("SELECT quantity FROM widgets WHERE code = 'W-1'", Integer.class))
        .isEqualTo(4);

    TestResponse invalid = sync("widgets", "[{\"code\":\"W-2\",\"quantity\":-1}]");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().at("/errors/quantity").asString())
        .isEqualTo("Ensure this value is greater than or equal to 0.");

    TestResponse duplicate = sync("widgets", "[{\"code\":\"W-3\"},{\"code\":\"W-3\"}]");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.json().get("message").asString())
        .isEqualTo("Duplicate entry: field 'code' already exists");

    TestResponse unknownKey =
        api.postJson(
            "/api/v1/sync",
            "{\"model\":\"widgets\",\"match_on\":\"label\",\"data\":[{\"code\":\"W-4\"}]}");
    assertThat(unknownKey.json().at("/errors/match_on").asString())
        .isEqualTo("\"label\" is not a valid choice for widgets; choose one of: code.");
    assertThat(count("widgets")).isEqualTo(1);
  }

  @Test
  void itIsCountedInTheStatsAndKeptInTheHistory() {
    sync("widgets", "[{\"code\":\"W-1\"}]");
    sync("widgets", "[{\"code\":\"\"}]");

    JsonNode stats = api.get("/api/v1/sync/stats").json().get("data");
    assertThat(stats.at("/by_model/widgets/successful").asLong()).isEqualTo(1);
    assertThat(stats.at("/by_model/widgets/failed").asLong()).isEqualTo(1);
    assertThat(stats.at("/by_model/customers/total").asLong()).isZero();

    JsonNode history = api.get("/api/v1/sync-history?model=widgets").json().get("data");
    assertThat(history.get("total").asLong()).isEqualTo(2);
    assertThat(history.at("/data/0/model").asString()).isEqualTo("widgets");
  }

  @Test
  void itIsDescribedInTheServedOpenApiDocument() {
    JsonNode document = anonymous.get("/v3/api-docs").json();
    JsonNode request = document.at("/components/schemas/SyncRequest/properties");

    assertThat(request.at("/model/enum").toString())
        .isEqualTo("[\"customers\",\"employees\",\"orders\",\"products\",\"widgets\"]");
    assertThat(request.at("/data/items/oneOf").toString())
        .contains("{\"$ref\":\"#/components/schemas/Widget\"}");
    assertThat(request.at("/match_on/description").asString()).contains("widgets code");
    JsonNode widget = document.at("/components/schemas/Widget");
    assertThat(widget.at("/required").toString()).isEqualTo("[\"code\"]");
    assertThat(widget.at("/properties/quantity/minimum").asInt()).isZero();
    assertThat(anonymous.get("/v3/api-docs.yaml").body()).contains("Widget:");
  }
}
