package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.syncbridge.error.ConflictException;
import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.NotFoundException;
import io.syncbridge.error.ServiceUnavailableException;
import io.syncbridge.graphql.GraphQlSliceConfiguration;
import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordsRejectedException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.graphql.test.autoconfigure.GraphQlTest;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * {@link EmployeeGraphQlController} in a GraphQL slice: the schema, the controller, the scalars and
 * error resolver of {@code GraphQlConfiguration}, and a mocked {@link EmployeeService}. Requests go
 * straight to the {@code ExecutionGraphQlService}, so {@code WebGraphQlInterceptor}s (the one that
 * gives GraphQL's own validation errors a code) are not applied here; {@code
 * EmployeeGraphQlIntegrationTests} covers those over HTTP.
 */
@GraphQlTest(EmployeeGraphQlController.class)
@Import(GraphQlSliceConfiguration.class)
class EmployeeGraphQlControllerTests {

  /** Above 2^53: a client that read it as a double would get 9007199254740992. */
  private static final long BEYOND_DOUBLE_PRECISION = 9_007_199_254_740_993L;

  private static final String EMPLOYEES =
      """
      query employees($offset: Int, $limit: Int) {
        employees(offset: $offset, limit: $limit) {
          id employeeId fullName email startDate lastModified
        }
      }
      """;

  private static final String EMPLOYEES_WITHOUT_ARGUMENTS =
      """
      { employees { id employeeId firstName middleName lastName fullName email
                    dateOfBirth startDate lastModifiedOn lastModified } }
      """;

  private static final String EMPLOYEE =
      """
      query employee($id: Int!) { employee(id: $id) { id employeeId fullName lastModified } }
      """;

  private static final String SEARCH_EMPLOYEES =
      """
      query searchEmployees($search: String!, $offset: Int, $limit: Int) {
        searchEmployees(search: $search, offset: $offset, limit: $limit) { id fullName }
      }
      """;

  private static final String CREATE_EMPLOYEE =
      """
      mutation createEmployee($data: CreateEmployeeInput!) {
        createEmployee(data: $data) { id employeeId fullName email startDate lastModified }
      }
      """;

  private static final String UPDATE_EMPLOYEE =
      """
      mutation updateEmployee($id: Int!, $data: UpdateEmployeeInput!) {
        updateEmployee(id: $id, data: $data) { id jobTitle fullName }
      }
      """;

  private static final String DELETE_EMPLOYEE =
      """
      mutation deleteEmployee($id: Int!) { deleteEmployee(id: $id) }
      """;

  @Autowired private GraphQlTester graphQl;

  @MockitoBean private EmployeeService service;

  @MockitoBean private EmployeeEvents events;

  // --- employees --------------------------------------------------------------------------------

  @Test
  void employeesWithoutArgumentsAsksTheServiceForOffset0Limit10AndReturnsItsList() {
    when(service.list(0, 10))
        .thenReturn(List.of(ada(), employee(2, "E002", "Alan", null, "Turing")));

    GraphQlTester.Response response = graphQl.document(EMPLOYEES_WITHOUT_ARGUMENTS).execute();

    verify(service).list(0, 10);
    response.path("employees[*].id").entityList(String.class).containsExactly("1", "2");
    response.path("employees[0].employeeId").entity(String.class).isEqualTo("E001");
    response.path("employees[0].firstName").entity(String.class).isEqualTo("Ada");
    response.path("employees[0].middleName").entity(String.class).isEqualTo("King");
    response.path("employees[0].lastName").entity(String.class).isEqualTo("Lovelace");
    response.path("employees[0].fullName").entity(String.class).isEqualTo("Ada King Lovelace");
    response.path("employees[1].fullName").entity(String.class).isEqualTo("Alan Turing");
    response.path("employees[0].email").entity(String.class).isEqualTo("ada@example.com");
    response
        .path("employees[0].dateOfBirth")
        .entity(String.class)
        .isEqualTo("1815-12-10T00:00:00.000Z");
    response
        .path("employees[0].startDate")
        .entity(String.class)
        .isEqualTo("2024-03-01T09:30:00.000+02:00");
    response
        .path("employees[0].lastModifiedOn")
        .entity(String.class)
        .isEqualTo("2025-01-02T03:04:05.678Z");
    response
        .path("employees[0].lastModified")
        .entity(Long.class)
        .isEqualTo(BEYOND_DOUBLE_PRECISION);
  }

