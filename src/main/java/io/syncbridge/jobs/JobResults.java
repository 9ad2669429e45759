package io.syncbridge.jobs;

import io.syncbridge.sync.FailedRecord;
import io.syncbridge.upsert.UpsertResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chunk's per-record results, in the format of its data (kept by {@link SyncJobResults}). Failed:
 * CSV {@code line,field,error} followed by the record's own cells, one row per error; NDJSON {@code
 * {"line","field","error","record"}}. Successful: CSV {@code line,id,status} followed by the
 * record's cells; NDJSON {@code {"line","id","status"}}; kept as {@link SuccessfulRuns}, and
 * written out as rows by {@link #writeSuccessful}.
 */
final class JobResults {

  private static final JsonMapper JSON = JobJson.JSON;
  private static final ObjectWriter CSV_ROW = JobJson.CSV_ROW;

  private final JobFormat format;
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final SuccessfulRuns successful = new SuccessfulRuns();
  private final ByteArrayOutputStream failed = new ByteArrayOutputStream();

  JobResults(JobFormat format) {
    this.format = format;
  }

  /**
   * The rows of a stored chunk: its records in order, each with its result.
   *
   * @param unreadable the records that could not be read, with their errors
   * @param results one per readable record, in order: an UpsertResult or a FailedRecord
   * @return how many records were stored
   */
  long chunk(
      List<JobRecords.Read> chunk,
      Map<JobRecords.Read, Map<String, String>> unreadable,
      List<Object> results) {
    long stored = 0;
    int next = 0;
    for (JobRecords.Read read : chunk) {
      Map<String, String> errors = unreadable.get(read);
      Object result = errors == null ? results.get(next++) : null;
      if (result instanceof UpsertResult upserted) {
        stored(read, upserted);
        stored++;
      } else {
        failed(read, errors != null ? errors : ((FailedRecord) result).errors());
      }
    }
    return stored;
  }

  void stored(JobRecords.Read record, UpsertResult result) {
    successful.add(record.line(), result.id(), result.status());
  }

  /**
   * Writes a successful record's row.
   *
   * @param cells the record as written, for CSV; ignored for NDJSON
   */
  static void writeSuccessful(
      JobFormat format,
      long line,
      long id,
      UpsertResult.Outcome status,
      byte[] cells,
      OutputStream out)
      throws IOException {
    if (format == JobFormat.CSV) {
      // The record's own cells follow as it was written: already CSV.
      out.write(ascii(line + "," + id + "," + status.value() + ","));
      out.write(cells);
    } else {
      out.write(
          ascii("{\"line\":" + line + ",\"id\":" + id + ",\"status\":\"" + status.value() + "\"}"));
    }
    out.write('\n');
  }

  void failed(JobRecords.Read record, Map<String, String> errors) {
    errors.forEach(
        (field, error) -> {
          if (format == JobFormat.CSV) {
            byte[] row =
                CSV_ROW.writeValueAsBytes(
                    new String[] {Long.toString(record.line()), field, error});
            failed.write(row, 0, row.length - 1); // without its line break
            if (record.raw() != null) {
              failed.write(',');
              failed.writeBytes(record.raw());
            }
          } else {
            failed.writeBytes(ascii("{\"line\":" + record.line() + ",\"field\":"));
            failed.writeBytes(JSON.writeValueAsBytes(field));
            failed.writeBytes(ascii(",\"error\":"));
            failed.writeBytes(JSON.writeValueAsBytes(error));
            failed.writeBytes(ascii(",\"record\":"));
            failed.writeBytes(record.raw() != null ? record.raw() : NULL);
            failed.write('}');
          }
          failed.write('\n');
        });
  }

  /** Why an atomic job stopped: its first failing record, and how many failed in its chunk. */
  static String atomicFailure(Map<JobRecords.Read, Map<String, String>> failed) {
    var first = failed.entrySet().iterator().next();
    var field = first.getValue().entrySet().iterator().next();
    return "Record at line "
        + first.getKey().line()
        + ", field '"
        + field.getKey()
        + "': "
        + field.getValue()
        + " ("
        + failed.size()
        + (failed.size() == 1 ? " record" : " records")
        + " failed; the job is atomic)";
  }

  byte[] successful() {
    return successful.toBytes();
  }

  byte[] failed() {
    return failed.toByteArray();
  }

  /** The header row of a CSV result, from the data's columns. */
  static byte[] csvHeader(boolean successful, List<String> columns) {
    List<String> header =
        new ArrayList<>(
            successful ? List.of("line", "id", "status") : List.of("line", "field", "error"));
    header.addAll(columns);
    return CSV_ROW.writeValueAsBytes(header.toArray(String[]::new));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
