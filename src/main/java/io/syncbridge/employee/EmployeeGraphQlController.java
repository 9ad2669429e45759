package io.syncbridge.employee;

import io.syncbridge.graphql.BadUserInputException;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

@Controller
class EmployeeGraphQlController {

  static final int MAX_LIMIT = 100;

  private final EmployeeService employees;
  private final EmployeeEvents events;

  EmployeeGraphQlController(EmployeeService employees, EmployeeEvents events) {
    this.employees = employees;
    this.events = events;
  }

  @QueryMapping
  List<EmployeeView> employees(@Argument int offset, @Argument int limit) {
    checkPage(offset, limit);
    return employees.list(offset, limit);
  }

  @QueryMapping
  EmployeeView employee(@Argument int id) {
    return employees.find(id).orElse(null);
  }

  @QueryMapping
  List<EmployeeView> searchEmployees(
      @Argument String search, @Argument int offset, @Argument int limit) {
    checkPage(offset, limit);
    return employees.search(search, offset, limit);
  }

  @MutationMapping
  EmployeeView createEmployee(@Argument Map<String, Object> data) {
    return employees.create(data);
  }

  @MutationMapping
  EmployeeView updateEmployee(@Argument int id, @Argument Map<String, Object> data) {
    return employees.update(id, data).orElse(null);
  }

  @MutationMapping
  boolean deleteEmployee(@Argument int id) {
    return employees.delete(id);
  }

  @SubscriptionMapping
  Flux<EmployeeView> employeeCreated() {
    return events.created();
  }

  @SubscriptionMapping
  Flux<EmployeeView> employeeUpdated() {
    return events.updated();
  }

  @SubscriptionMapping
  Flux<Long> employeeDeleted() {
    return events.deleted();
  }

  private static void checkPage(int offset, int limit) {
    if (offset < 0) {
      throw new BadUserInputException("offset must be 0 or more", "offset");
    }
    if (limit < 0 || limit > MAX_LIMIT) {
      throw new BadUserInputException("limit must be between 0 and " + MAX_LIMIT, "limit");
    }
  }
}
