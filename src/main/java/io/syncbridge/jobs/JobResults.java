package io.syncbridge.jobs;

import io.syncbridge.upsert.UpsertResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;

/**
 * A job's per-record results, in the format of its data. Failed: CSV {@code line,field,error}
 * followed by the record's own cells, one row per error; NDJSON {@code
 * {"line","field","error","record"}}. Successful: CSV {@code line,id,status} followed by the
 * record's cells; NDJSON {@code {"line","id","status"}}. Rows are written chunk by chunk from the
 * committed length of each file; a file is read back only up to it.
 */
final class JobResults {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final ObjectWriter CSV_ROW = CsvMapper.builder().build().writerFor(String[].class);

  private final JobFormat format;
  private final ByteArrayOutputStream successful = new ByteArrayOutputStream();
  private final ByteArrayOutputStream failed = new ByteArrayOutputStream();

  JobResults(JobFormat format) {
    this.format = format;
  }

  void stored(JobRecords.Read record, UpsertResult result) {
    if (format == JobFormat.CSV) {
      List<String> row = new ArrayList<>();
      row.add(Long.toString(record.line()));
      row.add(Long.toString(result.id()));
      row.add(result.status().value());
      row.addAll(record.cells());
      csvRow(successful, row);
    } else {
      ObjectNode line = JSON.createObjectNode();
      line.put("line", record.line());
      line.put("id", result.id());
      line.put("status", result.status().value());
      jsonLine(successful, line);
    }
  }

  void failed(JobRecords.Read record, Map<String, String> errors) {
    errors.forEach(
        (field, error) -> {
          if (format == JobFormat.CSV) {
            List<String> row = new ArrayList<>();
            row.add(Long.toString(record.line()));
            row.add(field);
            row.add(error);
            if (record.cells() != null) {
              row.addAll(record.cells());
            }
            csvRow(failed, row);
          } else {
            ObjectNode line = JSON.createObjectNode();
            line.put("line", record.line());
            line.put("field", field);
            line.put("error", error);
            line.set("record", record.fields());
            jsonLine(failed, line);
          }
        });
  }

  /** Writes the rows gathered so far after {@code from} bytes of the file; returns its length. */
  long appendSuccessful(Path file, long from) throws IOException {
    return append(file, from, successful.toByteArray());
  }

  long appendFailed(Path file, long from) throws IOException {
    return append(file, from, failed.toByteArray());
  }

  /**
   * Writes the first {@code length} bytes of a result file to {@code out}, a CSV file after its
   * header row.
   *
   * @param columns the data's CSV columns, or null for NDJSON
   */
  static void copy(
      Path file, long length, boolean successful, List<String> columns, OutputStream out)
      throws IOException {
    if (columns != null) {
      List<String> header =
          new ArrayList<>(
              successful ? List.of("line", "id", "status") : List.of("line", "field", "error"));
      header.addAll(columns);
      ByteArrayOutputStream row = new ByteArrayOutputStream();
      csvRow(row, header);
      row.writeTo(out);
    }
    if (length == 0 || !Files.exists(file)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        InputStream in = Channels.newInputStream(channel)) {
      byte[] buffer = new byte[64 * 1024];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  private static long append(Path file, long from, byte[] bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      // Whatever lies past the committed length is from a chunk that did not commit.
      channel.truncate(from);
      channel.position(from);
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
      return from + bytes.length;
    }
  }

  private static void jsonLine(ByteArrayOutputStream out, ObjectNode line) {
    out.writeBytes(JSON.writeValueAsBytes(line));
    out.write('\n');
  }

  private static void csvRow(ByteArrayOutputStream out, List<String> cells) {
    out.writeBytes(CSV_ROW.writeValueAsBytes(cells.toArray(String[]::new)));
  }
}
