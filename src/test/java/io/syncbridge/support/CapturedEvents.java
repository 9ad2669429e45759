package io.syncbridge.support;

import io.syncbridge.employee.EmployeeChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.transaction.event.TransactionalEventListener;

/** Records the employee creations that reached listeners after commit. */
@TestConfiguration(proxyBeanMethods = false)
public class CapturedEvents {

  private final List<EmployeeChange> created = new CopyOnWriteArrayList<>();

  @TransactionalEventListener
  void on(EmployeeChange change) {
    if (change.kind() == EmployeeChange.Kind.CREATED) {
      created.add(change);
    }
  }

  /** The committed creations, one per commit that created employees. */
  public List<EmployeeChange> created() {
    return List.copyOf(created);
  }

  /** The ids of a creation, in id order. */
  public static List<Long> ids(EmployeeChange change) {
    return change.entries().stream().map(EmployeeChange.Entry::id).toList();
  }

  public void clear() {
    created.clear();
  }
}
