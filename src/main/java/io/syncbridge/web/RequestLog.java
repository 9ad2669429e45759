package io.syncbridge.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One log line per request, when it is answered: {@code name} (the route's {@link OperationName},
 * else its path pattern, else {@code http}), {@code method}, {@code path} (without the query
 * string, which may carry anything), {@code status}, {@code duration_ms}, and the request id that
 * every line of the request carries. Headers and bodies are never logged, so neither is the token.
 */
final class RequestLog extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger("sync_bridge.request");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long started = System.nanoTime();
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      if (request.isAsyncStarted()) {
        // GraphQL over HTTP answers asynchronously: logged when the answer is complete.
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        request.getAsyncContext().addListener(new LogOnCompletion(request, started, requestId));
      } else {
        write(request, failed ? 500 : response.getStatus(), started);
      }
    }
  }

  private static void write(HttpServletRequest request, int status, long started) {
    Object name = request.getAttribute(OperationMetrics.NAME);
    if (name == null) {
      name = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    }
    log.atInfo()
        .setMessage("{} {} {}")
        .addArgument(request::getMethod)
        .addArgument(request::getRequestURI)
        .addArgument(status)
        .addKeyValue("name", name == null ? "http" : name.toString())
        .addKeyValue("method", request.getMethod())
        .addKeyValue("path", request.getRequestURI())
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", (System.nanoTime() - started) / 1_000_000)
        .log();
  }

  private record LogOnCompletion(HttpServletRequest request, long started, String requestId)
      implements AsyncListener {

    @Override
    public void onComplete(AsyncEvent event) {
      MDC.put(RequestIdFilter.MDC_KEY, requestId);
      try {
        write(request, ((HttpServletResponse) event.getSuppliedResponse()).getStatus(), started);
      } finally {
        MDC.remove(RequestIdFilter.MDC_KEY);
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
