package io.syncbridge.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/**
 * The envelope every response body is wrapped in: {@code status} and {@code message} always, {@code
 * data} on success, {@code errors} (field → message) and {@code details} where the error has
 * field-level information.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(
    int status, String message, T data, Map<String, String> errors, List<?> details) {

  /** This envelope as a response with its own status. */
  public ResponseEntity<ApiResponse<T>> toResponse() {
    return ResponseEntity.status(status).body(this);
  }

  public static <T> ApiResponse<T> ok(String message, T data) {
    return new ApiResponse<>(200, message, data, null, null);
  }

  public static <T> ApiResponse<T> of(HttpStatusCode status, String message, T data) {
    return new ApiResponse<>(status.value(), message, data, null, null);
  }

  public static <T> ApiResponse<T> error(HttpStatusCode status, String message) {
    return new ApiResponse<>(status.value(), message, null, null, null);
  }

  public static <T> ApiResponse<T> error(
      HttpStatusCode status, String message, Map<String, String> errors, List<?> details) {
    return new ApiResponse<>(status.value(), message, null, errors, details);
  }
}
