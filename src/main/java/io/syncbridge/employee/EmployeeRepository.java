package io.syncbridge.employee;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Employees: the entity locks and deletes them; {@link EmployeeJdbc} writes and lists them. */
interface EmployeeRepository extends JpaRepository<StoredEmployee, Long> {

  /** The employee, locked until the transaction ends: it cannot be deleted meanwhile. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select e from StoredEmployee e where e.id = :id")
  Optional<StoredEmployee> findForUpdate(long id);
}