  @Test
  void employeesPassesTheGivenOffsetAndLimitToTheService() {
    when(service.list(20, 5)).thenReturn(List.of(ada()));

    graphQl
        .document(EMPLOYEES)
        .variable("offset", 20)
        .variable("limit", 5)
        .execute()
        .path("employees[*].employeeId")
        .entityList(String.class)
        .containsExactly("E001");

    verify(service).list(20, 5);
  }

  @Test
  void employeesAcceptsTheLargestLimit() {
    when(service.list(0, 100)).thenReturn(List.of());

    graphQl
        .document(EMPLOYEES)
        .variable("limit", 100)
        .execute()
        .path("employees")
        .entityList(Object.class)
        .hasSize(0);

    verify(service).list(0, 100);
  }

  @Test
  void employeesWithLimitAboveHundredIsBadUserInputAndNeverReachesTheService() {
    expectBadUserInput(
        graphQl.document(EMPLOYEES).variable("limit", 101).execute(),
        "limit must be between 0 and 100",
        "limit");

    verifyNoInteractions(service);
  }

  @Test
  void employeesWithNegativeLimitIsBadUserInputAndNeverReachesTheService() {
    expectBadUserInput(
        graphQl.document(EMPLOYEES).variable("limit", -1).execute(),
        "limit must be between 0 and 100",
        "limit");

    verifyNoInteractions(service);
  }

  @Test
  void employeesWithNegativeOffsetIsBadUserInputAndNeverReachesTheService() {
    expectBadUserInput(
        graphQl.document(EMPLOYEES).variable("offset", -1).execute(),
        "offset must be 0 or more",
        "offset");

    verifyNoInteractions(service);
  }

  // --- employee ---------------------------------------------------------------------------------

  @Test
  void employeeReturnsTheOneTheServiceFinds() {
    when(service.find(1L)).thenReturn(Optional.of(ada()));

    GraphQlTester.Response response = graphQl.document(EMPLOYEE).variable("id", 1).execute();

    response.path("employee.id").entity(String.class).isEqualTo("1");
    response.path("employee.fullName").entity(String.class).isEqualTo("Ada King Lovelace");
    response.path("employee.lastModified").entity(Long.class).isEqualTo(BEYOND_DOUBLE_PRECISION);
    verify(service).find(1L);
  }

  @Test
  void employeeIsNullWhenTheServiceFindsNone() {
    when(service.find(anyLong())).thenReturn(Optional.empty());

    graphQl.document(EMPLOYEE).variable("id", 404).execute().path("employee").valueIsNull();

    verify(service).find(404L);
  }

  // --- searchEmployees --------------------------------------------------------------------------

  @Test
  void searchEmployeesPassesSearchOffsetAndLimitToTheService() {
    when(service.search("love", 3, 7)).thenReturn(List.of(ada()));

    graphQl
        .document(SEARCH_EMPLOYEES)
        .variable("search", "love")
        .variable("offset", 3)
        .variable("limit", 7)
        .execute()
        .path("searchEmployees[*].fullName")
        .entityList(String.class)
        .containsExactly("Ada King Lovelace");

    verify(service).search("love", 3, 7);
  }

  @Test
  void searchEmployeesWithoutPagingPassesOffset0Limit10() {
    when(service.search("x", 0, 10)).thenReturn(List.of());

    graphQl
        .document(SEARCH_EMPLOYEES)
        .variable("search", "x")
        .execute()
        .path("searchEmployees")
        .entityList(Object.class)
        .hasSize(0);

    verify(service).search("x", 0, 10);
  }

