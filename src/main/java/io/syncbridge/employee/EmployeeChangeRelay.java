package io.syncbridge.employee;

import io.syncbridge.health.HealthDetail;
import java.util.function.Consumer;

/**
 * Carries committed employee changes to the subscribers of every instance: in-process when this is
 * the only instance, through Redis when {@code REDIS_URL} is set.
 */
interface EmployeeChangeRelay extends HealthDetail {

  /** Where the changes arriving at this instance go; called once, before the first publish. */
  void deliverTo(Consumer<EmployeeChange> subscribers);

  /** Sends a committed change to every instance, this one included, once each. */
  void publish(EmployeeChange change);

  /** Health's {@code details.events}: how changes travel now; null when only in-process. */
  @Override
  default String name() {
    return "events";
  }

  @Override
  default String state() {
    return null;
  }

  /** The relay for a single instance: straight to the local subscribers. */
  final class InProcess implements EmployeeChangeRelay {

    private Consumer<EmployeeChange> subscribers = change -> {};

    @Override
    public void deliverTo(Consumer<EmployeeChange> subscribers) {
      this.subscribers = subscribers;
    }

    @Override
    public void publish(EmployeeChange change) {
      subscribers.accept(change);
    }
  }
}
