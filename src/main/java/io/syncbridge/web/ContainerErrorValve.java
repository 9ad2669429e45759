package io.syncbridge.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat answers some requests itself, before any filter or servlet runs: a URI it cannot decode or
 * normalise, a malformed Host header. Its default page for those is HTML; this valve writes the
 * envelope instead.
 */
final class ContainerErrorValve extends ErrorReportValve {

  private final JsonMapper jsonMapper;

  ContainerErrorValve(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    HttpStatusCode code = HttpStatusCode.valueOf(status);
    byte[] body =
        jsonMapper.writeValueAsBytes(
            ApiResponse.error(code, ApiExceptionHandler.reasonPhrase(code)));
    try {
      if (response.getHeader(RequestIdFilter.HEADER) == null) {
        response.setHeader(
            RequestIdFilter.HEADER,
            RequestIdFilter.sanitize(request.getHeader(RequestIdFilter.HEADER)));
      }
      SecurityHeaders.apply(request.getRequestURI(), response);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response is committed: nothing more can be sent.
    }
  }
}
