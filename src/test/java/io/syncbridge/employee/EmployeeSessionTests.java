package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Which GraphQL writes open a Hibernate session: a creation is JDBC only (its transaction opens
 * none, docs/persistence.md), an update locks the entity and so opens one or more.
 */
class EmployeeSessionTests extends IntegrationTest {

  @Autowired private EmployeeService employees;
  @Autowired private EntityManagerFactory entityManagerFactory;

  private Statistics statistics;

  @BeforeEach
  void countSessions() {
    statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
    statistics.setStatisticsEnabled(true);
  }

  @AfterEach
  void stopCounting() {
    statistics.setStatisticsEnabled(false);
  }

  @Test
  void aCreationOpensNoSessionAndAnUpdateOpensOne() {
    long before = statistics.getSessionOpenCount();
    EmployeeView created =
        employees.create(
            Map.of(
                "employeeId",
                "E-1",
                "firstName",
                "Ada",
                "lastName",
                "Lovelace",
                "email",
                "a@x.io"));
    long afterCreate = statistics.getSessionOpenCount();
    employees.update(created.id(), Map.of("jobTitle", "Engineer"));
    long afterUpdate = statistics.getSessionOpenCount();

    assertThat(created.email()).isEqualTo("a@x.io");
    assertThat(afterCreate - before).isZero();
    // At least one: the first use of the repository also validates its queries in sessions of
    // their own.
    assertThat(afterUpdate - afterCreate).isPositive();
  }
}
