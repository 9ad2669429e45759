package io.syncbridge.jobs;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvFactory;
import tools.jackson.dataformat.csv.CsvMapper;

/**
 * The jobs' JSON and CSV mappers. A job is read and its results written a record at a time, on the
 * worker's own (platform) thread: buffers come from a pool per thread, not the shared concurrent
 * pool, whose take and return showed as the top frames of a job's profile.
 */
final class JobJson {

  /** JSON with duplicate keys refused, as in a sync request. */
  static final JsonMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .recyclerPool(JsonRecyclerPools.threadLocalPool())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .build();

  private static final CsvMapper CSV =
      CsvMapper.builder(
              CsvFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build())
          .build();

  /** One CSV record's cells, as written. */
  static final ObjectReader CSV_CELLS = CSV.readerFor(String[].class);

  /** One CSV row from its cells (RFC 4180 quoting). */
  static final ObjectWriter CSV_ROW = CSV.writerFor(String[].class);

  private JobJson() {}
}
