package io.syncbridge.employee;

import io.syncbridge.sync.SyncResult;
import java.util.List;
import java.util.Optional;

/**
 * What employees do in plain SQL rather than through the entity: the set-based upsert, for syncs
 * and GraphQL writes alike, and the short reads, where a Hibernate session per request cost GraphQL
 * a third of its rate (docs/persistence.md has the figures).
 */
interface EmployeeJdbc {

  /**
   * Stores the employees, and publishes what it changed for the subscribers after commit.
   *
   * @param matchOn the unique field that finds a stored employee when no id is given, or null
   */
  List<SyncResult> upsert(List<Employee> employees, String matchOn);

  List<EmployeeView> page(int offset, int limit);

  /**
   * Employees whose first name, last name or email, in lower case, is {@code LIKE} the pattern
   * (with {@code \} escaping). SQLite's lower() folds ASCII letters only.
   */
  List<EmployeeView> search(String pattern, int offset, int limit);

  Optional<EmployeeView> find(long id);
}
