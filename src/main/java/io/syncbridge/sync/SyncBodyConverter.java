package io.syncbridge.sync;

import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.record.RecordError;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Reads a sync request body for {@code @RequestBody SyncBody}: one buffer of the declared length,
 * which the sync reads in place (see {@link SyncBody}) instead of a tree of every record. Malformed
 * JSON whose cause is known is answered like a field error, in its record when in one.
 */
final class SyncBodyConverter extends AbstractHttpMessageConverter<SyncBody> {

  private final SyncBodyReader reader;

  SyncBodyConverter(SyncBodyReader reader) {
    super(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
    this.reader = reader;
  }

  @Override
  protected boolean supports(Class<?> type) {
    return type == SyncBody.class;
  }

  @Override
  protected boolean canWrite(MediaType mediaType) {
    return false;
  }

  @Override
  protected SyncBody readInternal(Class<? extends SyncBody> type, HttpInputMessage input)
      throws IOException {
    InputStream in = input.getBody();
    long length = input.getHeaders().getContentLength();
    byte[] bytes =
        length >= 0 && length < Integer.MAX_VALUE ? in.readNBytes((int) length) : in.readAllBytes();
    try {
      return reader.read(bytes);
    } catch (MalformedBodyException e) {
      if (e.reason() == null) {
        throw new HttpMessageNotReadableException(e.getMessage(), e, input);
      }
      throw new InvalidRequestException(
          e.getMessage(),
          Map.of(e.field(), e.reason()),
          e.index() < 0 ? null : List.of(new RecordError(e.index(), e.field(), e.reason())));
    }
  }

  @Override
  protected void writeInternal(SyncBody body, HttpOutputMessage output) {
    throw new UnsupportedOperationException("A sync body is read, never written");
  }
}
