package io.syncbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.CapturedEvents;
import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestDatabase;
import io.syncbridge.support.TestResponse;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/sync} over real HTTP, for every model and every rule of SPEC §2. */
class SyncIntegrationTests extends IntegrationTest {

  private static final String VALIDATION_FAILED =
      "Validation failed for one of the items in the data array.";

  // --- customers ------------------------------------------------------------------------------

  @Test
  void createsCustomersAndReportsResultsInInputOrder() {
    TestResponse response =
        sync(
            "customers",
            "[{\"email\":\"a@example.com\",\"first_name\":\"Ann\",\"last_name\":\"Lee\"},"
                + "{\"email\":\"b@example.com\",\"first_name\":\"Bob\",\"last_name\":\"Ray\","
                + "\"default_currency\":\"EUR\"}]");

    assertThat(response.status()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(body.get("status").asInt()).isEqualTo(200);
    assertThat(body.get("message").asString()).isEqualTo("Sync successful");
    JsonNode results = body.get("data").get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("status").asString()).isEqualTo("created");
    long first = results.get(0).get("id").asLong();
    long second = results.get(1).get("id").asLong();
    assertThat(jdbc.queryForObject("SELECT email FROM customers WHERE id = ?", String.class, first))
        .isEqualTo("a@example.com");
    assertThat(
            jdbc.queryForMap("SELECT email, default_currency FROM customers WHERE id = ?", second))
        .containsEntry("email", "b@example.com")
        .containsEntry("default_currency", "EUR");
    assertThat(
            jdbc.queryForObject(
                "SELECT default_currency FROM customers WHERE id = ?", String.class, first))
        .isEqualTo("USD");
  }

  @Test
  void updatesARecordThatCarriesAnExistingId() {
    long id = createdId(sync("customers", customer(null, "a@example.com", "Ann")));

    TestResponse response = sync("customers", customer(id, "ann@example.com", "Anne"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("data").get("results").get(0).get("status").asString())
        .isEqualTo("updated");
    assertThat(jdbc.queryForMap("SELECT email, first_name FROM customers WHERE id = ?", id))
        .containsEntry("email", "ann@example.com")
        .containsEntry("first_name", "Anne");
    assertThat(count("customers")).isEqualTo(1);
  }

  @Test
  void createsARecordUnderAGivenIdThatDoesNotExistYet() {
    TestResponse response = sync("customers", customer(4711L, "a@example.com", "Ann"));

    JsonNode result = response.json().get("data").get("results").get(0);
    assertThat(result.get("id").asLong()).isEqualTo(4711);
    assertThat(result.get("status").asString()).isEqualTo("created");
    assertThat(count("customers")).isEqualTo(1);
  }

  @Test
  void storesUnicodeStringsVerbatim() {
    sync("customers", customer(1L, "zoë@exämple.com", "Zoë 👩‍💻"));

    assertThat(jdbc.queryForMap("SELECT email, first_name FROM customers WHERE id = 1"))
        .containsEntry("email", "zoë@exämple.com")
        .containsEntry("first_name", "Zoë 👩‍💻");
  }

  @Test
  void ignoresUnknownFields() {
    TestResponse response =
        sync(
            "customers",
            "[{\"email\":\"a@example.com\",\"first_name\":\"A\",\"last_name\":\"B\",\"shoe\":42}]");

    assertThat(response.status()).isEqualTo(200);
  }

  // --- validation -----------------------------------------------------------------------------

  @Test
  void reportsTheFirstFailingRecordInErrorsAndEveryFailingRecordInDetails() {
    TestResponse response =
        sync(
            "customers",
            "[{\"email\":\"ok@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"},"
                + "{\"email\":\"not-an-email\",\"first_name\":\"\",\"last_name\":\"B\"},"
                + "{\"email\":\"c@example.com\",\"last_name\":\"B\"}]");

    assertThat(response.status()).isEqualTo(400);
    JsonNode body = response.json();
    assertThat(body.get("message").asString()).isEqualTo(VALIDATION_FAILED);
    assertThat(fields(body.get("errors")))
        .containsExactly(
            Map.entry("email", "Enter a valid email address."),
            Map.entry("first_name", "This field may not be blank."));
    assertThat(details(body))
        .containsExactly(
            "1 email Enter a valid email address.",
            "1 first_name This field may not be blank.",
            "2 first_name This field is required.");
    assertThat(count("customers")).isZero();
  }

