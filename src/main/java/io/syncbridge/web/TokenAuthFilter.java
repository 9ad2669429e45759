package io.syncbridge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through only when its {@code x-auth-token} header is the token, except for the few
 * public routes. Anything else, whatever its method or path spelling, gets the 401 envelope.
 */
final class TokenAuthFilter extends OncePerRequestFilter {

  static final String HEADER = "x-auth-token";
  private static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/healthz");

  private final ApiToken token;
  private final EnvelopeWriter envelopeWriter;

  TokenAuthFilter(ApiToken token, EnvelopeWriter envelopeWriter) {
    this.token = token;
    this.envelopeWriter = envelopeWriter;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (isPublic(request) || token.matches(request.getHeader(HEADER))) {
      chain.doFilter(request, response);
    } else {
      envelopeWriter.write(
          response, ApiResponse.error(HttpStatus.UNAUTHORIZED, "Access Denied"), request);
    }
  }

  /**
   * Decided on the servlet path, which the container has already decoded and normalised (dot
   * segments, duplicate slashes and {@code ;params} removed). Only the exact spelling is public:
   * any variant is treated as protected, which errs on the safe side.
   */
  private static boolean isPublic(HttpServletRequest request) {
    String path = request.getServletPath();
    if (request.getPathInfo() != null) {
      path += request.getPathInfo();
    }
    return PUBLIC_PATHS.contains(path);
  }
}
