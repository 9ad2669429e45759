package io.syncbridge.health;

import java.time.Instant;

record HealthView(boolean read, boolean write, Instant timestamp) {

  boolean healthy() {
    return read && write;
  }
}
