package io.syncbridge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code x-request-id} when it sent a usable one, else a
 * fresh UUID. The id goes into the response header and into the logging MDC, so every log line
 * written while serving the request carries it.
 */
final class RequestIdFilter extends OncePerRequestFilter {

  static final String HEADER = "x-request-id";
  static final String MDC_KEY = "request_id";
  private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";
  private static final int MAX_LENGTH = 128;

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // An error dispatch of the same request keeps the id it was given first.
    String id = (String) request.getAttribute(ATTRIBUTE);
    if (id == null) {
      id = sanitize(request.getHeader(HEADER));
      request.setAttribute(ATTRIBUTE, id);
      response.setHeader(HEADER, id);
    }
    MDC.put(MDC_KEY, id);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  /**
   * Keeps only characters that cannot forge log lines or headers, at most 128 of them; an id with
   * nothing left is replaced by a new UUID.
   */
  static String sanitize(String callerId) {
    if (callerId != null) {
      StringBuilder kept = new StringBuilder(Math.min(callerId.length(), MAX_LENGTH));
      for (int i = 0; i < callerId.length() && kept.length() < MAX_LENGTH; i++) {
        char c = callerId.charAt(i);
        if (isSafe(c)) {
          kept.append(c);
        }
      }
      if (!kept.isEmpty()) {
        return kept.toString();
      }
    }
    return UUID.randomUUID().toString();
  }

  private static boolean isSafe(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-_.:/+=@".indexOf(c) >= 0;
  }
}