  @Test
  void detailsListRecordsFailingOnStoredDataBesideThoseFailingFieldByField() {
    givenCustomerAndProducts();

    TestResponse response =
        sync(
            "orders",
            "[{\"order_number\":\"A\",\"customer_id\":999,\"status\":\"n\",\"amount\":1},"
                + "{\"order_number\":\"B\",\"customer_id\":1,\"status\":\"n\",\"amount\":1,"
                + "\"currency\":\"EURO\"}]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response.json().get("errors")))
        .containsExactly(Map.entry("customer_id", "Invalid pk \"999\" - object does not exist."));
    assertThat(details(response.json()))
        .containsExactly(
            "0 customer_id Invalid pk \"999\" - object does not exist.",
            "1 currency Ensure this field has no more than 3 characters.");
    assertThat(count("orders")).isZero();
  }

  @Test
  void aFailedRequestStoresNothingAndItsHistoryNamesTheRecordAndField() {
    String data =
        IntStream.range(0, 500)
            .mapToObj(
                i ->
                    i == 499
                        ? "{\"email\":\"broken\",\"first_name\":\"X\",\"last_name\":\"Y\"}"
                        : "{\"email\":\"c"
                            + i
                            + "@example.com\",\"first_name\":\"X\",\"last_name\":\"Y\"}")
            .collect(Collectors.joining(",", "[", "]"));

    TestResponse response = sync("customers", data);

    assertThat(response.status()).isEqualTo(400);
    assertThat(count("customers")).isZero();
    var entry = jdbc.queryForMap("SELECT status, failure_reason, records FROM sync_history");
    assertThat(entry.get("status")).isEqualTo("failed");
    assertThat(entry.get("failure_reason").toString()).contains("index 499").contains("'email'");
    assertThat(((Number) entry.get("records")).intValue()).isEqualTo(500);
  }

  @Test
  void aConflictOnTheLastRecordRollsBackTheWholeRequest() {
    sync("customers", customer(1L, "taken@example.com", "First"));
    String data =
        IntStream.range(0, 300)
            .mapToObj(
                i ->
                    "{\"email\":\""
                        + (i == 299 ? "taken" : "n" + i)
                        + "@example.com\",\"first_name\":\"X\",\"last_name\":\"Y\"}")
            .collect(Collectors.joining(",", "[", "]"));

    TestResponse response = sync("customers", data);

    assertThat(response.status()).isEqualTo(409);
    assertThat(count("customers")).isEqualTo(1);
  }

  @Test
  void anUnexpectedFailureWhileWritingRollsBackAndIsRecorded() {
    // A trigger fails the 250th insert, after 249 rows of the batch went in.
    if (TestDatabase.isPostgres()) {
      jdbc.execute(
          "CREATE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF NEW.email = 'boom@example.com' THEN RAISE EXCEPTION 'boom'; END IF;"
              + " RETURN NEW; END $$");
      jdbc.execute(
          "CREATE TRIGGER fail_on_boom BEFORE INSERT ON customers"
              + " FOR EACH ROW EXECUTE FUNCTION fail_on_boom()");
    } else {
      jdbc.execute(
          "CREATE TRIGGER fail_on_boom BEFORE INSERT ON customers"
              + " WHEN NEW.email = 'boom@example.com' BEGIN SELECT RAISE(ABORT, 'boom'); END");
    }
    try {
      String data =
          IntStream.range(0, 300)
              .mapToObj(
                  i ->
                      customerJson(
                          null, i == 249 ? "boom@example.com" : "w" + i + "@example.com", "W"))
              .collect(Collectors.joining(",", "[", "]"));

      TestResponse response = sync("customers", data);

      assertThat(response.body())
          .isEqualTo("{\"status\":500,\"message\":\"Internal Server Error\"}");
      assertThat(count("customers")).isZero();
      assertThat(jdbc.queryForObject("SELECT status FROM sync_history", String.class))
          .isEqualTo("failed");
    } finally {
      jdbc.execute(
          TestDatabase.isPostgres()
              ? "DROP FUNCTION fail_on_boom() CASCADE"
              : "DROP TRIGGER fail_on_boom");
    }
  }

  @Test
  void rejectsTheSameIdTwiceInOneRequest() {
    TestResponse response =
        sync(
            "customers",
            "["
                + customerJson(7L, "a@example.com", "A")
                + ","
                + customerJson(7L, "b@example.com", "B")
                + "]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(details(response.json()))
        .containsExactly("1 id This id appears more than once in the request.");
    assertThat(count("customers")).isZero();
  }

  @Test
  void rejectsIdsBeyondWhatJavaScriptClientsCanHold() {
    TestResponse response = sync("customers", customer(9007199254740992L, "a@example.com", "A"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").get("id").asString())
        .isEqualTo("Ensure this value is less than or equal to 9007199254740991.");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"model\":{\"a\":1},\"data\":[{}]}|model",
        "{\"model\":[],\"data\":[{}]}|model",
        "{\"model\":\"products\",\"data\":[{\"name\":\"x\",\"price\":1,\"weight_grams\":1e400}]}|weight_grams",
        "{\"model\":\"products\",\"data\":[{\"name\":\"x\",\"price\":1,\"active\":99999999999999999999}]}|active",
        "{\"model\":\"customers\",\"data\":[{\"id\":-1e400,\"email\":\"a@b.co\",\"first_name\":\"A\",\"last_name\":\"B\"}]}|id"
      })
  void oddValuesAreA400NamingTheField(String body, String field) {
    TestResponse response = api.postJson("/api/v1/sync", body);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().get("errors").has(field)).as(response.body()).isTrue();
  }

  @Test
  void concurrentWritersAllSucceedWithoutDatabaseLockedErrors() throws Exception {
    int writers = 8;
    int requestsEach = 10;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      List<java.util.concurrent.Future<List<Integer>>> results = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        results.add(
            pool.submit(
                () -> {
                  List<Integer> statuses = new java.util.ArrayList<>();
                  for (int r = 0; r < requestsEach; r++) {
                    String prefix = "w" + writer + "r" + r + "n";
                    String data =
                        IntStream.range(0, 50)
                            .mapToObj(i -> customerJson(null, prefix + i + "@example.com", "C"))
                            .collect(Collectors.joining(",", "[", "]"));
                    statuses.add(sync("customers", data).status());
                  }
                  return statuses;
                }));
      }
      for (var result : results) {
        assertThat(result.get()).containsOnly(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("customers")).isEqualTo(writers * requestsEach * 50);
    assertThat(count("sync_history")).isEqualTo(writers * requestsEach);
  }

  // --- conflicts ------------------------------------------------------------------------------

  @Test
  void aUniqueValueHeldByAStoredRowIsA409NamingTheField() {
    sync("customers", customer(null, "taken@example.com", "First"));

    TestResponse response = sync("customers", customer(null, "taken@example.com", "Second"));

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.body())
        .isEqualTo(
            "{\"status\":409,\"message\":\"Duplicate entry: field 'email' already exists\","
                + "\"errors\":{\"email\":\"customer with this email already exists.\"},"
                + "\"details\":[{\"index\":0,\"field\":\"email\","
                + "\"message\":\"customer with this email already exists.\"}]}");
  }

  @Test
  void aUniqueValueRepeatedWithinOneRequestIsA409AtTheLaterRecord() {
    TestResponse response =
        sync(
            "customers",
            "["
                + customerJson(null, "same@example.com", "A")
                + ","
                + customerJson(null, "other@example.com", "B")
                + ","
                + customerJson(null, "same@example.com", "C")
                + "]");

    assertThat(response.status()).isEqualTo(409);
    assertThat(details(response.json()))
        .containsExactly("2 email customer with this email already exists.");
    assertThat(count("customers")).isZero();
  }

  @Test
  void newRecordsWrittenBeforeTheOneHoldingAStoredValueAreUndone() {
    long taken = createdId(sync("customers", customer(null, "taken@example.com", "First")));
    String batch =
        "["
            + customerJson(null, "a@example.com", "A")
            + ","
            + customerJson(null, "b@example.com", "B")
            + ","
            + customerJson(null, "taken@example.com", "C")
            + "]";

    TestResponse response = sync("customers", batch);

    assertThat(response.status()).isEqualTo(409);
    assertThat(details(response.json()))
        .containsExactly("2 email customer with this email already exists.");
    assertThat(count("customers")).isEqualTo(1);
    TestResponse again = sync("customers", batch.replace("taken@", "free@"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("data").get("results").findValuesAsString("status"))
        .containsOnly("created");
    assertThat(count("customers")).isEqualTo(4);
    assertThat(
            jdbc.queryForObject("SELECT COUNT(*) FROM customers WHERE id > ?", Long.class, taken))
        .isEqualTo(3);
  }

  @Test
  void aRecordMayKeepItsOwnUniqueValueOnUpdate() {
    long id = createdId(sync("customers", customer(null, "mine@example.com", "A")));

    assertThat(sync("customers", customer(id, "mine@example.com", "B")).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource({
    "products, '{\"name\":\"Lamp\",\"price\":1}', name",
    "orders, '{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"new\",\"amount\":1}', order_number",
    "employees, '{\"employee_id\":\"E1\",\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\"e@example.com\"}', email"
  })
  void everyModelsUniqueKeyIsEnforced(String model, String record, String field) {
    sync("customers", customer(1L, "c@example.com", "C"));
    assertThat(sync(model, "[" + record + "]").status()).isEqualTo(200);

    TestResponse response = sync(model, "[" + record + "]");

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().get("message").asString())
        .isEqualTo("Duplicate entry: field '" + field + "' already exists");
    assertThat(response.json().get("errors").get(field).asString()).endsWith("already exists.");
  }

  // --- request shape --------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"data\":[{}]}|model|This field is required.",
        "{\"model\":null,\"data\":[{}]}|model|This field may not be null.",
        "{\"model\":\"invoices\",\"data\":[{}]}|model|\"invoices\" is not a valid choice.",
        "{\"model\":42,\"data\":[{}]}|model|\"42\" is not a valid choice.",
        "{\"model\":\"customers\"}|data|This field is required.",
        "{\"model\":\"customers\",\"data\":null}|data|This field may not be null.",
        "{\"model\":\"customers\",\"data\":[]}|data|This list may not be empty.",
        "{\"model\":\"customers\",\"data\":{\"email\":\"a@b.co\"}}|data|Expected a list of items but got type \"dict\".",
        "{\"model\":\"customers\",\"data\":[1,2]}|data|Item at index 0: Invalid data. Expected a dictionary, but got int.",
        "[]|non_field_errors|Invalid data. Expected a dictionary, but got list."
      })
  void aMalformedRequestIsA400WithErrorsAndAnInvalidHistoryEntry(
      String body, String field, String message) {
    TestResponse response = api.postJson("/api/v1/sync", body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asString()).isEqualTo("Invalid sync request.");
    assertThat(response.json().get("errors").get(field).asString()).isEqualTo(message);
    assertThat(jdbc.queryForObject("SELECT status FROM sync_history", String.class))
        .isEqualTo("invalid");
  }

  @Test
  void malformedJsonIsA400AndNotRecorded() {
    TestResponse response = api.postJson("/api/v1/sync", "{\"model\":\"customers\",");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asString()).isEqualTo("Malformed JSON request body");
    assertThat(count("sync_history")).isZero();
  }

