package io.syncbridge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every response, set before the request is handled so that errors, 401s and
 * 413s carry them too. Also on error dispatches: the answers Tomcat gives through the error page
 * without running the filters first ({@code /META-INF/}, {@code /WEB-INF/}, {@code TRACE}) have
 * only that dispatch to get them. API answers may not be framed, sniffed, cached or run as a page;
 * the console, GraphiQL and Swagger UI pages and their assets (served from the app itself, never a
 * CDN) may load their own scripts, styles and WebSocket.
 */
final class SecurityHeaders extends OncePerRequestFilter {

  static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
  static final String PAGE_POLICY =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
          + " font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    apply(request.getRequestURI(), response);
    chain.doFilter(request, response);
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  /** Also used for the errors Tomcat answers before any filter runs. */
  static void apply(String uri, HttpServletResponse response) {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    boolean page =
        uri != null
            && (uri.startsWith("/graphiql/")
                || uri.startsWith("/swagger-ui")
                || uri.equals("/")
                || uri.startsWith("/console")
                || uri.startsWith("/webjars/")
                || uri.equals("/graphql"));
    response.setHeader("Content-Security-Policy", page ? PAGE_POLICY : API_POLICY);
    if (!page) {
      response.setHeader("Cache-Control", "no-store");
    }
  }
}
