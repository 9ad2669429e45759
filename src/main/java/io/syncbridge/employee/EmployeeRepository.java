package io.syncbridge.employee;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface EmployeeRepository extends JpaRepository<StoredEmployee, Long>, EmployeeBatches {

  @Query("select e from StoredEmployee e order by e.id limit :limit offset :offset")
  List<StoredEmployee> page(int offset, int limit);

  /**
   * Employees whose first name, last name or email contains the pattern ({@code LIKE}, with {@code
   * \} escaping), ignoring case. SQLite's lower() folds ASCII letters only; other letters match in
   * their exact case.
   */
  @Query(
      "select e from StoredEmployee e where lower(e.firstName) like :pattern escape '\\'"
          + " or lower(e.lastName) like :pattern escape '\\'"
          + " or lower(e.email) like :pattern escape '\\'"
          + " order by e.id limit :limit offset :offset")
  List<StoredEmployee> search(String pattern, int offset, int limit);

  /** The employee, locked until the transaction ends: it cannot be deleted meanwhile. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select e from StoredEmployee e where e.id = :id")
  Optional<StoredEmployee> findForUpdate(long id);
}