  @Test
  void searchEmployeesWithLimitAboveHundredIsBadUserInputAndNeverReachesTheService() {
    expectBadUserInput(
        graphQl.document(SEARCH_EMPLOYEES).variable("search", "x").variable("limit", 101).execute(),
        "limit must be between 0 and 100",
        "limit");

    verifyNoInteractions(service);
  }

  // --- createEmployee ---------------------------------------------------------------------------

  @Test
  void createEmployeePassesTheInputWithCamelCaseKeysAndReturnsTheView() {
    when(service.create(anyMap())).thenReturn(ada());

    GraphQlTester.Response response =
        graphQl
            .document(CREATE_EMPLOYEE)
            .variable(
                "data",
                Map.of(
                    "employeeId", "E001",
                    "firstName", "Ada",
                    "middleName", "King",
                    "lastName", "Lovelace",
                    "email", "ada@example.com",
                    "startDate", "2024-03-01T09:30:00+02:00",
                    "lastModified", BEYOND_DOUBLE_PRECISION))
            .execute();

    response.path("createEmployee.id").entity(String.class).isEqualTo("1");
    response.path("createEmployee.fullName").entity(String.class).isEqualTo("Ada King Lovelace");
    response
        .path("createEmployee.startDate")
        .entity(String.class)
        .isEqualTo("2024-03-01T09:30:00.000+02:00");
    response
        .path("createEmployee.lastModified")
        .entity(Long.class)
        .isEqualTo(BEYOND_DOUBLE_PRECISION);
    verify(service)
        .create(
            Map.of(
                "employeeId", "E001",
                "firstName", "Ada",
                "middleName", "King",
                "lastName", "Lovelace",
                "email", "ada@example.com",
                "startDate", OffsetDateTime.parse("2024-03-01T09:30:00+02:00"),
                "lastModified", BEYOND_DOUBLE_PRECISION));
  }

