package io.syncbridge.employee;

import io.syncbridge.record.RecordReader;
import io.syncbridge.sync.ModelSync;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;
import org.springframework.stereotype.Component;

/** Employee records arrive in camelCase or snake_case alike; both read the same. */
@Component
class EmployeeSync implements ModelSync<Employee> {

  private final EmployeeJdbc sql;

  EmployeeSync(EmployeeJdbc sql) {
    this.sql = sql;
  }

  @Override
  public String model() {
    return "employees";
  }

  @Override
  public Employee read(RecordReader record) {
    RecordReader r = record.withSnakeCaseKeys();
    return new Employee(
        r.id(),
        r.requiredString("employee_id", 64),
        r.requiredString("first_name", 150),
        r.optionalString("middle_name", 150),
        r.requiredString("last_name", 150),
        r.optionalString("gender", 32),
        r.requiredEmail("email", 254),
        r.optionalString("phone_number", 64),
        r.dateTime("date_of_birth"),
        r.optionalString("nationality", 100),
        r.optionalString("job_level", 100),
        r.optionalString("department", 150),
        r.optionalString("location", 150),
        r.optionalString("bank_account_number", 64),
        r.optionalString("company", 150),
        r.optionalString("job_title", 150),
        r.optionalString("cost_center", 100),
        r.dateTime("start_date"),
        r.optionalString("employee_status", 64),
        r.optionalString("manager_id", 64),
        r.optionalEmail("manager_email", 254),
        r.dateTime("last_modified_on"),
        r.optionalLong("last_modified"));
  }

  @Override
  public List<String> matchKeys() {
    return List.of("email", "employee_id");
  }

  @Override
  public List<UpsertResult> store(List<Employee> employees, String matchOn) {
    return sql.upsert(employees, matchOn);
  }
}
