package io.syncbridge.sync;

import io.syncbridge.history.SyncHistoryService;
import io.syncbridge.history.SyncStats;
import io.syncbridge.idempotency.IdempotentRequests;
import io.syncbridge.web.ApiResponse;
import io.syncbridge.web.OperationName;
import io.syncbridge.web.RequestId;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SyncController {

  private final SyncService syncService;
  private final SyncModels models;
  private final SyncHistoryService history;
  private final IdempotentRequests idempotent;

  SyncController(
      SyncService syncService,
      SyncModels models,
      SyncHistoryService history,
      IdempotentRequests idempotent) {
    this.syncService = syncService;
    this.models = models;
    this.history = history;
    this.idempotent = idempotent;
  }

  @OperationName("sync_history.stats")
  @GetMapping("/api/v1/sync/stats")
  ApiResponse<SyncStats> stats() {
    return ApiResponse.ok("Sync stats", history.stats().forModels(models.names()));
  }

  @OperationName("sync.request")
  @PostMapping(path = "/api/v1/sync", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> sync(
      @RequestBody SyncBody body,
      @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey) {
    String requestId = RequestId.current();
    if (idempotencyKey == null) {
      return toResponse(syncService.sync(body, requestId));
    }
    return idempotent.run(
        idempotencyKey, body.bytes(), () -> toResponse(syncService.sync(body, requestId)));
  }

  private static ResponseEntity<? extends ApiResponse<?>> toResponse(SyncOutcome outcome) {
    if (outcome instanceof SyncOutcome.CompletedWithErrors partial) {
      return ApiResponse.of(
              HttpStatus.MULTI_STATUS,
              "Sync completed with errors",
              Map.of("results", partial.results()))
          .toResponse();
    }
    SyncOutcome.Succeeded succeeded = (SyncOutcome.Succeeded) outcome;
    return ApiResponse.ok("Sync successful", Map.of("results", succeeded.results())).toResponse();
  }
}
