package io.syncbridge.employee;

import io.syncbridge.db.DiskReserve;
import io.syncbridge.db.WriteTransactions;
import io.syncbridge.record.RecordReader;
import io.syncbridge.record.RecordsRejectedException;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Employees one at a time, for GraphQL. Input is validated by the same rules as a sync record and
 * stored by the same batch upsert, so both ways in behave alike and publish the same events.
 */
@Service
public class EmployeeService {

  // Plain camelCase mapping: GraphQL input and EmployeeView use the schema's field names.
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final EmployeeRepository repository;
  private final EmployeeJdbc sql;
  private final WriteTransactions transactions;
  private final DiskReserve reserve;
  private final ApplicationEventPublisher events;

  EmployeeService(
      EmployeeRepository repository,
      EmployeeJdbc sql,
      WriteTransactions transactions,
      DiskReserve reserve,
      ApplicationEventPublisher events) {
    this.repository = repository;
    this.sql = sql;
    this.events = events;
    this.transactions = transactions;
    this.reserve = reserve;
  }

  // The reads are single statements: they need no transaction of their own.

  public List<EmployeeView> list(int offset, int limit) {
    return sql.page(offset, limit);
  }

  public Optional<EmployeeView> find(long id) {
    return sql.find(id);
  }

  /** Employees whose first name, last name or email contains the text, ignoring case. */
  public List<EmployeeView> search(String text, int offset, int limit) {
    String pattern =
        "%"
            + text.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
            + "%";
    return sql.search(pattern, offset, limit);
  }

  /**
   * @throws RecordsRejectedException when the input breaks a rule ({@code INVALID}) or the email is
   *     taken ({@code CONFLICT})
   */
  public EmployeeView create(Map<String, Object> input) {
    reserve.check();
    ObjectNode record = JSON.valueToTree(input);
    record.remove("id");
    // Run again after a lost race: the new id was taken meanwhile, or the email (then a conflict).
    // JDBC only: the entity has no part in a creation.
    return transactions.executeSql(() -> store(record));
  }

  /** Applies the given fields to a stored employee; empty when there is none with that id. */
  public Optional<EmployeeView> update(long id, Map<String, Object> input) {
    reserve.check();
    return transactions.execute(
        () -> {
          // Locked, so that a deletion committed meanwhile cannot be undone by this write.
          Optional<EmployeeView> existing =
              repository.findForUpdate(id).map(StoredEmployee::toView);
          if (existing.isEmpty()) {
            return Optional.empty();
          }
          ObjectNode record = JSON.valueToTree(existing.get());
          // Both use the schema's camelCase names: the given fields replace the stored ones.
          record.setAll((ObjectNode) JSON.valueToTree(input));
          record.put("id", id);
          return Optional.of(store(record));
        });
  }

  /** Deletes the employee and publishes the deletion for the subscribers after commit. */
  @Transactional
  public boolean delete(long id) {
    Optional<StoredEmployee> employee = repository.findForUpdate(id);
    if (employee.isEmpty()) {
      return false;
    }
    EmployeeChange.Entry deletion = employee.get().deletion();
    repository.delete(employee.get());
    repository.flush();
    events.publishEvent(new EmployeeChange(EmployeeChange.Kind.DELETED, List.of(deletion)));
    return true;
  }

  /**
   * Stores the employees of a sync, inside the caller's transaction, and publishes what changed for
   * the subscribers after commit.
   */
  List<UpsertResult> store(List<Employee> employees, String matchOn) {
    return published(sql.write(employees, matchOn)).results();
  }

  private EmployeeView store(JsonNode record) {
    RecordReader reader = new RecordReader(0, record);
    Employee employee = Employee.read(reader);
    if (reader.hasErrors()) {
      throw new RecordsRejectedException(RecordsRejectedException.Kind.INVALID, reader.errors());
    }
    EmployeeJdbc.Written written = published(sql.write(List.of(employee), null));
    if (!written.created().isEmpty()) {
      return written.created().get(0).employee();
    }
    // An update that changed nothing was not read back.
    return written.updated().isEmpty()
        ? sql.find(written.results().get(0).id()).orElseThrow()
        : written.updated().get(0).employee();
  }

  private EmployeeJdbc.Written published(EmployeeJdbc.Written written) {
    if (!written.created().isEmpty()) {
      events.publishEvent(new EmployeeChange(EmployeeChange.Kind.CREATED, written.created()));
    }
    if (!written.updated().isEmpty()) {
      events.publishEvent(new EmployeeChange(EmployeeChange.Kind.UPDATED, written.updated()));
    }
    return written;
  }
}
