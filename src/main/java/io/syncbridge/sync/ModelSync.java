package io.syncbridge.sync;

import io.syncbridge.record.RecordReader;
import io.syncbridge.record.RecordsRejectedException;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;

/**
 * What a model (customers, products, …) provides to the sync protocol: how to read one record and
 * how to store a batch of them. Implementations live in the model's own package.
 *
 * @param <R> the validated form of one record
 */
public interface ModelSync<R> {

  /** The name clients send as {@code model}, e.g. {@code "customers"}. */
  String model();

  /**
   * Reads and validates one record. Every problem goes to the reader's errors; the returned value
   * is only used when there were none.
   */
  R read(RecordReader reader);

  /** The fields {@code match_on} may name for this model (its natural keys). */
  List<String> matchKeys();

  /**
   * Creates or updates the records, inside the caller's transaction, with a constant number of
   * queries per batch. Returns one result per record, in input order.
   *
   * @param matchOn one of {@link #matchKeys()}, or null to match records on their id only
   * @throws RecordsRejectedException when records conflict with stored rows or with each other, or
   *     reference rows that do not exist; thrown before anything is written
   */
  List<UpsertResult> store(List<R> records, String matchOn);
}
