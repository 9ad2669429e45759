package io.syncbridge.health;

/**
 * Something health reports besides the database probes, without deciding the status: a part that
 * has degraded but still serves (e.g. subscription events local to this instance while Redis is
 * down).
 */
public interface HealthDetail {

  /** The key under {@code details} in the health answer. */
  String name();

  /** Its state now, or null to leave it out. */
  String state();
}
