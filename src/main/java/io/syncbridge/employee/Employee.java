package io.syncbridge.employee;

import java.time.Instant;

/** A validated employee record of a sync request; {@code id} is null when the client sent none. */
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
    Long lastModified) {}
