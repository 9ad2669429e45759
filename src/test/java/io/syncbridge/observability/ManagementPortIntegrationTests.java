package io.syncbridge.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * {@code MANAGEMENT_SERVER_PORT}: the actuator on a port of its own, for an internal network, where
 * Prometheus scrapes without the token; the API's port keeps everything else behind it.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "management.server.port=0")
class ManagementPortIntegrationTests extends IntegrationTest {

  @LocalManagementPort private int managementPort;

  @Test
  void theActuatorAnswersOnItsOwnPortWithoutTheToken() {
    HttpTestClient internal = new HttpTestClient(managementPort);

    var metrics = internal.get("/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    assertThat(internal.get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(internal.get("/api/v1/sync/stats").status())
        .as("the API is not on the management port")
        .isEqualTo(404);
    assertThat(anonymous.get("/actuator/prometheus").status())
        .as("nor is the actuator open on the API's port")
        .isEqualTo(401);
  }
}
