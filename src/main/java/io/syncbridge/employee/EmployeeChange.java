package io.syncbridge.employee;

import java.util.List;

/**
 * Employees created, updated or deleted by one commit, as subscribers receive them; what travels
 * between instances when Redis carries the events.
 *
 * @param employees the stored employees (created and updated), empty for deletions
 * @param deletedIds the ids deleted, empty otherwise
 */
record EmployeeChange(Kind kind, List<EmployeeView> employees, List<Long> deletedIds) {

  enum Kind {
    CREATED,
    UPDATED,
    DELETED
  }
}
