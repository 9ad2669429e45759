package io.syncbridge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies larger than the configured limit with 413: at once when {@code Content-Length}
 * says so, and while reading when a chunked body grows past it.
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final EnvelopeWriter envelopeWriter;

  BodySizeLimitFilter(long maxBytes, EnvelopeWriter envelopeWriter) {
    this.maxBytes = maxBytes;
    this.envelopeWriter = envelopeWriter;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (isJobUpload(request)) {
      // A sync job's data streams to disk, never into memory, under the job's own limit.
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > maxBytes) {
      envelopeWriter.write(
          response,
          ApiResponse.error(
              HttpStatus.CONTENT_TOO_LARGE, PayloadTooLargeException.message(maxBytes)),
          request);
      return;
    }
    chain.doFilter(new LimitedRequest(request, maxBytes), response);
  }

  private static boolean isJobUpload(HttpServletRequest request) {
    String path = request.getServletPath();
    return "PUT".equals(request.getMethod())
        && path.startsWith("/api/v1/sync-jobs/")
        && path.endsWith("/data");
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {

    private final long maxBytes;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedInputStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class LimitedInputStream extends ServletInputStream {

    private final ServletInputStream delegate;
    private final long maxBytes;
    private long read;

    LimitedInputStream(ServletInputStream delegate, long maxBytes) {
      this.delegate = delegate;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = delegate.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws PayloadTooLargeException {
      read += n;
      if (read > maxBytes) {
        throw new PayloadTooLargeException(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }
  }
}