  @Test
  void createEmployeeWithATakenEmailIsConflict() {
    when(service.create(anyMap()))
        .thenThrow(
            new RecordsRejectedException(
                RecordsRejectedException.Kind.CONFLICT,
                List.of(new RecordError(0, "email", "employee with this email already exists."))));

    graphQl
        .document(CREATE_EMPLOYEE)
        .variable("data", minimalInput())
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .singleElement()
                    .satisfies(
                        error -> {
                          assertThat(error.getMessage())
                              .isEqualTo("Duplicate entry: field 'email' already exists");
                          assertThat(error.getExtensions()).containsEntry("code", "CONFLICT");
                          assertThat(error.getPath()).isEqualTo("createEmployee");
                        }));
  }

  @Test
  void createEmployeeWithInputBreakingARuleIsBadUserInput() {
    when(service.create(anyMap()))
        .thenThrow(
            new RecordsRejectedException(
                RecordsRejectedException.Kind.INVALID,
                List.of(new RecordError(0, "email", "Enter a valid email address."))));

    graphQl
        .document(CREATE_EMPLOYEE)
        .variable("data", minimalInput())
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .singleElement()
                    .satisfies(
                        error -> {
                          assertThat(error.getMessage())
                              .isEqualTo("email: Enter a valid email address.");
                          assertThat(error.getExtensions())
                              .containsEntry("code", "BAD_USER_INPUT")
                              .containsEntry(
                                  "errors", Map.of("email", "Enter a valid email address."));
                        }));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void theServicesTypedRefusalsBecomeErrorsWithTheirCode(
      RuntimeException refusal, String code, String classification) {
    when(service.create(anyMap())).thenThrow(refusal);

    graphQl
        .document(CREATE_EMPLOYEE)
        .variable("data", minimalInput())
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .singleElement()
                    .satisfies(
                        error -> {
                          assertThat(error.getMessage()).isEqualTo(refusal.getMessage());
                          assertThat(error.getExtensions()).containsEntry("code", code);
                          assertThat(error.getErrorType().toString()).isEqualTo(classification);
                        }));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(new NotFoundException("No such employee"), "NOT_FOUND", "NOT_FOUND"),
        Arguments.of(new ConflictException("Taken meanwhile"), "CONFLICT", "BAD_REQUEST"),
        Arguments.of(
            new InvalidRequestException("Invalid input.", Map.of("email", "Bad."), null),
            "BAD_USER_INPUT",
            "BAD_REQUEST"),
        Arguments.of(
            new ServiceUnavailableException("The service is shutting down; send it again."),
            "SERVICE_UNAVAILABLE",
            "SERVICE_UNAVAILABLE"));
  }

  // --- updateEmployee ---------------------------------------------------------------------------

  @Test
  void updateEmployeePassesIdAndGivenFieldsAndReturnsTheView() {
    when(service.update(anyLong(), anyMap())).thenReturn(Optional.of(ada()));

    graphQl
        .document(UPDATE_EMPLOYEE)
        .variable("id", 1)
        .variable("data", Map.of("jobTitle", "Analyst"))
        .execute()
        .path("updateEmployee.fullName")
        .entity(String.class)
        .isEqualTo("Ada King Lovelace");

    verify(service).update(1L, Map.of("jobTitle", "Analyst"));
  }

  @Test
  void updateEmployeeIsNullWhenTheServiceHasNoneWithThatId() {
    when(service.update(anyLong(), anyMap())).thenReturn(Optional.empty());

    graphQl
        .document(UPDATE_EMPLOYEE)
        .variable("id", 404)
        .variable("data", Map.of("jobTitle", "Analyst"))
        .execute()
        .path("updateEmployee")
        .valueIsNull();

    verify(service).update(404L, Map.of("jobTitle", "Analyst"));
  }

  // --- deleteEmployee ---------------------------------------------------------------------------

  @Test
  void deleteEmployeeIsTrueWhenTheServiceDeletedOne() {
    when(service.delete(1L)).thenReturn(true);

    graphQl
        .document(DELETE_EMPLOYEE)
        .variable("id", 1)
        .execute()
        .path("deleteEmployee")
        .entity(Boolean.class)
        .isEqualTo(true);

    verify(service).delete(1L);
  }

  @Test
  void deleteEmployeeIsFalseWhenTheServiceHadNone() {
    when(service.delete(anyLong())).thenReturn(false);

    graphQl
        .document(DELETE_EMPLOYEE)
        .variable("id", 404)
        .execute()
        .path("deleteEmployee")
        .entity(Boolean.class)
        .isEqualTo(false);

    verify(service).delete(404L);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static void expectBadUserInput(
      GraphQlTester.Response response, String message, String argument) {
    response
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .singleElement()
                    .satisfies(
                        error -> {
                          assertThat(error.getMessage()).isEqualTo(message);
                          assertThat(error.getExtensions())
                              .containsEntry("code", "BAD_USER_INPUT")
                              .containsEntry("argument", argument);
                        }));
  }

  private static Map<String, Object> minimalInput() {
    return Map.of(
        "employeeId",
        "E001",
        "firstName",
        "Ada",
        "lastName",
        "Lovelace",
        "email",
        "ada@example.com");
  }

  private static EmployeeView ada() {
    return new EmployeeView(
        1,
        "E001",
        "Ada",
        "King",
        "Lovelace",
        "female",
        "ada@example.com",
        "+44 20 0000 0000",
        OffsetDateTime.parse("1815-12-10T00:00:00Z"),
        "British",
        "L5",
        "Engineering",
        "London",
        "GB00BANK0000000000",
        "Analytical Engines",
        "Analyst",
        "CC-1",
        OffsetDateTime.parse("2024-03-01T09:30:00+02:00"),
        "active",
        null,
        null,
        OffsetDateTime.parse("2025-01-02T03:04:05.678Z"),
        BEYOND_DOUBLE_PRECISION);
  }

  private static EmployeeView employee(
      long id, String employeeId, String first, String middle, String last) {
    return new EmployeeView(
        id,
        employeeId,
        first,
        middle,
        last,
        null,
        employeeId.toLowerCase() + "@example.com",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
