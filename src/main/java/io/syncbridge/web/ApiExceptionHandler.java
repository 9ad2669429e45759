package io.syncbridge.web;

import io.syncbridge.db.DiskReserveReachedException;
import io.syncbridge.db.StorageFailure;
import io.syncbridge.error.ConflictException;
import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.NotFoundException;
import io.syncbridge.error.ServiceUnavailableException;
import io.syncbridge.error.UnprocessableException;
import io.syncbridge.record.FieldMessages;
import io.syncbridge.record.RecordsRejectedException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place that turns exceptions into responses. Spring MVC's own exceptions keep their
 * status; the body is always the envelope, never a stack trace, SQL text or an exception name.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler({
    InvalidRequestException.class,
    NotFoundException.class,
    ConflictException.class,
    UnprocessableException.class,
    ServiceUnavailableException.class,
    RecordsRejectedException.class
  })
  ResponseEntity<ApiResponse<Void>> clientError(RuntimeException ex) {
    return ClientErrors.envelope(ex).orElseThrow().toResponse();
  }

  @ExceptionHandler({
    CannotCreateTransactionException.class,
    PessimisticLockingFailureException.class
  })
  ResponseEntity<ApiResponse<Void>> databaseBusy(Exception ex) {
    log.warn("Database unavailable: {}", ex.getMessage());
    return envelope(
        HttpStatus.SERVICE_UNAVAILABLE, "Database is busy or unavailable, retry later", null);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiResponse<Void>> unexpected(Exception ex) {
    var storage = StorageFailure.of(ex);
    if (storage.isPresent()) {
      // Nothing of the request was stored; the answer tells the client to come back later.
      // Refusals at the disk reserve are logged by DiskReserve when it is reached, not each one.
      Throwable cause = StorageFailure.cause(ex);
      if (!(cause instanceof DiskReserveReachedException)) {
        log.warn("Storage failure: {}", cause.getMessage());
      }
      return envelope(
          storage.get() == StorageFailure.FULL
              ? HttpStatus.INSUFFICIENT_STORAGE
              : HttpStatus.SERVICE_UNAVAILABLE,
          StorageFailure.message(ex),
          null);
    }
    log.error("Unhandled error", ex);
    return envelope(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error", null);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    PayloadTooLargeException tooLarge = findCause(ex, PayloadTooLargeException.class);
    if (tooLarge != null) {
      return envelope(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(), null);
    }
    return envelope(HttpStatus.BAD_REQUEST, "Malformed JSON request body", null);
  }

  /** A query parameter that is not of its type: named, with the contract's message for the type. */
  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    Class<?> type = ex.getRequiredType();
    String message =
        type == int.class || type == Integer.class || type == long.class || type == Long.class
            ? FieldMessages.NOT_INTEGER
            : type == boolean.class || type == Boolean.class
                ? FieldMessages.NOT_BOOLEAN
                : FieldMessages.notAChoice(String.valueOf(ex.getValue()));
    return invalidParameters(Map.of(ex.getPropertyName(), message));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ResponseEntity<Object> invalidParameters(Map<String, String> errors) {
    return (ResponseEntity)
        ClientErrors.envelope(
                new InvalidRequestException("Invalid query parameters.", errors, null))
            .orElseThrow()
            .toResponse();
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<String> supported = ex.getSupportedMediaTypes().stream().map(MediaType::toString).toList();
    return envelope(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "Unsupported content type; send "
            + (supported.isEmpty() ? "application/json" : String.join(" or ", supported)),
        headers);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (status.is5xxServerError()) {
      log.error("Request failed", ex);
    }
    return envelope(status, reasonPhrase(status), headers);
  }

  static String reasonPhrase(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    return known != null ? known.getReasonPhrase() : "Error " + status.value();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> ResponseEntity<T> envelope(
      HttpStatusCode status, String message, HttpHeaders headers) {
    return (ResponseEntity)
        ResponseEntity.status(status).headers(headers).body(ApiResponse.error(status, message));
  }

  private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
