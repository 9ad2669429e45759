package io.syncbridge.health;

import io.syncbridge.web.ApiResponse;
import io.syncbridge.web.OperationName;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HealthController {

  private final HealthProbe probe;

  HealthController(HealthProbe probe) {
    this.probe = probe;
  }

  @OperationName("health.check")
  @GetMapping("/api/v1/healthz")
  ResponseEntity<ApiResponse<HealthView>> health() {
    HealthView view = probe.check();
    HttpStatus status = view.healthy() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
    String message = view.healthy() ? "Healthy" : "Unhealthy";
    return ResponseEntity.status(status).body(ApiResponse.of(status, message, view));
  }
}
