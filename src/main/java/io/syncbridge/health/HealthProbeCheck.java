package io.syncbridge.health;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The one row the health probe writes: when it last could. */
@Entity
@Table(name = "health_probe")
class HealthProbeCheck {

  @Id private Integer id;

  private long checkedAt;

  protected HealthProbeCheck() {}
}
