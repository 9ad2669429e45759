package io.syncbridge.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.TimeUnit;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Times every route that has an {@link OperationName}: a timer of that name tagged {@code outcome}
 * ({@code success}, {@code client_error}, {@code server_error}), and the name kept on the request
 * for its log line.
 */
final class OperationMetrics implements HandlerInterceptor {

  /** The request attribute holding the operation's name, read by {@link RequestLog}. */
  static final String NAME = OperationMetrics.class.getName() + ".name";

  private static final String STARTED = OperationMetrics.class.getName() + ".started";

  private final MeterRegistry registry;

  OperationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (handler instanceof HandlerMethod method) {
      OperationName name = method.getMethodAnnotation(OperationName.class);
      if (name != null) {
        request.setAttribute(NAME, name.value());
        request.setAttribute(STARTED, System.nanoTime());
      }
    }
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    if (request.getAttribute(STARTED) instanceof Long started
        && request.getAttribute(NAME) instanceof String name) {
      // An exception still unhandled here becomes a 500.
      int status = ex != null ? 500 : response.getStatus();
      Timer.builder(name)
          .tag(
              "outcome",
              status >= 500 ? "server_error" : status >= 400 ? "client_error" : "success")
          .register(registry)
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }
}
