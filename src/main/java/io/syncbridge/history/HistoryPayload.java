package io.syncbridge.history;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A history entry's payload as it is stored: the request's data as JSON text, or, for a sync job's
 * chunk, that text deflated (zlib) into {@code payload_deflated}. A chunk's JSON is written by the
 * service, not sent by a client, and deflating it on the thread that prepares the chunk takes most
 * of the bytes out of the storing thread's commit (docs/jobs.md). Readers get the same text either
 * way.
 *
 * @param text the JSON as UTF-8 bytes, or null when deflated or absent
 * @param deflated the JSON deflated, or null
 */
public record HistoryPayload(byte[] text, byte[] deflated) {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryPayload.class);

  /** No payload: the request had no {@code data}. */
  public static final HistoryPayload NONE = new HistoryPayload(null, null);

  /** The data as the client sent it, kept as text. */
  public static HistoryPayload text(byte[] utf8) {
    return utf8 == null ? NONE : new HistoryPayload(utf8, null);
  }

  /**
   * The data deflated at the fastest level, as {@code json} writes it: JSON records shrink about
   * fivefold, and their text is never held whole.
   */
  public static HistoryPayload deflate(Consumer<OutputStream> json) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (OutputStream deflating = new DeflaterOutputStream(out, deflater, 16 * 1024)) {
      json.accept(deflating);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    return new HistoryPayload(null, out.toByteArray());
  }

  /**
   * The payload's JSON text from its two columns, or null when it has none or its deflated bytes
   * cannot be inflated (a damaged row): the entry is still listed, and a retry of it is refused
   * with the reason rather than holding up the retries behind it.
   */
  static String read(String text, byte[] deflated) {
    if (text != null || deflated == null) {
      return text;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 6);
      byte[] buffer = new byte[64 * 1024];
      while (!inflater.finished()) {
        int inflated = inflater.inflate(buffer);
        if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          LOG.warn("A deflated history payload ends early; it is shown as none");
          return null;
        }
        out.write(buffer, 0, inflated);
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      LOG.warn("A deflated history payload is corrupt ({}); it is shown as none", e.getMessage());
      return null;
    } finally {
      inflater.end();
    }
  }
}
