package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** SPEC §2 record rules for employees (camelCase or snake_case keys alike). */
class EmployeeSyncTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BASE =
      "'employee_id':'E-1','first_name':'Ada','last_name':'Lovelace','email':'ada@example.com'";

  private final EmployeeSync sync = new EmployeeSync(null);

  private RecordReader reader;

  /** Reads {@code json} (single quotes for readability) as record 0. */
  private Employee read(String json) {
    reader = new RecordReader(0, JSON.readTree(json.replace('\'', '"')));
    return sync.read(reader);
  }

  /** A valid employee with {@code extra} fields (a JSON fragment starting with a comma) added. */
  private Employee readWith(String extra) {
    return read("{" + BASE + extra + "}");
  }

  private static RecordError error(String field, String message) {
    return new RecordError(0, field, message);
  }

  private static final String ALL_SNAKE =
      "{'id':4,'employee_id':'E-1','first_name':'Ada','middle_name':'King',"
          + "'last_name':'Lovelace','gender':'female','email':'ada@example.com',"
          + "'phone_number':'+44 20 1234','date_of_birth':'1815-12-10','nationality':'British',"
          + "'job_level':'L7','department':'Engineering','location':'London',"
          + "'bank_account_number':'GB00 1234','company':'Analytical','job_title':'Programmer',"
          + "'cost_center':'CC-1','start_date':'1843-01-01T09:00:00Z','employee_status':'active',"
          + "'manager_id':'E-0','manager_email':'babbage@example.com',"
          + "'last_modified_on':'2024-03-15T10:20:30+02:00','last_modified':1700000000000}";

  private static final String ALL_CAMEL =
      "{'id':4,'employeeId':'E-1','firstName':'Ada','middleName':'King',"
          + "'lastName':'Lovelace','gender':'female','email':'ada@example.com',"
          + "'phoneNumber':'+44 20 1234','dateOfBirth':'1815-12-10','nationality':'British',"
          + "'jobLevel':'L7','department':'Engineering','location':'London',"
          + "'bankAccountNumber':'GB00 1234','company':'Analytical','jobTitle':'Programmer',"
          + "'costCenter':'CC-1','startDate':'1843-01-01T09:00:00Z','employeeStatus':'active',"
          + "'managerId':'E-0','managerEmail':'babbage@example.com',"
          + "'lastModifiedOn':'2024-03-15T10:20:30+02:00','lastModified':1700000000000}";

  @Test
  void readsEveryFieldFromSnakeCaseKeys() {
    Employee employee = read(ALL_SNAKE);
    assertThat(reader.errors()).isEmpty();
    assertThat(employee)
        .isEqualTo(
            new Employee(
                4L,
                "E-1",
                "Ada",
                "King",
                "Lovelace",
                "female",
                "ada@example.com",
                "+44 20 1234",
                Instant.parse("1815-12-10T00:00:00Z"),
                "British",
                "L7",
                "Engineering",
                "London",
                "GB00 1234",
                "Analytical",
                "Programmer",
                "CC-1",
                Instant.parse("1843-01-01T09:00:00Z"),
                "active",
                "E-0",
                "babbage@example.com",
                Instant.parse("2024-03-15T08:20:30Z"),
                1_700_000_000_000L));
  }

  @Test
  void camelCaseAndSnakeCaseKeysGiveEqualEmployees() {
    Employee snake = read(ALL_SNAKE);
    assertThat(reader.errors()).isEmpty();
    Employee camel = read(ALL_CAMEL);
    assertThat(reader.errors()).isEmpty();
    assertThat(camel).isEqualTo(snake);
  }

  @Test
  void snakeCaseKeyWinsWhenBothSpellingsAreSent() {
    Employee employee = readWith(",'middleName':'Camel','middle_name':'Snake'");
    assertThat(employee.middleName()).isEqualTo("Snake");
    employee = read("{'firstName':'Camel'," + BASE + "}");
    assertThat(employee.firstName()).isEqualTo("Ada");
  }

  @Test
  void modelNameIsEmployees() {
    assertThat(sync.model()).isEqualTo("employees");
  }

  @Test
  void optionalFieldsAreNullWhenAbsent() {
    Employee employee = read("{" + BASE + "}");
    assertThat(reader.errors()).isEmpty();
    assertThat(employee.id()).isNull();
    assertThat(employee.middleName()).isNull();
    assertThat(employee.dateOfBirth()).isNull();
    assertThat(employee.managerEmail()).isNull();
    assertThat(employee.lastModified()).isNull();
  }

  @Test
  void requiresEmployeeIdFirstNameLastNameAndEmail() {
    read("{}");
    assertThat(reader.errors())
        .containsExactly(
            error("employee_id", "This field is required."),
            error("first_name", "This field is required."),
            error("last_name", "This field is required."),
            error("email", "This field is required."));
  }

  @Test
  void namesErrorsOfCamelCaseKeysInSnakeCase() {
    read("{'employeeId':'','firstName':'Ada','lastName':'L','email':'ada@example.com'}");
    assertThat(reader.errors())
        .containsExactly(error("employee_id", "This field may not be blank."));
  }

  @Test
  void rejectsInvalidEmail() {
    read("{'employee_id':'E-1','first_name':'Ada','last_name':'L','email':'ada'}");
    assertThat(reader.errors()).containsExactly(error("email", "Enter a valid email address."));
  }

  @Test
  void acceptsUnicodeEmail() {
    Employee employee =
        read("{'employee_id':'E-1','first_name':'Zoë','last_name':'L','email':'zoë@exämple.de'}");
    assertThat(reader.errors()).isEmpty();
    assertThat(employee.email()).isEqualTo("zoë@exämple.de");
  }

  @Test
  void acceptsNumberAsId() {
    assertThat(readWith(",'id':42").id()).isEqualTo(42L);
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void acceptsNumericStringAsId() {
    assertThat(readWith(",'id':'42'").id()).isEqualTo(42L);
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsNonNumericId() {
    readWith(",'id':'E42'");
    assertThat(reader.errors()).containsExactly(error("id", "A valid integer is required."));
  }

  @Test
  void readsLastModifiedAsA64BitInteger() {
    assertThat(readWith(",'last_modified':1700000000000").lastModified())
        .isEqualTo(1_700_000_000_000L);
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void readsLastModifiedFromNumericString() {
    assertThat(readWith(",'lastModified':'1700000000000'").lastModified())
        .isEqualTo(1_700_000_000_000L);
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsNonIntegerLastModified() {
    readWith(",'last_modified':'soon'");
    assertThat(reader.errors())
        .containsExactly(error("last_modified", "A valid integer is required."));
  }

  @Test
  void readsDatesAsIsoDate() {
    Employee employee = readWith(",'dateOfBirth':'1990-05-17','start_date':'2020-01-06'");
    assertThat(reader.errors()).isEmpty();
    assertThat(employee.dateOfBirth()).isEqualTo(Instant.parse("1990-05-17T00:00:00Z"));
    assertThat(employee.startDate()).isEqualTo(Instant.parse("2020-01-06T00:00:00Z"));
  }

  @Test
  void readsDatesAsIsoDateTime() {
    Employee employee =
        readWith(
            ",'date_of_birth':'1990-05-17T12:00:00','startDate':'2020-01-06T09:00:00-05:00',"
                + "'lastModifiedOn':'2024-03-15T10:20:30Z'");
    assertThat(reader.errors()).isEmpty();
    assertThat(employee.dateOfBirth()).isEqualTo(Instant.parse("1990-05-17T12:00:00Z"));
    assertThat(employee.startDate()).isEqualTo(Instant.parse("2020-01-06T14:00:00Z"));
    assertThat(employee.lastModifiedOn()).isEqualTo(Instant.parse("2024-03-15T10:20:30Z"));
  }

  @Test
  void rejectsMalformedDate() {
    readWith(",'start_date':'06/01/2020'");
    assertThat(reader.errors())
        .containsExactly(
            error(
                "start_date",
                "Datetime has wrong format. Use one of these formats instead: "
                    + "YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."));
  }

  @Test
  void validatesManagerEmailAsEmail() {
    readWith(",'managerEmail':'not an email'");
    assertThat(reader.errors())
        .containsExactly(error("manager_email", "Enter a valid email address."));
  }

  @Test
  void acceptsValidManagerEmail() {
    assertThat(readWith(",'manager_email':'boss@example.com'").managerEmail())
        .isEqualTo("boss@example.com");
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsFirstNameOver150Characters() {
    read(
        "{'employee_id':'E-1','first_name':'"
            + "n".repeat(151)
            + "','last_name':'L','email':'ada@example.com'}");
    assertThat(reader.errors())
        .containsExactly(error("first_name", "Ensure this field has no more than 150 characters."));
  }

  @Test
  void rejectsNonStringOptionalField() {
    readWith(",'department':['Engineering']");
    assertThat(reader.errors()).containsExactly(error("department", "Not a valid string."));
  }

  @Test
  void keepsBankAccountNumberVerbatim() {
    assertThat(readWith(",'bankAccountNumber':' DE89 3704 '").bankAccountNumber())
        .isEqualTo(" DE89 3704 ");
  }
}
