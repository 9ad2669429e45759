package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.GraphQlRequest;
import org.springframework.graphql.GraphQlResponse;
import org.springframework.graphql.client.GraphQlTransport;
import org.springframework.graphql.client.HttpSyncGraphQlClient;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.web.client.RestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * SPEC §3 over HTTP: the employee queries and mutations sent to the running app on its real port,
 * with the token header, from the documents in {@code src/test/resources/graphql-test/}; and what
 * {@code /graphql} answers without the token, to GET, and to a browser.
 */
class EmployeeGraphQlIntegrationTests extends IntegrationTest {

  /** Above 2^53: a client that read it as a double would get 9007199254740992. */
  private static final long BEYOND_DOUBLE_PRECISION = 9_007_199_254_740_993L;

  private GraphQlTester graphQl;

  @BeforeEach
  void graphQlTesterOverHttp() {
    HttpSyncGraphQlClient client =
        HttpSyncGraphQlClient.builder(
                RestClient.builder().baseUrl("http://127.0.0.1:" + port() + "/graphql"))
            .header("x-auth-token", TOKEN)
            .build();
    graphQl = GraphQlTester.builder(over(client)).build();
  }

  // --- employees --------------------------------------------------------------------------------

  @Test
  void employeesWithoutArgumentsReturnsTheFirstTenById() {
    givenEmployeesWithIds(12);

    graphQl
        .documentName("employeesFirstPage")
        .execute()
        .path("employees[*].id")
        .entityList(String.class)
        .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
  }

  @Test
  void employeesPagesWithOffsetAndLimitInIdOrder() {
    givenEmployeesWithIds(12);

    assertThat(employeeIds(0, 5)).containsExactly("1", "2", "3", "4", "5");
    assertThat(employeeIds(5, 5)).containsExactly("6", "7", "8", "9", "10");
    assertThat(employeeIds(10, 5)).containsExactly("11", "12");
    assertThat(employeeIds(12, 5)).isEmpty();
    assertThat(employeeIds(3, 0)).isEmpty();
  }

  @Test
  void employeesAcceptsTheLargestLimit() {
    givenEmployeesWithIds(12);

    assertThat(employeeIds(0, 100)).hasSize(12);
  }

  @Test
  void employeesWithANegativeLimitIsBadUserInput() {
    givenEmployeesWithIds(1);

    GraphQlTester.Response response =
        graphQl.documentName("employees").variable("offset", 0).variable("limit", -1).execute();

    assertSingleError(response, "BAD_USER_INPUT", "employees");
    response
        .errors()
        .satisfy(
            errors -> assertThat(errors.get(0).getExtensions()).containsEntry("argument", "limit"));
  }

