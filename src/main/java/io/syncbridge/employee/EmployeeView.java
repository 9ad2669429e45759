package io.syncbridge.employee;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A stored employee as GraphQL shows it ({@code EmployeeType}). */
public record EmployeeView(
    long id,
    String employeeId,
    String firstName,
    String middleName,
    String lastName,
    String gender,
    String email,
    String phoneNumber,
    OffsetDateTime dateOfBirth,
    String nationality,
    String jobLevel,
    String department,
    String location,
    String bankAccountNumber,
    String company,
    String jobTitle,
    String costCenter,
    OffsetDateTime startDate,
    String employeeStatus,
    String managerId,
    String managerEmail,
    OffsetDateTime lastModifiedOn,
    Long lastModified) {

  /** First, middle and last name joined with single spaces, blanks skipped. */
  public String fullName() {
    return Stream.of(firstName, middleName, lastName)
        .filter(Objects::nonNull)
        .map(String::trim)
        .filter(part -> !part.isEmpty())
        .collect(Collectors.joining(" "));
  }
}
