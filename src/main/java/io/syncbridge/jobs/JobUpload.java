package io.syncbridge.jobs;

import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.LimitExceededException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends one upload to a job's data file as it arrives, never holding it whole: a UTF-8 byte order
 * mark is dropped, and so is a CSV upload's header row, kept with the job from its first upload (a
 * later upload may repeat it, or start with records). The file's records stay one per line however
 * the uploads end.
 */
final class JobUpload {

  private static final ObjectReader CSV_CELLS = JobJson.CSV_CELLS;
  private static final JsonMapper JSON = JobJson.JSON;
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /**
   * What an upload left: the data file's new length and the job's CSV columns.
   *
   * @param header the CSV columns as a JSON array, or null for NDJSON
   */
  record Appended(long length, String header) {}

  private JobUpload() {}

  /**
   * Writes {@code body} after the first {@code from} bytes of {@code data}.
   *
   * @param header the job's CSV columns (JSON array) from an earlier upload, or null
   * @param heartbeat called as data arrives, to keep the upload's turn
   * @throws LimitExceededException past {@code maxBytes} in all; the caller cuts the file back
   */
  static Appended append(
      InputStream body,
      FileChannel data,
      long from,
      JobFormat format,
      String header,
      long maxBytes,
      Runnable heartbeat)
      throws IOException {
    PushbackInputStream in = new PushbackInputStream(cutOffIsTheClients(body), BOM.length);
    dropByteOrderMark(in);
    data.truncate(from);
    data.position(from);
    Writer out = new Writer(data, from, maxBytes, heartbeat);
    if (from > 0 && !endsWithLineBreak(data, from)) {
      out.write(new byte[] {'\n'}, 1);
    }
    InputStream rest = in;
    if (format == JobFormat.CSV) {
      RecordSplitter splitter = new RecordSplitter(in, format);
      RecordSplitter.Record first = splitter.next();
      if (header == null) {
        if (first == null) {
          throw invalid("The data is empty: a CSV upload starts with its header row.");
        }
        header = JSON.writeValueAsString(columns(first));
      } else if (first != null && first.bytes() == null) {
        throw invalid(
            "The upload's first record cannot be read: a quoted field is never closed, or it is"
                + " too long.");
      } else if (first != null && !Arrays.equals(cells(first), columnsOf(header))) {
        out.write(first.bytes(), first.bytes().length);
        out.write(new byte[] {'\n'}, 1);
      }
      out.write(splitter.readAhead(), splitter.readAhead().length);
    }
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = rest.read(buffer)) > 0) {
      out.write(buffer, n);
    }
    return new Appended(out.position, header);
  }

  static List<String> columns(String header) {
    return List.of(columnsOf(header));
  }

  private static String[] columnsOf(String header) {
    return JSON.readValue(header, String[].class);
  }

  private static String[] columns(RecordSplitter.Record first) {
    if (first.bytes() == null) {
      throw invalid(
          "The header row cannot be read: a quoted name is never closed, or it is too long.");
    }
    String[] names = cells(first);
    if (names == null) {
      throw invalid("The header row is not valid CSV.");
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (name.isBlank()) {
        throw invalid("Every column of the header row needs a name.");
      }
      if (!seen.add(name)) {
        throw invalid("The header row names the column '" + name + "' twice.");
      }
    }
    return names;
  }

  /** A record's cells, or null when it is not valid CSV or UTF-8. */
  private static String[] cells(RecordSplitter.Record record) {
    if (record.bytes() == null) {
      return null;
    }
    try {
      String text =
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(record.bytes())).toString();
      return CSV_CELLS.readValue(text);
    } catch (IOException | JacksonException e) {
      return null;
    }
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("Invalid CSV data.", Map.of("header", message), null);
  }

  /**
   * The request body, where a failure to read it (the client went away, or sent less than it
   * announced) is the client's error, not the service's: answered 400, nothing of it kept.
   */
  private static InputStream cutOffIsTheClients(InputStream body) {
    return new FilterInputStream(body) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (IOException e) {
          throw cutOff();
        }
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
          return super.read(buffer, offset, length);
        } catch (IOException e) {
          throw cutOff();
        }
      }
    };
  }

  private static InvalidRequestException cutOff() {
    return new InvalidRequestException(
        "The upload ended before all its data arrived; nothing of it was kept.");
  }

  private static void dropByteOrderMark(PushbackInputStream in) throws IOException {
    byte[] start = in.readNBytes(BOM.length);
    if (!Arrays.equals(start, BOM)) {
      in.unread(start);
    }
  }

  private static boolean endsWithLineBreak(FileChannel data, long length) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    data.read(last, length - 1);
    return last.get(0) == '\n';
  }

  /** Writes to the data file, counting against the job's limit, keeping the upload's turn. */
  private static final class Writer {
    private static final long HEARTBEAT_NANOS = 10_000_000_000L;

    private final FileChannel data;
    private final long maxBytes;
    private final Runnable heartbeat;
    private long position;
    private long lastBeat = System.nanoTime();

    Writer(FileChannel data, long position, long maxBytes, Runnable heartbeat) {
      this.data = data;
      this.position = position;
      this.maxBytes = maxBytes;
      this.heartbeat = heartbeat;
    }

    void write(byte[] bytes, int length) throws IOException {
      if (position + length > maxBytes) {
        throw new LimitExceededException(
            "Too much data: a job holds at most " + maxBytes + " bytes.",
            Map.of("data", "At most " + maxBytes + " bytes per job."));
      }
      if (System.nanoTime() - lastBeat > HEARTBEAT_NANOS) {
        heartbeat.run();
        lastBeat = System.nanoTime();
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
      while (buffer.hasRemaining()) {
        position += data.write(buffer);
      }
    }
  }
}
