package io.syncbridge.employee;

import io.syncbridge.db.BatchQueries;
import io.syncbridge.sync.RecordsRejectedException;
import io.syncbridge.sync.RowIds;
import io.syncbridge.sync.SyncResult;
import io.syncbridge.sync.UniqueKeys;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class EmployeeRepository {

  private static final String[] COLUMNS = {
    "employee_id",
    "first_name",
    "middle_name",
    "last_name",
    "gender",
    "email",
    "phone_number",
    "date_of_birth",
    "nationality",
    "job_level",
    "department",
    "location",
    "bank_account_number",
    "company",
    "job_title",
    "cost_center",
    "start_date",
    "employee_status",
    "manager_id",
    "manager_email",
    "last_modified_on",
    "last_modified"
  };
  private static final String UPSERT = upsertStatement();

  private final JdbcTemplate jdbc;
  private final BatchQueries queries;
  private final ApplicationEventPublisher events;

  EmployeeRepository(JdbcTemplate jdbc, BatchQueries queries, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.queries = queries;
    this.events = events;
  }

  List<SyncResult> upsert(List<Employee> employees) {
    RowIds ids = RowIds.assign("employees", employees.stream().map(Employee::id).toList(), queries);
    List<String> emails = employees.stream().map(Employee::email).toList();
    var owners = queries.idsByUniqueValue("employees", "email", emails);
    RecordsRejectedException.throwIfAny(
        List.of(), UniqueKeys.conflicts(ids, emails, owners, "email", "employee"));

    Timestamp now = Timestamp.from(Instant.now());
    List<Object[]> rows = new ArrayList<>(employees.size());
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < employees.size(); i++) {
      Employee e = employees.get(i);
      rows.add(
          new Object[] {
            ids.get(i),
            e.employeeId(),
            e.firstName(),
            e.middleName(),
            e.lastName(),
            e.gender(),
            e.email(),
            e.phoneNumber(),
            timestamp(e.dateOfBirth()),
            e.nationality(),
            e.jobLevel(),
            e.department(),
            e.location(),
            e.bankAccountNumber(),
            e.company(),
            e.jobTitle(),
            e.costCenter(),
            timestamp(e.startDate()),
            e.employeeStatus(),
            e.managerId(),
            e.managerEmail(),
            timestamp(e.lastModifiedOn()),
            e.lastModified(),
            now,
            now
          });
      if (!ids.existed(i)) {
        created.add(ids.get(i));
      }
    }
    jdbc.batchUpdate(UPSERT, rows);
    if (!created.isEmpty()) {
      events.publishEvent(new EmployeesCreated(List.copyOf(created)));
    }
    return ids.results();
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static String upsertStatement() {
    String columns = String.join(", ", COLUMNS);
    String placeholders = "?, ".repeat(COLUMNS.length);
    StringBuilder updates = new StringBuilder();
    for (String column : COLUMNS) {
      updates.append(column).append(" = excluded.").append(column).append(", ");
    }
    return "INSERT INTO employees (id, "
        + columns
        + ", created_at, updated_at) VALUES (?, "
        + placeholders
        + "?, ?) ON CONFLICT (id) DO UPDATE SET "
        + updates
        + "updated_at = excluded.updated_at";
  }
}
