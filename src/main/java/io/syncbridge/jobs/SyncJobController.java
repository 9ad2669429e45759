package io.syncbridge.jobs;

import io.syncbridge.error.NotFoundException;
import io.syncbridge.web.ApiResponse;
import io.syncbridge.web.ListingParameters;
import io.syncbridge.web.OperationName;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class SyncJobController {

  static final int DEFAULT_SIZE = 15;
  static final int MAX_SIZE = 100;
  static final String CSV = "text/csv";
  static final String NDJSON = "application/x-ndjson";

  private final SyncJobService jobs;

  SyncJobController(SyncJobService jobs) {
    this.jobs = jobs;
  }

  @OperationName("sync_jobs.create")
  @PostMapping(path = "/api/v1/sync-jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ApiResponse<SyncJobView>> create(@RequestBody JsonNode body) {
    return ApiResponse.of(HttpStatus.CREATED, "Sync job created", jobs.create(body)).toResponse();
  }

  @OperationName("sync_jobs.upload")
  @PutMapping(
      path = "/api/v1/sync-jobs/{id}/data",
      consumes = {CSV, NDJSON})
  ApiResponse<SyncJobView> upload(@PathVariable String id, HttpServletRequest request)
      throws IOException {
    MediaType type = MediaType.parseMediaType(request.getContentType());
    return ApiResponse.ok(
        "Data uploaded", jobs.upload(parseId(id), type, request.getInputStream()));
  }

  @OperationName("sync_jobs.update")
  @PatchMapping(path = "/api/v1/sync-jobs/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ApiResponse<SyncJobView> update(@PathVariable String id, @RequestBody JsonNode body) {
    return ApiResponse.ok("Sync job updated", jobs.changeState(parseId(id), body));
  }

  @OperationName("sync_jobs.get")
  @GetMapping("/api/v1/sync-jobs/{id}")
  ApiResponse<SyncJobView> get(@PathVariable String id) {
    return ApiResponse.ok(
        "Sync job",
        jobs.find(parseId(id)).orElseThrow(() -> new NotFoundException(SyncJobService.NOT_FOUND)));
  }

  @OperationName("sync_jobs.list")
  @GetMapping("/api/v1/sync-jobs")
  ApiResponse<SyncJobPage> list(
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size,
      @RequestParam(required = false) SyncJobState state,
      @RequestParam(required = false) String model) {
    ListingParameters.check(page, size, MAX_SIZE, model);
    return ApiResponse.ok(
        "Sync jobs", jobs.list(page, size, state, model == null || model.isEmpty() ? null : model));
  }

  @OperationName("sync_jobs.failed_records")
  @GetMapping("/api/v1/sync-jobs/{id}/failed-records")
  void failedRecords(@PathVariable String id, HttpServletResponse response) throws IOException {
    results(parseId(id), false, response);
  }

  @OperationName("sync_jobs.successful_records")
  @GetMapping("/api/v1/sync-jobs/{id}/successful-records")
  void successfulRecords(@PathVariable String id, HttpServletResponse response) throws IOException {
    results(parseId(id), true, response);
  }

  /** Streams a job's results as far as processing has committed; empty before its first upload. */
  private void results(long id, boolean successful, HttpServletResponse response)
      throws IOException {
    jobs.writeResults(
        id,
        successful,
        format -> {
          response.setContentType(
              (format == null ? MediaType.parseMediaType(NDJSON) : format) + ";charset=UTF-8");
          return response.getOutputStream();
        });
  }

  /** A path id that is not a number names no job: 404, like any other absent id. */
  private static long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new NotFoundException(SyncJobService.NOT_FOUND);
    }
  }
}
