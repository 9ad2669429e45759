package io.syncbridge.employee;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A row of {@code employees}. Rows are written by the set-based upsert ({@link EmployeeJdbc}), for
 * syncs and GraphQL alike, which bumps {@code version} in SQL; the entity reads, locks and deletes
 * them.
 */
@Entity
@Table(name = "employees")
class StoredEmployee {

  // SQLite's rowid alias is an INTEGER; PostgreSQL's bigint validates against it too.
  @Id
  @Column(columnDefinition = "integer")
  private Long id;

  private String employeeId;
  private String firstName;
  private String middleName;
  private String lastName;
  private String gender;
  private String email;
  private String phoneNumber;
  private Instant dateOfBirth;
  private String nationality;
  private String jobLevel;
  private String department;
  private String location;
  private String bankAccountNumber;
  private String company;
  private String jobTitle;
  private String costCenter;
  private Instant startDate;
  private String employeeStatus;
  private String managerId;
  private String managerEmail;
  private Instant lastModifiedOn;
  private Long lastModified;
  private Instant createdAt;
  private Instant updatedAt;

  /** Each write's number, in commit order: subscribers get an employee's changes in its order. */
  @Version
  @Column(columnDefinition = "integer")
  private long version;

  protected StoredEmployee() {}

  /** The change its deletion makes: the version after the last write. */
  EmployeeChange.Entry deletion() {
    return new EmployeeChange.Entry(id, createdAt, version + 1, updatedAt, null);
  }

  EmployeeView toView() {
    return new EmployeeView(
        id,
        employeeId,
        firstName,
        middleName,
        lastName,
        gender,
        email,
        phoneNumber,
        utc(dateOfBirth),
        nationality,
        jobLevel,
        department,
        location,
        bankAccountNumber,
        company,
        jobTitle,
        costCenter,
        utc(startDate),
        employeeStatus,
        managerId,
        managerEmail,
        utc(lastModifiedOn),
        lastModified);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