  @Test
  void aNonJsonContentTypeIsA415() {
    TestResponse response =
        api.send("POST", "/api/v1/sync", "model=customers", "content-type", "text/plain");

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().get("status").asInt()).isEqualTo(415);
  }

  // --- products -------------------------------------------------------------------------------

  @Test
  void createsProductsWithDefaultsAndExactPrices() {
    TestResponse response =
        sync(
            "products",
            "[{\"name\":\"Lamp\",\"price\":\"19.99\",\"weight_grams\":250},"
                + "{\"name\":\"Desk\",\"price\":1234567890.5,\"currency\":\"EUR\",\"active\":false,"
                + "\"description\":\"Oak\"}]");

    assertThat(response.status()).isEqualTo(200);
    var lamp = jdbc.queryForMap("SELECT * FROM products WHERE name = 'Lamp'");
    assertThat(new BigDecimal(lamp.get("price").toString())).isEqualByComparingTo("19.99");
    assertThat(lamp.get("currency")).isEqualTo("USD");
    assertThat(flag(lamp.get("active"))).isTrue();
    assertThat(((Number) lamp.get("weight_grams")).intValue()).isEqualTo(250);
    var desk = jdbc.queryForMap("SELECT * FROM products WHERE name = 'Desk'");
    assertThat(new BigDecimal(desk.get("price").toString())).isEqualByComparingTo("1234567890.50");
    assertThat(flag(desk.get("active"))).isFalse();
  }

  /** A boolean column as read back: SQLite stores 0 or 1, PostgreSQL a boolean. */
  private static boolean flag(Object stored) {
    return stored instanceof Boolean b ? b : ((Number) stored).intValue() == 1;
  }

  @Test
  void rejectsAPriceWithThreeDecimalPlaces() {
    TestResponse response = sync("products", "[{\"name\":\"Lamp\",\"price\":\"1.999\"}]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").get("price").asString())
        .isEqualTo("Ensure that there are no more than 2 decimal places.");
  }

  // --- orders ---------------------------------------------------------------------------------

  @Test
  void computesTheOrderAmountFromItemsWhenAbsent() {
    givenCustomerAndProducts();

    TestResponse response =
        sync(
            "orders",
            "[{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"new\",\"items\":["
                + "{\"product_id\":1,\"qty\":2,\"unit_price\":\"19.99\"},"
                + "{\"product_id\":2,\"qty\":1,\"unit_price\":0.02}]}]");

    assertThat(response.status()).isEqualTo(200);
    assertThat(amountOf("SO-1")).isEqualByComparingTo("40.00");
    assertThat(count("order_items")).isEqualTo(2);
  }

  @Test
  void acceptsAnAmountEqualToTheItems() {
    givenCustomerAndProducts();

    TestResponse response =
        sync(
            "orders",
            "[{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"new\",\"amount\":\"39.98\","
                + "\"items\":[{\"product_id\":1,\"qty\":2,\"unit_price\":\"19.99\"}]}]");

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void rejectsOrderWhoseAmountDiffersFromItems() {
    givenCustomerAndProducts();

    TestResponse response =
        sync(
            "orders",
            "[{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"new\",\"amount\":10,"
                + "\"items\":[{\"product_id\":1,\"qty\":2,\"unit_price\":\"19.99\"}]}]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").get("amount").asString())
        .isEqualTo(
            "Order amount must equal the sum of item prices (qty * unit_price)."
                + " Calculated=39.98 provided=10.00");
    assertThat(count("orders")).isZero();
  }

  @Test
  void requiresAnAmountWhenThereAreNoItems() {
    givenCustomerAndProducts();

    TestResponse response =
        sync("orders", "[{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"new\"}]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").get("amount").asString())
        .isEqualTo("This field is required.");
  }

  @Test
  void replacesTheItemsOfAnUpdatedOrderThatSendsItems() {
    givenCustomerAndProducts();
    long id =
        createdId(
            sync(
                "orders",
                "[{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"new\",\"items\":["
                    + "{\"product_id\":1,\"qty\":1,\"unit_price\":1},"
                    + "{\"product_id\":2,\"qty\":1,\"unit_price\":2}]}]"));

    TestResponse response =
        sync(
            "orders",
            "[{\"id\":"
                + id
                + ",\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"paid\",\"items\":["
                + "{\"product_id\":2,\"qty\":3,\"unit_price\":5}]}]");

    assertThat(response.status()).isEqualTo(200);
    assertThat(jdbc.queryForList("SELECT product_id, qty FROM order_items WHERE order_id = ?", id))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(((Number) item.get("product_id")).longValue()).isEqualTo(2);
              assertThat(((Number) item.get("qty")).intValue()).isEqualTo(3);
            });
    assertThat(amountOf("SO-1")).isEqualByComparingTo("15.00");
  }

  @Test
  void keepsTheItemsOfAnUpdatedOrderThatSendsNoItems() {
    givenCustomerAndProducts();
    long id =
        createdId(
            sync(
                "orders",
                "[{\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"new\",\"items\":["
                    + "{\"product_id\":1,\"qty\":1,\"unit_price\":1}]}]"));

    sync(
        "orders",
        "[{\"id\":"
            + id
            + ",\"order_number\":\"SO-1\",\"customer_id\":1,\"status\":\"paid\","
            + "\"amount\":1}]");

    assertThat(count("order_items")).isEqualTo(1);
  }

  @Test
  void rejectsAnOrderOfAMissingCustomerOrProduct() {
    givenCustomerAndProducts();

    TestResponse response =
        sync(
            "orders",
            "[{\"order_number\":\"SO-1\",\"customer_id\":99,\"status\":\"new\",\"items\":["
                + "{\"product_id\":1,\"qty\":1,\"unit_price\":1},"
                + "{\"product_id\":77,\"qty\":1,\"unit_price\":1}]}]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asString()).isEqualTo(VALIDATION_FAILED);
    assertThat(details(response.json()))
        .containsExactly(
            "0 customer_id Invalid pk \"99\" - object does not exist.",
            "0 items[1].product_id Invalid pk \"77\" - object does not exist.");
  }

  // --- employees ------------------------------------------------------------------------------

  @Test
  void readsEmployeesInCamelCaseAndSnakeCaseAlike() {
    TestResponse response =
        sync(
            "employees",
            "[{\"employeeId\":\"E1\",\"firstName\":\"Ann\",\"lastName\":\"Lee\","
                + "\"email\":\"ann@example.com\",\"dateOfBirth\":\"1990-05-17\","
                + "\"lastModified\":1700000000000,\"bankAccountNumber\":\"DE00 1234\"},"
                + "{\"employee_id\":\"E2\",\"first_name\":\"Bob\",\"last_name\":\"Ray\","
                + "\"email\":\"bob@example.com\",\"date_of_birth\":\"1985-01-02T03:04:05Z\","
                + "\"last_modified\":\"9007199254740993\"}]");

    assertThat(response.status()).isEqualTo(200);
    var ann = jdbc.queryForMap("SELECT * FROM employees WHERE employee_id = 'E1'");
    assertThat(ann.get("first_name")).isEqualTo("Ann");
    assertThat(ann.get("bank_account_number")).isEqualTo("DE00 1234");
    assertThat(((Number) ann.get("last_modified")).longValue()).isEqualTo(1700000000000L);
    var bob = jdbc.queryForMap("SELECT * FROM employees WHERE employee_id = 'E2'");
    assertThat(((Number) bob.get("last_modified")).longValue()).isEqualTo(9007199254740993L);
  }

  @Test
  void acceptsANumericStringAsEmployeeIdAndRejectsOtherStrings() {
    assertThat(sync("employees", "[" + employee("\"12\"", "a@example.com") + "]").status())
        .isEqualTo(200);
    assertThat(jdbc.queryForObject("SELECT id FROM employees", Long.class)).isEqualTo(12);

    TestResponse response = sync("employees", "[" + employee("\"abc\"", "b@example.com") + "]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").get("id").asString())
        .isEqualTo("A valid integer is required.");
  }

  @Test
  void publishesCreatedEmployeesOnceAndNothingForUpdatesOrRejectedRequests() {
    sync("employees", "[" + employee("5", "a@example.com") + "]");
    sync("employees", "[" + employee("5", "a2@example.com") + "]"); // an update: no event
    sync("employees", "[" + employee("6", "a2@example.com") + "]"); // conflict: rolled back

    assertThat(events.created()).hasSize(1);
    assertThat(CapturedEvents.ids(events.created().get(0))).containsExactly(5L);
    assertThat(events.created().get(0).entries().get(0).version()).isEqualTo(1);
  }

  // --- helpers --------------------------------------------------------------------------------

  private void givenCustomerAndProducts() {
    assertThat(sync("customers", customer(1L, "c@example.com", "C")).status()).isEqualTo(200);
    assertThat(
            sync(
                    "products",
                    "[{\"id\":1,\"name\":\"P1\",\"price\":1},{\"id\":2,\"name\":\"P2\",\"price\":2}]")
                .status())
        .isEqualTo(200);
  }

  private BigDecimal amountOf(String orderNumber) {
    return new BigDecimal(
        jdbc.queryForObject(
            "SELECT amount FROM orders WHERE order_number = ?", String.class, orderNumber));
  }

  private static long createdId(TestResponse response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().get("data").get("results").get(0).get("id").asLong();
  }

  private static String customer(Long id, String email, String firstName) {
    return "[" + customerJson(id, email, firstName) + "]";
  }

  private static String customerJson(Long id, String email, String firstName) {
    return "{"
        + (id == null ? "" : "\"id\":" + id + ",")
        + "\"email\":\""
        + email
        + "\",\"first_name\":\""
        + firstName
        + "\",\"last_name\":\"Doe\"}";
  }

  private static String employee(String id, String email) {
    return "{\"id\":"
        + id
        + ",\"employee_id\":\"E-"
        + email
        + "\",\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\""
        + email
        + "\"}";
  }

  private static List<Map.Entry<String, String>> fields(JsonNode errors) {
    return errors.properties().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue().asString()))
        .toList();
  }

  private static List<String> details(JsonNode body) {
    return body.get("details")
        .valueStream()
        .map(
            d ->
                d.get("index").asInt()
                    + " "
                    + d.get("field").asString()
                    + " "
                    + d.get("message").asString())
        .toList();
  }
}
