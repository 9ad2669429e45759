package io.syncbridge.sync;

import io.syncbridge.record.RecordError;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;
import java.util.Map;

/** How a sync request ended. */
public sealed interface SyncOutcome {

  /** Every record was stored; one result per record, in input order. */
  record Succeeded(List<UpsertResult> results) implements SyncOutcome {}

  /**
   * An {@code "atomic": false} request in which some records failed: the others were stored. One
   * result per record, in input order: an {@link UpsertResult} for each stored record, a {@link
   * FailedRecord} in place of each failed one.
   */
  record CompletedWithErrors(List<Object> results) implements SyncOutcome {}

  /** Nothing was stored. {@code errors} are those of the first failing record. */
  record Rejected(
      Reason reason, String message, Map<String, String> errors, List<RecordError> details)
      implements SyncOutcome {}

  enum Reason {
    /** The request itself is malformed: unknown model, missing or bad {@code data}, options. */
    INVALID_REQUEST,
    /** One or more records fail validation. */
    INVALID_RECORDS,
    /** One or more records break a unique key. */
    CONFLICT,
    /** The request carries more records than one request may. */
    TOO_MANY_RECORDS
  }
}
