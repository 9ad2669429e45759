package io.syncbridge.health;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.syncbridge.web.WebSliceConfiguration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The health route's HTTP rules, without a database: open to all, 200 or 503 in the envelope. */
@WebMvcTest(controllers = HealthController.class, properties = "sync-bridge.auth-token=t")
@Import(WebSliceConfiguration.class)
class HealthControllerTests {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Autowired private MockMvc mvc;
  @MockitoBean private HealthProbe probe;

  @Test
  void healthyIs200WithBothProbesAndNeedsNoToken() throws Exception {
    given(probe.check()).willReturn(new HealthView(true, true, NOW, Map.of("free_bytes", 42)));

    mvc.perform(get("/api/v1/healthz"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value(200))
        .andExpect(jsonPath("$.message").value("Healthy"))
        .andExpect(jsonPath("$.data.read").value(true))
        .andExpect(jsonPath("$.data.write").value(true))
        .andExpect(jsonPath("$.data.timestamp").value("2026-12-04T12:00:00Z"))
        .andExpect(jsonPath("$.data.details.free_bytes").value(42))
        .andExpect(header().string("x-content-type-options", "nosniff"))
        .andExpect(header().exists("x-request-id"));
  }

  @Test
  void aFailedProbeIs503UnhealthyAndDetailsAreLeftOutWhenThereAreNone() throws Exception {
    given(probe.check()).willReturn(new HealthView(true, false, NOW, Map.of()));

    mvc.perform(get("/api/v1/healthz"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.status").value(503))
        .andExpect(jsonPath("$.message").value("Unhealthy"))
        .andExpect(jsonPath("$.data.write").value(false))
        .andExpect(jsonPath("$.data.details").doesNotExist());
  }

  @Test
  void aWriteToHealthNeedsTheToken() throws Exception {
    mvc.perform(post("/api/v1/healthz"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.status").value(401));
  }
}
