package io.syncbridge.employee;

import io.syncbridge.record.RecordReader;
import io.syncbridge.sync.ModelSync;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;
import org.springframework.stereotype.Component;

/** Employee records arrive in camelCase or snake_case alike; both read the same. */
@Component
class EmployeeSync implements ModelSync<Employee> {

  private final EmployeeService employees;

  EmployeeSync(EmployeeService employees) {
    this.employees = employees;
  }

  @Override
  public String model() {
    return "employees";
  }

  @Override
  public Employee read(RecordReader record) {
    return Employee.read(record);
  }

  @Override
  public List<String> matchKeys() {
    return List.of("email", "employee_id");
  }

  @Override
  public List<String> tables() {
    return List.of("employees");
  }

  @Override
  public List<UpsertResult> store(List<Employee> employees, String matchOn) {
    return this.employees.store(employees, matchOn);
  }
}
