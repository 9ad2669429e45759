package io.syncbridge.sync;

import io.syncbridge.record.RecordReader;
import io.syncbridge.record.RecordsRejectedException;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * What a model (customers, products, …) provides to the sync protocol: how to read one record and
 * how to store a batch of them, and what it is: its tables, its natural keys and the schema of its
 * records, from which the OpenAPI document, the stats and the structure rules follow.
 * Implementations live in the model's own package; a bean of this type is all it takes to register
 * a model.
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

  /** The tables this model writes, each before the tables it references. */
  List<String> tables();

  /**
   * The OpenAPI schema of one record, with a {@code title} that names it in the document and an
   * {@code example} its rules accept: {@code <model>.schema.yaml} in the implementation's package.
   */
  default Resource recordSchema() {
    return new ClassPathResource(model() + ".schema.yaml", getClass());
  }

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
