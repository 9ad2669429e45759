package io.syncbridge.support;

import io.syncbridge.employee.EmployeesCreated;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.transaction.event.TransactionalEventListener;

/** Records the employee events that reached listeners after commit. */
@TestConfiguration(proxyBeanMethods = false)
public class CapturedEvents {

  private final List<EmployeesCreated> created = new CopyOnWriteArrayList<>();

  @TransactionalEventListener
  void on(EmployeesCreated event) {
    created.add(event);
  }

  public List<EmployeesCreated> created() {
    return List.copyOf(created);
  }

  public void clear() {
    created.clear();
  }
}
