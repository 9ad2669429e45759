package io.syncbridge.employee;

import io.syncbridge.sync.SyncResult;
import java.util.List;

/** Writes employees set-based; see {@link EmployeeBatchesImpl}. */
interface EmployeeBatches {

  /**
   * Stores the employees, and publishes what it changed for the subscribers after commit.
   *
   * @param matchOn the unique field that finds a stored employee when no id is given, or null
   */
  List<SyncResult> upsert(List<Employee> employees, String matchOn);
}
