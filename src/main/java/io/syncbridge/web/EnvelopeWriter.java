package io.syncbridge.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes the envelope from filters, which run before Spring MVC's message converters. */
final class EnvelopeWriter {

  private final JsonMapper jsonMapper;

  EnvelopeWriter(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  void write(HttpServletResponse response, ApiResponse<?> body, HttpServletRequest request)
      throws IOException {
    write(response, body.status(), body, request);
  }

  void write(HttpServletResponse response, int status, Object body, HttpServletRequest request)
      throws IOException {
    response.setStatus(status);
    if ("HEAD".equalsIgnoreCase(request.getMethod())) {
      return;
    }
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    byte[] bytes = jsonMapper.writeValueAsBytes(body);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
