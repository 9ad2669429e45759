package io.syncbridge.employee;

import io.syncbridge.upsert.BatchQueries;
import io.syncbridge.upsert.TableUpsert;
import io.syncbridge.upsert.UpsertResult;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What employees do in plain SQL rather than through the entity: the set-based upsert, for syncs
 * and GraphQL writes alike, and the short reads, where a Hibernate session per request cost GraphQL
 * a third of its rate. A bean of its own, not a fragment of {@link EmployeeRepository}: behind the
 * repository proxy, each read also ran the proxy's interceptors, which cost a history page read
 * about 60 % of its own work again (docs/persistence.md). JDBC batches and queries run on the
 * transaction's connection when there is one; never an entity per record.
 */
@Repository
class EmployeeJdbc {

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
  private static final TableUpsert<Employee> UPSERT =
      new TableUpsert<>(
              "employees",
              "employee",
              "email",
              List.of(COLUMNS),
              Employee::id,
              EmployeeJdbc::values)
          .versioned();
  private static final String SELECT =
      "SELECT id, " + String.join(", ", COLUMNS) + " FROM employees";
  private static final String SELECT_CHANGES =
      "SELECT id, "
          + String.join(", ", COLUMNS)
          + ", created_at, version, previous_updated_at FROM employees";

  private final JdbcTemplate jdbc;
  private final BatchQueries queries;
  private final EntityManager entityManager;

  EmployeeJdbc(JdbcTemplate jdbc, BatchQueries queries, EntityManager entityManager) {
    this.jdbc = jdbc;
    this.queries = queries;
    this.entityManager = entityManager;
  }

  /**
   * What a write did: one result per record, and the rows it created or changed, read back within
   * the transaction with each row's version, for the subscribers.
   */
  record Written(
      List<UpsertResult> results,
      List<EmployeeChange.Entry> created,
      List<EmployeeChange.Entry> updated) {}

  /**
   * Stores the employees, for a sync and a GraphQL write alike.
   *
   * @param matchOn the unique field that finds a stored employee when no id is given, or null
   */
  Written write(List<Employee> employees, String matchOn) {
    // The batches bypass the session, when there is one: what it holds is written before them, and
    // forgotten after them (a GraphQL update's locked row is older than the row now), so later
    // reads load anew. Asked of the transaction, not of the shared entity manager, which would open
    // a session just to answer.
    boolean inSession =
        TransactionSynchronizationManager.hasResource(entityManager.getEntityManagerFactory());
    if (inSession) {
      entityManager.flush();
    }
    var batch = UPSERT.plan(employees, matchOn, List.of(), queries);
    batch.write(queries);
    if (inSession) {
      entityManager.clear();
    }
    var byOutcome = batch.idsByOutcome();
    Set<Long> created =
        new HashSet<>(byOutcome.getOrDefault(UpsertResult.Outcome.CREATED, List.of()));
    List<Long> written = new ArrayList<>(created);
    written.addAll(byOutcome.getOrDefault(UpsertResult.Outcome.UPDATED, List.of()));
    List<EmployeeChange.Entry> changed =
        queries.findByIds(SELECT_CHANGES, written, EmployeeJdbc::changeEntry);
    List<EmployeeChange.Entry> createdEntries = new ArrayList<>(created.size());
    List<EmployeeChange.Entry> updatedEntries = new ArrayList<>();
    for (EmployeeChange.Entry entry : changed) {
      (created.contains(entry.id()) ? createdEntries : updatedEntries).add(entry);
    }
    return new Written(batch.results(), createdEntries, updatedEntries);
  }

  List<EmployeeView> page(int offset, int limit) {
    return jdbc.query(SELECT + " ORDER BY id LIMIT ? OFFSET ?", EmployeeJdbc::view, limit, offset);
  }

  /**
   * Employees whose first name, last name or email, in lower case, is {@code LIKE} the pattern
   * (with {@code \} escaping). SQLite's lower() folds ASCII letters only.
   */
  List<EmployeeView> search(String pattern, int offset, int limit) {
    return jdbc.query(
        SELECT
            + " WHERE lower(first_name) LIKE ? ESCAPE '\\' OR lower(last_name) LIKE ? ESCAPE '\\'"
            + " OR lower(email) LIKE ? ESCAPE '\\' ORDER BY id LIMIT ? OFFSET ?",
        EmployeeJdbc::view,
        pattern,
        pattern,
        pattern,
        limit,
        offset);
  }

  Optional<EmployeeView> find(long id) {
    return jdbc.query(SELECT + " WHERE id = ?", EmployeeJdbc::view, id).stream().findFirst();
  }

  private static EmployeeChange.Entry changeEntry(ResultSet rs, int row) throws SQLException {
    return new EmployeeChange.Entry(
        rs.getLong("id"),
        instant(rs, "created_at"),
        rs.getLong("version"),
        instant(rs, "previous_updated_at"),
        view(rs, row));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private static EmployeeView view(ResultSet rs, int row) throws SQLException {
    return new EmployeeView(
        rs.getLong("id"),
        rs.getString("employee_id"),
        rs.getString("first_name"),
        rs.getString("middle_name"),
        rs.getString("last_name"),
        rs.getString("gender"),
        rs.getString("email"),
        rs.getString("phone_number"),
        dateTime(rs, "date_of_birth"),
        rs.getString("nationality"),
        rs.getString("job_level"),
        rs.getString("department"),
        rs.getString("location"),
        rs.getString("bank_account_number"),
        rs.getString("company"),
        rs.getString("job_title"),
        rs.getString("cost_center"),
        dateTime(rs, "start_date"),
        rs.getString("employee_status"),
        rs.getString("manager_id"),
        rs.getString("manager_email"),
        dateTime(rs, "last_modified_on"),
        rs.getObject("last_modified") == null ? null : rs.getLong("last_modified"));
  }

  private static OffsetDateTime dateTime(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant().atOffset(ZoneOffset.UTC);
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Object[] values(Employee e) {
    return new Object[] {
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
      e.lastModified()
    };
  }
}
