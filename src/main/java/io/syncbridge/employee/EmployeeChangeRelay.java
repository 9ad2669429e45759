package io.syncbridge.employee;

import java.util.function.Consumer;

/**
 * Carries committed employee changes to the subscribers of every instance: in-process when this is
 * the only instance, through Redis when {@code REDIS_URL} is set.
 */
interface EmployeeChangeRelay {

  /** Where the changes arriving at this instance go; called once, before the first publish. */
  void deliverTo(Consumer<EmployeeChange> subscribers);

  /** Sends a committed change to every instance, this one included, once each. */
  void publish(EmployeeChange change);

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
