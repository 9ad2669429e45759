package io.syncbridge.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a job's data into records at the byte level, so that the end of every record is known as a
 * byte offset (a chunk's end, committed with it). NDJSON: one record per line. CSV (RFC 4180): a
 * line break inside a quoted field belongs to the record; a quote opens a quoted field only at the
 * field's start, as in the parser that reads the cells. A record's trailing carriage return is
 * dropped; empty lines (NDJSON: blank ones) are not records. A record longer than {@link
 * #MAX_RECORD_BYTES} is read to its end but not kept, so that a quote that never closes cannot take
 * the heap.
 */
final class RecordSplitter {

  static final int MAX_RECORD_BYTES = 1 << 20;

  private enum Csv {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    QUOTE_IN_QUOTED
  }

  /** One record's bytes; {@code tooLong} or {@code unclosedQuote} when they cannot be read. */
  record Record(byte[] bytes, boolean tooLong, boolean unclosedQuote) {}

  private final InputStream in;
  private final boolean csv;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private long consumed;
  private byte[] record = new byte[1024];
  private int length;

  RecordSplitter(InputStream in, JobFormat format) {
    this.in = in;
    this.csv = format == JobFormat.CSV;
  }

  /** Bytes taken from the stream up to the end of the last record returned. */
  long consumed() {
    return consumed;
  }

  /** What was read ahead of the last record returned: the caller's to pass on. */
  byte[] readAhead() {
    return Arrays.copyOfRange(buffer, position, limit);
  }

  /** The next record, or null at the end of the data. */
  Record next() throws IOException {
    while (true) {
      length = 0;
      boolean tooLong = false;
      Csv state = Csv.FIELD_START;
      boolean any = false;
      while (true) {
        if (position == limit && !fill()) {
          if (!any) {
            return null;
          }
          return finish(tooLong, csv && state == Csv.QUOTED);
        }
        byte b = buffer[position++];
        consumed++;
        any = true;
        if (b == '\n' && state != Csv.QUOTED) {
          break;
        }
        if (csv) {
          state = next(state, b);
        }
        if (length < MAX_RECORD_BYTES) {
          append(b);
        } else {
          tooLong = true;
        }
      }
      Record done = finish(tooLong, false);
      if (done != null) {
        return done;
      }
    }
  }

  private static Csv next(Csv state, byte b) {
    return switch (state) {
      case FIELD_START -> b == '"' ? Csv.QUOTED : b == ',' ? Csv.FIELD_START : Csv.UNQUOTED;
      case UNQUOTED -> b == ',' ? Csv.FIELD_START : Csv.UNQUOTED;
      case QUOTED -> b == '"' ? Csv.QUOTE_IN_QUOTED : Csv.QUOTED;
      case QUOTE_IN_QUOTED -> b == '"' ? Csv.QUOTED : b == ',' ? Csv.FIELD_START : Csv.UNQUOTED;
    };
  }

  /** The record read, or null for a blank line. */
  private Record finish(boolean tooLong, boolean unclosedQuote) {
    if (!tooLong && length > 0 && record[length - 1] == '\r') {
      length--;
    }
    if (!tooLong && !unclosedQuote && (csv ? length == 0 : isBlank())) {
      return null;
    }
    return new Record(
        tooLong || unclosedQuote ? null : Arrays.copyOf(record, length), tooLong, unclosedQuote);
  }

  private boolean isBlank() {
    for (int i = 0; i < length; i++) {
      if (record[i] != ' ' && record[i] != '\t' && record[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private void append(byte b) {
    if (length == record.length) {
      record = Arrays.copyOf(record, Math.min(record.length * 2, MAX_RECORD_BYTES));
    }
    record[length++] = b;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
