package io.syncbridge.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The {@code employeeCreated} subscriptions open on an instance, from its {@code
 * graphql.subscriptions} gauge. A subscribe message is handled after the client has sent it, and an
 * event published before the subscription is registered is not delivered to it: tests wait for the
 * count rather than for a fixed time.
 */
public final class OpenSubscriptions {

  private OpenSubscriptions() {}

  public static int created(MeterRegistry metrics) {
    Gauge gauge =
        metrics.find("graphql.subscriptions").tag("subscription", "employeeCreated").gauge();
    assertThat(gauge).as("graphql.subscriptions gauge").isNotNull();
    return (int) gauge.value();
  }

  /** Waits (up to 10 s) until exactly this many are open. */
  public static void awaitCreated(MeterRegistry metrics, int expected) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .untilAsserted(
            () ->
                assertThat(created(metrics))
                    .as("open employeeCreated subscriptions")
                    .isEqualTo(expected));
  }
}
