package io.syncbridge.graphql;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.Extension;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.standard.StandardWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.standard.ServerEndpointRegistration;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * The servlet container's upgrade, without {@code permessage-deflate}. Tomcat grants it to every
 * client that asks (browsers and Node's {@code ws} do), and Spring has no switch for it: the
 * container negotiates extensions itself, through the endpoint's configurator. GraphQL messages
 * here are a few hundred bytes; deflating each one cost the server more CPU per subscription event
 * than rendering it, and each connection kept a zlib stream (docs/performance.md, "Subscription
 * fan-out").
 */
final class UncompressedUpgradeStrategy extends StandardWebSocketUpgradeStrategy {

  @Override
  public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
    return List.of();
  }

  @Override
  public void upgrade(
      ServerHttpRequest request,
      ServerHttpResponse response,
      String selectedProtocol,
      List<WebSocketExtension> selectedExtensions,
      Principal user,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    var session =
        new StandardWebSocketSession(
            HttpHeaders.copyOf(request.getHeaders()),
            attributes,
            localAddress(request),
            remoteAddress(request),
            user);
    HttpServletRequest servletRequest = getHttpServletRequest(request);
    var endpoint =
        new ServerEndpointRegistration(
            servletRequest.getRequestURI(), new StandardWebSocketHandlerAdapter(handler, session)) {
          @Override
          public List<Extension> getNegotiatedExtensions(
              List<Extension> installed, List<Extension> requested) {
            return List.of();
          }
        };
    endpoint.setSubprotocols(selectedProtocol == null ? List.of() : List.of(selectedProtocol));
    try {
      getContainer(servletRequest)
          .upgradeHttpToWebSocket(
              servletRequest, getHttpServletResponse(response), endpoint, Map.of());
    } catch (Exception e) {
      throw new HandshakeFailureException("Failed to upgrade " + request.getURI(), e);
    }
  }

  private static InetSocketAddress localAddress(ServerHttpRequest request) {
    try {
      return request.getLocalAddress();
    } catch (RuntimeException e) {
      return null; // not known to every container
    }
  }

  private static InetSocketAddress remoteAddress(ServerHttpRequest request) {
    try {
      return request.getRemoteAddress();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