  @Test
  void employeesWithALimitAboveAHundredIsBadUserInput() {
    givenEmployeesWithIds(1);

    GraphQlTester.Response response =
        graphQl.documentName("employees").variable("offset", 0).variable("limit", 101).execute();

    assertSingleError(response, "BAD_USER_INPUT", "employees");
    response
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.get(0).getExtensions())
                    .containsEntry("argument", "limit")
                    .as("the code first, in the same order on every run")
                    .containsKeys("code", "argument")
                    .extracting(extensions -> List.copyOf(extensions.keySet()).subList(0, 2))
                    .isEqualTo(List.of("code", "argument")));
  }

  @Test
  void employeesWithANegativeOffsetIsBadUserInput() {
    givenEmployeesWithIds(1);

    GraphQlTester.Response response =
        graphQl.documentName("employees").variable("offset", -1).variable("limit", 10).execute();

    assertSingleError(response, "BAD_USER_INPUT", "employees");
    response
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.get(0).getExtensions()).containsEntry("argument", "offset"));
  }

  // --- employee(id) -----------------------------------------------------------------------------

  @Test
  void employeeReturnsTheOneWithThatId() {
    givenEmployee(1, "Grace", null, "Hopper", "grace@navy.mil");
    givenEmployee(2, "Ada", "King", "Lovelace", "ada@example.com");

    GraphQlTester.Response response = graphQl.documentName("employee").variable("id", 2).execute();

    response.path("employee.id").entity(String.class).isEqualTo("2");
    response.path("employee.employeeId").entity(String.class).isEqualTo("E-2");
    response.path("employee.firstName").entity(String.class).isEqualTo("Ada");
    response.path("employee.middleName").entity(String.class).isEqualTo("King");
    response.path("employee.lastName").entity(String.class).isEqualTo("Lovelace");
    response.path("employee.email").entity(String.class).isEqualTo("ada@example.com");
    response.path("employee.fullName").entity(String.class).isEqualTo("Ada King Lovelace");
    response.path("employee.department").valueIsNull();
    response.path("employee.lastModified").valueIsNull();
  }

  @Test
  void employeeOfAnAbsentIdIsNullWithoutAnError() {
    givenEmployee(1, "Grace", null, "Hopper", "grace@navy.mil");

    graphQl.documentName("employee").variable("id", 999).execute().path("employee").valueIsNull();
  }

  @Test
  void lastModifiedTravelsAsAJsonIntegerBeyondDoublePrecision() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada@example.com");
    jdbc.update("UPDATE employees SET last_modified = ? WHERE id = 1", BEYOND_DOUBLE_PRECISION);

    TestResponse response =
        api.postJson("/graphql", "{\"query\":\"{ employee(id: 1) { lastModified } }\"}");

    assertThat(response.status()).isEqualTo(200);
    JsonNode lastModified = response.json().at("/data/employee/lastModified");
    assertThat(lastModified.isIntegralNumber()).as("a JSON integer: %s", lastModified).isTrue();
    assertThat(lastModified.longValue()).isEqualTo(BEYOND_DOUBLE_PRECISION);
    assertThat(response.body()).contains("\"lastModified\":9007199254740993");
  }

  // --- searchEmployees --------------------------------------------------------------------------

  @Test
  void searchMatchesFirstNameLastNameAndEmailIgnoringCase() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada@example.com");
    givenEmployee(2, "Grace", null, "Hopper", "admiral@navy.mil");
    givenEmployee(3, "Alan", null, "Turing", "alan@bletchley.uk");

    assertThat(searchIds("LOVE")).as("last name").containsExactly("1");
    assertThat(searchIds("gRaCe")).as("first name").containsExactly("2");
    assertThat(searchIds("BLETCHLEY")).as("email").containsExactly("3");
    assertThat(searchIds("a")).as("all three, by id").containsExactly("1", "2", "3");
  }

  @Test
  void searchPagesWithOffsetAndLimitInIdOrder() {
    givenEmployeesWithIds(6);

    List<String> page =
        graphQl
            .documentName("searchEmployees")
            .variable("search", "EXAMPLE.COM")
            .variable("offset", 2)
            .variable("limit", 3)
            .execute()
            .path("searchEmployees[*].id")
            .entityList(String.class)
            .get();

    assertThat(page).containsExactly("3", "4", "5");
  }

  @Test
  void searchWithALimitAboveAHundredIsBadUserInput() {
    givenEmployeesWithIds(1);

    GraphQlTester.Response response =
        graphQl
            .documentName("searchEmployees")
            .variable("search", "a")
            .variable("limit", 101)
            .execute();

    assertSingleError(response, "BAD_USER_INPUT", "searchEmployees");
  }

  @Test
  void searchWithoutAMatchIsAnEmptyList() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada@example.com");

    assertThat(searchIds("Babbage")).isEmpty();
  }

  @Test
  void searchTreatsPercentAndUnderscoreAsPlainCharacters() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada_l@example.com");
    givenEmployee(2, "Grace", null, "Hopper", "grace@navy.mil");

    assertThat(searchIds("_")).containsExactly("1");
    assertThat(searchIds("%")).isEmpty();
  }

  // --- fullName ---------------------------------------------------------------------------------

  @Test
  void fullNameJoinsFirstMiddleAndLastWithSingleSpacesSkippingABlankMiddle() {
    givenEmployee(1, "Ada", "King", "Lovelace", "ada@example.com");
    givenEmployee(2, "Grace", null, "Hopper", "grace@navy.mil");
    givenEmployee(3, "Alan", "   ", "Turing", "alan@bletchley.uk");
    givenEmployee(4, "Katherine", "", "Johnson", "kj@nasa.gov");

    graphQl
        .documentName("fullNames")
        .execute()
        .path("employees[*].fullName")
        .entityList(String.class)
        .containsExactly("Ada King Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson");
  }

  // --- createEmployee ---------------------------------------------------------------------------

  @Test
  void createEmployeeStoresAndReturnsEveryField() {
    GraphQlTester.Response response =
        graphQl.documentName("createEmployee").variable("data", everyField()).execute();

    long id = jdbc.queryForObject("SELECT id FROM employees", Long.class);
    response.path("createEmployee.id").entity(String.class).isEqualTo(String.valueOf(id));
    response.path("createEmployee.employeeId").entity(String.class).isEqualTo("E-100");
    response.path("createEmployee.firstName").entity(String.class).isEqualTo("Ada");
    response.path("createEmployee.middleName").entity(String.class).isEqualTo("King");
    response.path("createEmployee.lastName").entity(String.class).isEqualTo("Lovelace");
    response.path("createEmployee.gender").entity(String.class).isEqualTo("female");
    response.path("createEmployee.email").entity(String.class).isEqualTo("ada@example.com");
    response.path("createEmployee.phoneNumber").entity(String.class).isEqualTo("+44 20 1234");
    response.path("createEmployee.nationality").entity(String.class).isEqualTo("British");
    response.path("createEmployee.jobLevel").entity(String.class).isEqualTo("L7");
    response.path("createEmployee.department").entity(String.class).isEqualTo("Engineering");
    response.path("createEmployee.location").entity(String.class).isEqualTo("London");
    response.path("createEmployee.bankAccountNumber").entity(String.class).isEqualTo("GB00 1234");
    response.path("createEmployee.company").entity(String.class).isEqualTo("Analytical Engines");
    response.path("createEmployee.jobTitle").entity(String.class).isEqualTo("Programmer");
    response.path("createEmployee.costCenter").entity(String.class).isEqualTo("CC-1");
    response.path("createEmployee.employeeStatus").entity(String.class).isEqualTo("active");
    response.path("createEmployee.managerId").entity(String.class).isEqualTo("E-0");
    response
        .path("createEmployee.managerEmail")
        .entity(String.class)
        .isEqualTo("babbage@example.com");
    response.path("createEmployee.fullName").entity(String.class).isEqualTo("Ada King Lovelace");
    response
        .path("createEmployee.lastModified")
        .entity(Long.class)
        .isEqualTo(BEYOND_DOUBLE_PRECISION);
    // DateTime: ISO-8601 with an offset, the same instant as sent whatever the offset sent.
    assertInstant(response, "createEmployee.dateOfBirth", "1815-12-10T00:00:00Z");
    assertInstant(response, "createEmployee.startDate", "1843-01-01T07:00:00Z");
    assertInstant(response, "createEmployee.lastModifiedOn", "2024-03-15T08:20:30Z");

    assertThat(count("employees")).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT last_modified FROM employees", Long.class))
        .isEqualTo(BEYOND_DOUBLE_PRECISION);
  }

  @Test
  void createEmployeeWithATakenEmailIsAConflict() {
    givenEmployee(1, "Grace", null, "Hopper", "ada@example.com");

    GraphQlTester.Response response =
        graphQl
            .documentName("createEmployee")
            .variable("data", required("E-2", "ada@example.com"))
            .execute();

    assertSingleError(response, "CONFLICT", "createEmployee");
    assertThat(count("employees")).isEqualTo(1);
  }

  @Test
  void createEmployeeWithAnInvalidEmailIsBadUserInput() {
    GraphQlTester.Response response =
        graphQl
            .documentName("createEmployee")
            .variable("data", required("E-1", "not-an-email"))
            .execute();

    assertSingleError(response, "BAD_USER_INPUT", "createEmployee");
    assertThat(count("employees")).isZero();
  }

  @Test
  void createEmployeeWithoutARequiredInputFieldFailsValidationAsBadUserInput() {
    GraphQlTester.Response response = graphQl.documentName("createEmployeeWithoutEmail").execute();

    assertSingleError(response, "BAD_USER_INPUT", null);
    assertThat(count("employees")).isZero();
  }

  @Test
  void createEmployeeWithVariablesLackingARequiredInputFieldIsBadUserInput() {
    Map<String, Object> data = required("E-1", "ada@example.com");
    data.remove("email");

    GraphQlTester.Response response =
        graphQl.documentName("createEmployee").variable("data", data).execute();

    assertSingleError(response, "BAD_USER_INPUT", null);
    assertThat(count("employees")).isZero();
  }

  // --- updateEmployee ---------------------------------------------------------------------------

  @Test
  void updateEmployeeChangesOnlyTheGivenFields() {
    long id = created(everyField());

    GraphQlTester.Response response =
        graphQl
            .documentName("updateEmployee")
            .variable("id", id)
            .variable("data", Map.of("jobTitle", "Lead Programmer", "department", "Research"))
            .execute();

    response.path("updateEmployee.id").entity(String.class).isEqualTo(String.valueOf(id));
    response.path("updateEmployee.jobTitle").entity(String.class).isEqualTo("Lead Programmer");
    response.path("updateEmployee.department").entity(String.class).isEqualTo("Research");
    response.path("updateEmployee.employeeId").entity(String.class).isEqualTo("E-100");
    response.path("updateEmployee.firstName").entity(String.class).isEqualTo("Ada");
    response.path("updateEmployee.middleName").entity(String.class).isEqualTo("King");
    response.path("updateEmployee.lastName").entity(String.class).isEqualTo("Lovelace");
    response.path("updateEmployee.email").entity(String.class).isEqualTo("ada@example.com");
    response
        .path("updateEmployee.lastModified")
        .entity(Long.class)
        .isEqualTo(BEYOND_DOUBLE_PRECISION);
    response.path("updateEmployee.fullName").entity(String.class).isEqualTo("Ada King Lovelace");
    assertInstant(response, "updateEmployee.dateOfBirth", "1815-12-10T00:00:00Z");

    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM employees WHERE id = ?", id);
    assertThat(row)
        .containsEntry("job_title", "Lead Programmer")
        .containsEntry("department", "Research")
        .containsEntry("phone_number", "+44 20 1234")
        .containsEntry("manager_email", "babbage@example.com")
        .containsEntry("cost_center", "CC-1");
    assertThat(count("employees")).isEqualTo(1);
  }

  @Test
  void updateEmployeeOfAnAbsentIdIsNullAndCreatesNothing() {
    graphQl
        .documentName("updateEmployee")
        .variable("id", 999)
        .variable("data", Map.of("jobTitle", "Lead"))
        .execute()
        .path("updateEmployee")
        .valueIsNull();

    assertThat(count("employees")).isZero();
  }

  @Test
  void updateEmployeeToAnEmailTakenByAnotherIsAConflict() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada@example.com");
    givenEmployee(2, "Grace", null, "Hopper", "grace@navy.mil");

    GraphQlTester.Response response =
        graphQl
            .documentName("updateEmployee")
            .variable("id", 2)
            .variable("data", Map.of("email", "ada@example.com"))
            .execute();

    assertSingleError(response, "CONFLICT", "updateEmployee");
    assertThat(jdbc.queryForObject("SELECT email FROM employees WHERE id = 2", String.class))
        .isEqualTo("grace@navy.mil");
  }

  // --- deleteEmployee ---------------------------------------------------------------------------

  @Test
  void deleteEmployeeIsTrueWhenARowWentAndFalseAfterwards() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada@example.com");
    givenEmployee(2, "Grace", null, "Hopper", "grace@navy.mil");

    graphQl
        .documentName("deleteEmployee")
        .variable("id", 1)
        .execute()
        .path("deleteEmployee")
        .entity(Boolean.class)
        .isEqualTo(true);
    assertThat(jdbc.queryForList("SELECT id FROM employees", Long.class)).containsExactly(2L);

    graphQl
        .documentName("deleteEmployee")
        .variable("id", 1)
        .execute()
        .path("deleteEmployee")
        .entity(Boolean.class)
        .isEqualTo(false);
    assertThat(count("employees")).isEqualTo(1);
  }

  // --- errors -----------------------------------------------------------------------------------

  @Test
  void anUnknownFieldIsBadUserInput() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada@example.com");

    GraphQlTester.Response response = graphQl.documentName("unknownField").execute();

    response
        .errors()
        .satisfy(
            errors -> {
              assertThat(errors).isNotEmpty();
              assertThat(errors.get(0).getMessage()).contains("salary");
              assertThat(errors.get(0).getExtensions()).containsEntry("code", "BAD_USER_INPUT");
            });
  }

  // --- authentication ---------------------------------------------------------------------------

  @Test
  void postWithoutTheTokenIs401Unauthenticated() {
    TestResponse response = anonymous.postJson("/graphql", "{\"query\":\"{ employees { id } }\"}");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("UNAUTHENTICATED");
    assertThat(response.json().at("/errors/0/extensions/code").asString())
        .isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void postWithAWrongTokenIs401Unauthenticated() {
    TestResponse response =
        anonymous.postJson(
            "/graphql", "{\"query\":\"{ employees { id } }\"}", "x-auth-token", "wrong-token");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("UNAUTHENTICATED");
  }

  @Test
  void aMutationWithoutTheTokenChangesNothing() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada@example.com");

    TestResponse response =
        anonymous.postJson("/graphql", "{\"query\":\"mutation { deleteEmployee(id: 1) }\"}");

    assertThat(response.status()).isEqualTo(401);
    assertThat(count("employees")).isEqualTo(1);
  }

  // --- GET --------------------------------------------------------------------------------------

  @Test
  void getRunsAQueryFromTheQueryParameter() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada@example.com");
    givenEmployee(2, "Grace", null, "Hopper", "grace@navy.mil");

    TestResponse response = api.get("/graphql?query=" + encode("{employees{id}}"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().at("/data/employees").toString())
        .isEqualTo("[{\"id\":\"1\"},{\"id\":\"2\"}]");
    assertThat(response.json().has("errors")).isFalse();
  }

  @Test
  void getWithAMutationIs405AndChangesNothing() {
    givenEmployee(1, "Ada", null, "Lovelace", "ada@example.com");

    TestResponse response = api.get("/graphql?query=" + encode("mutation{deleteEmployee(id:1)}"));

    assertThat(response.status()).isEqualTo(405);
    assertThat(count("employees")).isEqualTo(1);
  }

  @Test
  void getWithAQueryNeedsTheTokenEvenFromABrowser() {
    TestResponse response =
        anonymous.get("/graphql?query=" + encode("{employees{id}}"), "Accept", "text/html");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("UNAUTHENTICATED");
  }

  // --- GraphiQL ---------------------------------------------------------------------------------

  @Test
  void aBrowserGetsGraphiQlWithoutTheToken() {
    TestResponse response =
        anonymous.get(
            "/graphql",
            "Accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("content-type")).startsWith("text/html");
    assertThat(response.body()).contains("graphiql").contains("/graphiql/app.js");
  }

  @Test
  void graphiQlHeadersPaneStartsWithTheTokenHeader() {
    TestResponse response = anonymous.get("/graphiql/app.js");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("x-auth-token").contains("'{\"x-auth-token\": \"\"}'");
  }

  @Test
  void everyAssetOfTheGraphiQlPageLoadsWithoutTheToken() {
    String page = anonymous.get("/graphql", "Accept", "text/html").body();
    List<String> assets = new ArrayList<>();
    Matcher matcher = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page);
    while (matcher.find()) {
      assets.add(matcher.group(1));
    }

    assertThat(assets).contains("/webjars/graphiql/graphiql.min.js", "/graphiql/app.js");
    for (String asset : assets) {
      TestResponse response = anonymous.get(asset);
      assertThat(response.status()).as(asset).isEqualTo(200);
      assertThat(response.body()).as(asset).isNotBlank();
    }
  }

  // --- REST sync --------------------------------------------------------------------------------

  @Test
  void employeesSyncedOverRestAreVisibleThroughGraphQl() {
    TestResponse synced =
        sync(
            "employees",
            "[{\"employeeId\":\"E-7\",\"firstName\":\"Katherine\",\"middleName\":\"Coleman\","
                + "\"lastName\":\"Johnson\",\"email\":\"kj@nasa.gov\"},"
                + "{\"employeeId\":\"E-8\",\"firstName\":\"Dorothy\",\"lastName\":\"Vaughan\","
                + "\"email\":\"dv@nasa.gov\"}]");
    assertThat(synced.status()).isEqualTo(200);

    GraphQlTester.Response response =
        graphQl.documentName("employees").variable("offset", 0).variable("limit", 10).execute();

    response.path("employees[*].employeeId").entityList(String.class).containsExactly("E-7", "E-8");
    response
        .path("employees[*].fullName")
        .entityList(String.class)
        .containsExactly("Katherine Coleman Johnson", "Dorothy Vaughan");
  }

  // --- helpers ----------------------------------------------------------------------------------

  /**
   * The tester's transport: Spring's blocking GraphQL-over-HTTP client, so that every document goes
   * to the running app over real HTTP with the token header, no WebTestClient needed.
   */
  private static GraphQlTransport over(HttpSyncGraphQlClient client) {
    return new GraphQlTransport() {
      @Override
      public Mono<GraphQlResponse> execute(GraphQlRequest request) {
        return Mono.<GraphQlResponse>fromCallable(
            () ->
                client
                    .document(request.getDocument())
                    .operationName(request.getOperationName())
                    .variables(request.getVariables())
                    .extensions(request.getExtensions())
                    .executeSync());
      }

      @Override
      public Flux<GraphQlResponse> executeSubscription(GraphQlRequest request) {
        return Flux.error(
            new UnsupportedOperationException("Subscriptions are tested over WebSocket"));
      }
    };
  }

  /** Exactly one error, with that extensions.code, at that path (null: a document error). */
  private static void assertSingleError(GraphQlTester.Response response, String code, String path) {
    response
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .singleElement()
                    .satisfies(
                        error -> {
                          assertThat(error.getExtensions()).containsEntry("code", code);
                          if (path != null) {
                            assertThat(error.getPath()).isEqualTo(path);
                          }
                        }));
  }

  private static void assertInstant(GraphQlTester.Response response, String path, String expected) {
    response
        .path(path)
        .entity(String.class)
        .satisfies(
            value ->
                assertThat(OffsetDateTime.parse(value).toInstant())
                    .as("%s = %s", path, value)
                    .isEqualTo(Instant.parse(expected)));
  }

  private List<String> employeeIds(int offset, int limit) {
    return graphQl
        .documentName("employees")
        .variable("offset", offset)
        .variable("limit", limit)
        .execute()
        .path("employees[*].id")
        .entityList(String.class)
        .get();
  }

  private List<String> searchIds(String search) {
    return graphQl
        .documentName("searchEmployees")
        .variable("search", search)
        .execute()
        .path("searchEmployees[*].id")
        .entityList(String.class)
        .get();
  }

  private long created(Map<String, Object> data) {
    String id =
        graphQl
            .documentName("createEmployee")
            .variable("data", data)
            .execute()
            .path("createEmployee.id")
            .entity(String.class)
            .get();
    return Long.parseLong(id);
  }

  /** Employees 1..n, inserted in reverse so that only ORDER BY id puts them in order. */
  private void givenEmployeesWithIds(int n) {
    for (int id = n; id >= 1; id--) {
      givenEmployee(id, "First" + id, null, "Last" + id, "employee" + id + "@example.com");
    }
  }

  private void givenEmployee(
      long id, String firstName, String middleName, String lastName, String email) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update(
        "INSERT INTO employees (id, employee_id, first_name, middle_name, last_name, email,"
            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        "E-" + id,
        firstName,
        middleName,
        lastName,
        email,
        now,
        now);
  }

  private static Map<String, Object> required(String employeeId, String email) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("employeeId", employeeId);
    data.put("firstName", "Ada");
    data.put("lastName", "Lovelace");
    data.put("email", email);
    return data;
  }

  /** Every CreateEmployeeInput field; dates with offsets other than UTC. */
  private static Map<String, Object> everyField() {
    Map<String, Object> data = required("E-100", "ada@example.com");
    data.put("middleName", "King");
    data.put("gender", "female");
    data.put("phoneNumber", "+44 20 1234");
    data.put("dateOfBirth", "1815-12-10T00:00:00Z");
    data.put("nationality", "British");
    data.put("jobLevel", "L7");
    data.put("department", "Engineering");
    data.put("location", "London");
    data.put("bankAccountNumber", "GB00 1234");
    data.put("company", "Analytical Engines");
    data.put("jobTitle", "Programmer");
    data.put("costCenter", "CC-1");
    data.put("startDate", "1843-01-01T09:00:00+02:00");
    data.put("employeeStatus", "active");
    data.put("managerId", "E-0");
    data.put("managerEmail", "babbage@example.com");
    data.put("lastModifiedOn", "2024-03-15T10:20:30+02:00");
    data.put("lastModified", BEYOND_DOUBLE_PRECISION);
    return data;
  }

  private static String encode(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }
}
