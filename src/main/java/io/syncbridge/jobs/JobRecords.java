package io.syncbridge.jobs;

import io.syncbridge.record.FieldMessages;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a job's data file from a byte offset, one record at a time, as the JSON object a sync
 * request would have carried. CSV: the columns of the header row, an empty cell left out (absent),
 * a cell holding a JSON array or object (an order's {@code items}) read as JSON, anything else a
 * string, which the models' rules read as they read JSON strings. A record that cannot be read
 * (malformed CSV or JSON, the wrong number of cells, bad UTF-8) comes back with its error in place
 * of its fields, and reading goes on with the next one.
 */
final class JobRecords implements Closeable {

  static final String LINE_FIELD = "non_field_errors";
  private static final JsonMapper JSON = JobJson.JSON;
  private static final ObjectReader CSV_CELLS = JobJson.CSV_CELLS;

  /**
   * One record of the data, by its line (data records counted from 1).
   *
   * @param fields the record as JSON, or null when it could not be read
   * @param raw the record as written (UTF-8), for its result rows: a CSV record's cells, an NDJSON
   *     record's object; null when it is neither
   * @param error why it could not be read, or null
   */
  record Read(long line, ObjectNode fields, byte[] raw, String error) {}

  private final FileChannel channel;
  private final RecordSplitter splitter;
  private final long from;
  private final JobFormat format;
  private final List<String> columns;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /**
   * @param columns the CSV header's column names (ignored for NDJSON)
   */
  JobRecords(Path file, long from, long to, JobFormat format, List<String> columns)
      throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.from = from;
    this.format = format;
    this.columns = columns;
    channel.position(from);
    this.splitter =
        new RecordSplitter(limited(Channels.newInputStream(channel), to - from), format);
  }

  /** The byte offset where the data after the last record returned starts. */
  long offset() {
    return from + splitter.consumed();
  }

  /** The next record, numbered {@code line}, or null at the end of the data. */
  Read next(long line) throws IOException {
    RecordSplitter.Record raw = splitter.next();
    if (raw == null) {
      return null;
    }
    if (raw.unclosedQuote()) {
      return failed(line, "Malformed CSV: a quoted field is never closed.");
    }
    if (raw.tooLong()) {
      return failed(
          line, "Record too long: at most " + RecordSplitter.MAX_RECORD_BYTES + " bytes.");
    }
    byte[] bytes = raw.bytes();
    boolean plain = true;
    boolean ascii = true;
    for (byte b : bytes) {
      ascii &= b >= 0;
      plain &= b != '"' && b != '\r';
    }
    String text;
    if (ascii) {
      // Most exports are ASCII: no decoder, and one copy instead of three.
      text = new String(bytes, StandardCharsets.ISO_8859_1);
    } else {
      try {
        text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        return failed(line, "Invalid UTF-8.");
      }
    }
    if (format == JobFormat.NDJSON) {
      return ndjson(line, text, bytes);
    }
    // A CSV parser per record made a fifth of what a job allocates: a record without quotes or
    // carriage returns is only its commas, and anything else is read by the CSV library.
    return csv(line, plain ? plainCells(text) : null, text, bytes);
  }

  /** The cells of a CSV record that has no quote and no carriage return, as Jackson reads them. */
  static String[] plainCells(String text) {
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ',') {
        count++;
      }
    }
    String[] cells = new String[count];
    int start = 0;
    for (int cell = 0; cell < count; cell++) {
      int end = text.indexOf(',', start);
      if (end < 0) {
        end = text.length();
      }
      cells[cell] = text.substring(start, end);
      start = end + 1;
    }
    return cells;
  }

  /**
   * The next record as written, unread (a successful CSV result's cells): empty for a record that
   * could not be read (too long, a quote never closed), null at the end of the data.
   */
  byte[] nextRaw() throws IOException {
    RecordSplitter.Record raw = splitter.next();
    if (raw == null) {
      return null;
    }
    return raw.bytes() == null ? new byte[0] : raw.bytes();
  }

  private Read csv(long line, String[] plainCells, String text, byte[] raw) {
    String[] cells = plainCells;
    if (cells == null) {
      try {
        cells = CSV_CELLS.readValue(text);
      } catch (JacksonException e) {
        return failed(line, "Malformed CSV: " + firstLine(e.getOriginalMessage()));
      }
    }
    if (cells.length != columns.size()) {
      return new Read(
          line,
          null,
          raw,
          "Expected "
              + columns.size()
              + " values (the header's columns), found "
              + cells.length
              + ".");
    }
    ObjectNode fields = JSON.createObjectNode();
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      if (!cell.isEmpty()) {
        fields.set(columns.get(i), cellValue(cell));
      }
    }
    return new Read(line, fields, raw, null);
  }

  private static JsonNode cellValue(String cell) {
    char first = cell.charAt(0);
    if (first == '[' || first == '{') {
      try {
        return JSON.readTree(cell);
      } catch (JacksonException notJson) {
        // A string that happens to start like JSON.
      }
    }
    return JSON.getNodeFactory().stringNode(cell);
  }

  private Read ndjson(long line, String text, byte[] raw) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      return failed(line, "Malformed JSON.");
    }
    if (!(node instanceof ObjectNode fields)) {
      return failed(line, FieldMessages.expectedObject(node));
    }
    return new Read(line, fields, raw, null);
  }

  private static Read failed(long line, String error) {
    return new Read(line, null, null, error);
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  private static InputStream limited(InputStream in, long bytes) {
    return new FilterInputStream(in) {
      private long left = bytes;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(buffer, offset, (int) Math.min(length, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
