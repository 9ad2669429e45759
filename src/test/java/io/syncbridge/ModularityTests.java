package io.syncbridge;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Every package under {@code io.syncbridge} is an application module: none may depend on another in
 * a cycle. A new package is covered by itself, without a list to keep.
 */
class ModularityTests {

  @Test
  void modulesDependOnEachOtherWithoutCycles() {
    ApplicationModules.of(SyncBridgeApplication.class).verify();
  }
}
