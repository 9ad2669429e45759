package io.syncbridge.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The probe of {@code /api/v1/healthz} as the actuator's {@code storage} component, in the
 * readiness group: an instance whose database cannot be read or written takes no traffic, and says
 * so where Kubernetes and load balancers look. Liveness leaves it out: restarting the service does
 * not mend a full disk or a database that is down.
 */
@Component
class StorageHealthIndicator implements HealthIndicator {

  private final HealthProbe probe;

  StorageHealthIndicator(HealthProbe probe) {
    this.probe = probe;
  }

  @Override
  public Health health() {
    HealthView view = probe.check();
    Health.Builder health = view.healthy() ? Health.up() : Health.down();
    health.withDetail("read", view.read()).withDetail("write", view.write());
    return health.withDetails(view.details()).build();
  }
}
