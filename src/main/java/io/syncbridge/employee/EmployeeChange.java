package io.syncbridge.employee;

import java.time.Instant;
import java.util.List;

/**
 * Employees created, updated or deleted by one commit, as they were committed: what subscribers
 * receive, and what travels between instances when Redis carries the events.
 */
public record EmployeeChange(Kind kind, List<Entry> entries) {

  public enum Kind {
    CREATED,
    UPDATED,
    DELETED
  }

  /**
   * One employee's part of the change.
   *
   * @param createdAt when the row was created: an id deleted and then used again starts a new life
   *     of its own, whose versions count from 1 again
   * @param version the version of the row this change made: 1 when created, one more with every
   *     write after that, and for a deletion one more than the deleted row's
   * @param previousUpdatedAt when the version before this one was written; null for a creation
   * @param employee the employee as committed; null for a deletion
   */
  public record Entry(
      long id, Instant createdAt, long version, Instant previousUpdatedAt, EmployeeView employee) {}
}
