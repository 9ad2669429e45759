package io.syncbridge.employee;

import io.syncbridge.record.RecordReader;
import java.time.Instant;

/**
 * A validated employee record of a sync request or a GraphQL write; {@code id} is null when the
 * client sent none. Keys arrive in camelCase or snake_case alike.
 */
record Employee(
    Long id,
    String employeeId,
    String firstName,
    String middleName,
    String lastName,
    String gender,
    String email,
    String phoneNumber,
    Instant dateOfBirth,
    String nationality,
    String jobLevel,
    String department,
    String location,
    String bankAccountNumber,
    String company,
    String jobTitle,
    String costCenter,
    Instant startDate,
    String employeeStatus,
    String managerId,
    String managerEmail,
    Instant lastModifiedOn,
    Long lastModified) {

  /** Reads and validates one record; every problem goes to the reader's errors. */
  static Employee read(RecordReader record) {
    RecordReader r = record.withSnakeCaseKeys();
    return new Employee(
        r.id(),
        r.requiredString("employee_id", 64),
        r.requiredString("first_name", 150),
        r.optionalString("middle_name", 150),
        r.requiredString("last_name", 150),
        r.optionalString("gender", 32),
        r.requiredEmail("email", 254),
        r.optionalString("phone_number", 64),
        r.dateTime("date_of_birth"),
        r.optionalString("nationality", 100),
        r.optionalString("job_level", 100),
        r.optionalString("department", 150),
        r.optionalString("location", 150),
        r.optionalString("bank_account_number", 64),
        r.optionalString("company", 150),
        r.optionalString("job_title", 150),
        r.optionalString("cost_center", 100),
        r.dateTime("start_date"),
        r.optionalString("employee_status", 64),
        r.optionalString("manager_id", 64),
        r.optionalEmail("manager_email", 254),
        r.dateTime("last_modified_on"),
        r.optionalLong("last_modified"));
  }
}
