package io.syncbridge.history;

import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.NotFoundException;
import io.syncbridge.web.ApiResponse;
import io.syncbridge.web.ListingParameters;
import io.syncbridge.web.OperationName;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SyncHistoryController {

  static final int DEFAULT_SIZE = 15;
  static final int MAX_SIZE = 100;
  private static final String NOT_FOUND = "Sync history not found";

  private final SyncHistoryService history;

  SyncHistoryController(SyncHistoryService history) {
    this.history = history;
  }

  @OperationName("sync_history.list")
  @GetMapping("/api/v1/sync-history")
  ResponseEntity<ApiResponse<HistoryPage>> list(
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size,
      @RequestParam(required = false) SyncHistoryStatus status,
      @RequestParam(required = false) String model,
      @RequestParam(defaultValue = "true") boolean payload) {
    ListingParameters.check(page, size, MAX_SIZE, model);
    String modelFilter = model == null || model.isEmpty() ? null : model;
    var query = new HistoryQuery(page, size, status, modelFilter, payload);
    return ApiResponse.ok("Sync history", history.list(query)).toResponse();
  }

  @OperationName("sync_history.get")
  @GetMapping("/api/v1/sync-history/{id}")
  ResponseEntity<ApiResponse<SyncHistoryEntry>> get(@PathVariable String id) {
    OptionalLong parsed = parseId(id);
    Optional<SyncHistoryEntry> entry =
        parsed.isPresent() ? history.find(parsed.getAsLong()) : Optional.empty();
    return ApiResponse.ok("Sync history", entry.orElseThrow(() -> new NotFoundException(NOT_FOUND)))
        .toResponse();
  }

  @OperationName("sync_history.delete")
  @DeleteMapping("/api/v1/sync-history/{id}")
  ResponseEntity<ApiResponse<Void>> delete(@PathVariable String id) {
    OptionalLong parsed = parseId(id);
    if (parsed.isEmpty() || !history.delete(parsed.getAsLong())) {
      throw new NotFoundException(NOT_FOUND);
    }
    return ResponseEntity.noContent().build();
  }

  @OperationName("sync_history.retry")
  @PostMapping("/api/v1/sync-history/retry/{id}")
  ResponseEntity<ApiResponse<SyncHistoryEntry>> retry(@PathVariable String id) {
    OptionalLong parsed = parseId(id);
    var outcome =
        parsed.isPresent()
            ? history.requestRetry(parsed.getAsLong())
            : SyncHistoryService.RetryRequest.NOT_FOUND;
    return switch (outcome) {
      case QUEUED ->
          ApiResponse.ok(
                  "Sync history will be retried", history.find(parsed.getAsLong()).orElse(null))
              .toResponse();
      case NOT_RETRYABLE -> throw new InvalidRequestException("Only failed syncs can be retried.");
      case NOT_FOUND -> throw new NotFoundException(NOT_FOUND);
    };
  }

  /** A path id that is not a number names no entry: 404, like any other absent id. */
  private static OptionalLong parseId(String id) {
    try {
      return OptionalLong.of(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
