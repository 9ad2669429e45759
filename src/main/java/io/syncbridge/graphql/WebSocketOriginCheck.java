package io.syncbridge.graphql;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.WebUtils;

/**
 * Which pages may open the GraphQL WebSocket: a handshake without {@code Origin} (a client that is
 * not a browser: browsers always send it), one from the service's own origin (its console and
 * GraphiQL), or one from an origin listed in {@code sync-bridge.websocket.allowed-origins} (exact
 * origins or patterns such as {@code https://*.example.com}). Any other is refused with 403 before
 * the upgrade.
 *
 * <p>The token in {@code connection_init} is what protects the subscriptions; this check keeps
 * other sites' pages from opening connections at all, so that a page a user happens to visit cannot
 * hold connections or probe the protocol from that user's browser.
 */
final class WebSocketOriginCheck implements HandshakeInterceptor {

  private static final Logger log = LoggerFactory.getLogger(WebSocketOriginCheck.class);

  private final CorsConfiguration allowed = new CorsConfiguration();

  WebSocketOriginCheck(List<String> allowedOrigins) {
    allowed.setAllowedOriginPatterns(allowedOrigins);
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    String origin = request.getHeaders().getOrigin();
    // Same origin is decided on the request as this server sees it: behind a proxy that ends TLS,
    // that is http while the page's origin is https, unless forwarded headers are honoured.
    if (origin == null || WebUtils.isSameOrigin(request) || allowed.checkOrigin(origin) != null) {
      return true;
    }
    log.info(
        "WebSocket handshake refused: Origin {} is neither this service's own nor in"
            + " sync-bridge.websocket.allowed-origins",
        origin);
    response.setStatusCode(HttpStatus.FORBIDDEN);
    return false;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Exception exception) {}
}
