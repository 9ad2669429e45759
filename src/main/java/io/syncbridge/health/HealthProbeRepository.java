package io.syncbridge.health;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface HealthProbeRepository extends JpaRepository<HealthProbeCheck, Integer> {

  /** Writes the probe's row in one statement, whether it exists yet or not. */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "INSERT INTO health_probe (id, checked_at) VALUES ("
              + HealthProbeCheck.ID
              + ", :now)"
              + " ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at")
  int write(long now);
}
