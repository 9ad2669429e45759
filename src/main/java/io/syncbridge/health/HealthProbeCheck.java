package io.syncbridge.health;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The one row the health probe writes: when it last could. */
@Entity
@Table(name = "health_probe")
class HealthProbeCheck {

  /** The row's id: there is only one. */
  static final int ID = 1;

  @Id private Integer id;

  private long checkedAt;

  protected HealthProbeCheck() {}
}
