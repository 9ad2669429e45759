package io.syncbridge.sync;

import io.syncbridge.upsert.UpsertResult;
import java.util.List;

/**
 * How a sync request that stored records ended. One that stored nothing is refused with an
 * exception instead: {@link io.syncbridge.error.InvalidRequestException} (the request itself),
 * {@link io.syncbridge.error.LimitExceededException} (too many records) or {@link
 * io.syncbridge.record.RecordsRejectedException} (its records).
 */
public sealed interface SyncOutcome {

  /** Every record was stored; one result per record, in input order. */
  record Succeeded(List<UpsertResult> results) implements SyncOutcome {}

  /**
   * An {@code "atomic": false} request in which some records failed: the others were stored. One
   * result per record, in input order: an {@link UpsertResult} for each stored record, a {@link
   * FailedRecord} in place of each failed one.
   */
  record CompletedWithErrors(List<Object> results) implements SyncOutcome {}
}
