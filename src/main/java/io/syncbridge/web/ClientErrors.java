package io.syncbridge.web;

import io.syncbridge.error.ConflictException;
import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.LimitExceededException;
import io.syncbridge.error.NotFoundException;
import io.syncbridge.error.ServiceUnavailableException;
import io.syncbridge.error.UnprocessableException;
import io.syncbridge.record.FieldMessages;
import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordsRejectedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * The exceptions that are the client's to fix, and the envelope each is answered with. {@link
 * ApiExceptionHandler} answers with it; so does an {@code Idempotency-Key}, which keeps the answer.
 */
public final class ClientErrors {

  private ClientErrors() {}

  /** The envelope for {@code failure}, when it is a client error. */
  public static Optional<ApiResponse<Void>> envelope(Throwable failure) {
    if (failure instanceof LimitExceededException limit) {
      return Optional.of(
          ApiResponse.error(
              HttpStatus.CONTENT_TOO_LARGE, limit.getMessage(), limit.errors(), limit.details()));
    }
    if (failure instanceof InvalidRequestException invalid) {
      return Optional.of(
          ApiResponse.error(
              HttpStatus.BAD_REQUEST, invalid.getMessage(), invalid.errors(), invalid.details()));
    }
    if (failure instanceof NotFoundException notFound) {
      return Optional.of(ApiResponse.error(HttpStatus.NOT_FOUND, notFound.getMessage()));
    }
    if (failure instanceof ConflictException conflict) {
      return Optional.of(ApiResponse.error(HttpStatus.CONFLICT, conflict.getMessage()));
    }
    if (failure instanceof UnprocessableException unprocessable) {
      return Optional.of(
          ApiResponse.error(HttpStatus.UNPROCESSABLE_CONTENT, unprocessable.getMessage()));
    }
    if (failure instanceof ServiceUnavailableException unavailable) {
      return Optional.of(
          ApiResponse.error(HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage()));
    }
    if (failure instanceof RecordsRejectedException rejected) {
      return Optional.of(rejection(rejected));
    }
    return Optional.empty();
  }

  /**
   * Records that cannot be stored: 400, or 409 when they break a unique key. {@code errors} are
   * those of the first failing record, {@code details} every error with its record's index.
   */
  private static ApiResponse<Void> rejection(RecordsRejectedException rejection) {
    List<RecordError> details = rejection.errors();
    RecordError first = details.get(0);
    Map<String, String> firstRecordErrors = new LinkedHashMap<>();
    for (RecordError error : details) {
      if (error.index() == first.index()) {
        firstRecordErrors.putIfAbsent(error.field(), error.message());
      }
    }
    boolean conflict = rejection.kind() == RecordsRejectedException.Kind.CONFLICT;
    return ApiResponse.error(
        conflict ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
        conflict ? FieldMessages.duplicateEntry(first.field()) : FieldMessages.INVALID_RECORDS,
        firstRecordErrors,
        details);
  }
}
