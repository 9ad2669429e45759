package io.syncbridge.sync;

import io.syncbridge.history.SyncHistoryService;
import io.syncbridge.history.SyncStats;
import io.syncbridge.idempotency.IdempotentRequests;
import io.syncbridge.record.RecordError;
import io.syncbridge.sync.SyncOutcome.CompletedWithErrors;
import io.syncbridge.sync.SyncOutcome.Rejected;
import io.syncbridge.sync.SyncOutcome.Succeeded;
import io.syncbridge.web.ApiResponse;
import io.syncbridge.web.OperationName;
import io.syncbridge.web.RequestId;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SyncController {

  private final SyncService syncService;
  private final SyncModels models;
  private final SyncHistoryService history;
  private final IdempotentRequests idempotent;
  private final SyncBodyReader bodies;

  SyncController(
      SyncService syncService,
      SyncModels models,
      SyncHistoryService history,
      IdempotentRequests idempotent,
      SyncBodyReader bodies) {
    this.syncService = syncService;
    this.models = models;
    this.history = history;
    this.idempotent = idempotent;
    this.bodies = bodies;
  }

  @OperationName("sync_history.stats")
  @GetMapping("/api/v1/sync/stats")
  ApiResponse<SyncStats> stats() {
    return ApiResponse.ok("Sync stats", history.stats().forModels(models.names()));
  }

  @OperationName("sync.request")
  @PostMapping(path = "/api/v1/sync", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> sync(
      HttpServletRequest request,
      @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey) {
    byte[] bytes = readBody(request);
    SyncBody body;
    try {
      body = bodies.read(bytes);
    } catch (SyncBody.MalformedBodyException e) {
      if (e.reason() == null) {
        throw new HttpMessageNotReadableException(
            e.getMessage(), e, new ServletServerHttpRequest(request));
      }
      return malformed(e);
    }
    String requestId = RequestId.current();
    if (idempotencyKey == null) {
      return toResponse(syncService.sync(body, requestId));
    }
    return idempotent.run(
        idempotencyKey, bytes, () -> toResponse(syncService.sync(body, requestId)));
  }

  /** Malformed JSON whose cause is known: named like a field error, in its record when in one. */
  private static ResponseEntity<ApiResponse<Void>> malformed(SyncBody.MalformedBodyException e) {
    List<RecordError> details =
        e.index() < 0 ? null : List.of(new RecordError(e.index(), e.field(), e.reason()));
    return ApiResponse.<Void>error(
            HttpStatus.BAD_REQUEST, e.getMessage(), Map.of(e.field(), e.reason()), details)
        .toResponse();
  }

  /**
   * The body as bytes, read straight from the request: one buffer of the declared length, which the
   * sync reads in place (see {@link SyncBody}) instead of a tree of every record.
   */
  private static byte[] readBody(HttpServletRequest request) {
    try {
      InputStream in = request.getInputStream();
      long length = request.getContentLengthLong();
      return length >= 0 && length < Integer.MAX_VALUE
          ? in.readNBytes((int) length)
          : in.readAllBytes();
    } catch (IOException e) {
      throw new HttpMessageNotReadableException(
          "I/O error while reading the request body", e, new ServletServerHttpRequest(request));
    }
  }

  static ResponseEntity<? extends ApiResponse<?>> toResponse(SyncOutcome outcome) {
    if (outcome instanceof Succeeded succeeded) {
      return ApiResponse.ok("Sync successful", Map.of("results", succeeded.results())).toResponse();
    }
    if (outcome instanceof CompletedWithErrors partial) {
      return ApiResponse.of(
              HttpStatus.MULTI_STATUS,
              "Sync completed with errors",
              Map.of("results", partial.results()))
          .toResponse();
    }
    Rejected rejected = (Rejected) outcome;
    HttpStatus status =
        switch (rejected.reason()) {
          case CONFLICT -> HttpStatus.CONFLICT;
          case TOO_MANY_RECORDS -> HttpStatus.CONTENT_TOO_LARGE;
          case INVALID_REQUEST, INVALID_RECORDS -> HttpStatus.BAD_REQUEST;
        };
    return ApiResponse.error(status, rejected.message(), rejected.errors(), rejected.details())
        .toResponse();
  }
}
