package io.syncbridge.history;

import io.syncbridge.record.FieldMessages;
import io.syncbridge.web.ApiResponse;
import io.syncbridge.web.InvalidRequestException;
import io.syncbridge.web.NotFoundException;
import io.syncbridge.web.OperationName;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
      @RequestParam(required = false) String page,
      @RequestParam(required = false) String size,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String payload) {
    Map<String, String> errors = new LinkedHashMap<>();
    int pageNumber = intParam("page", page, 1, 1, Integer.MAX_VALUE, errors);
    int pageSize = intParam("size", size, DEFAULT_SIZE, 1, MAX_SIZE, errors);
    SyncHistoryStatus statusFilter = null;
    if (status != null && !status.isEmpty()) {
      statusFilter = SyncHistoryStatus.parse(status).orElse(null);
      if (statusFilter == null) {
        errors.put("status", FieldMessages.notAChoice(status));
      }
    }
    if (model != null && model.indexOf('\u0000') >= 0) {
      errors.put("model", "Null characters are not allowed.");
    }
    Boolean withPayload = payload == null || payload.isEmpty() ? Boolean.TRUE : bool(payload);
    if (withPayload == null) {
      errors.put("payload", "Must be a valid boolean.");
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException("Invalid query parameters.", errors, null);
    }
    String modelFilter = model == null || model.isEmpty() ? null : model;
    var query = new HistoryQuery(pageNumber, pageSize, statusFilter, modelFilter, withPayload);
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

  private static int intParam(
      String name, String value, int defaultValue, int min, int max, Map<String, String> errors) {
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      errors.put(name, "A valid integer is required.");
      return defaultValue;
    }
    if (parsed < min) {
      errors.put(name, FieldMessages.atLeast(min));
    } else if (parsed > max) {
      errors.put(name, FieldMessages.atMost(max));
    }
    return parsed;
  }

  private static Boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> Boolean.TRUE;
      case "false", "0", "no" -> Boolean.FALSE;
      default -> null;
    };
  }
}
