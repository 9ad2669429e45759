package io.syncbridge.graphql;

import io.syncbridge.web.ApiToken;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * WebSocket subscriptions at {@code /graphql} in both subprotocols. Replaces Spring Boot's own
 * registration (left off by not setting {@code spring.graphql.websocket.path}), which would close
 * every legacy client with 4400.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlWebSocketConfiguration {

  private static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

  @Bean
  HandlerMapping graphQlWebSocketMapping(
      WebGraphQlHandler graphQlHandler,
      JsonMapper jsonMapper,
      GraphQlProperties properties,
      ApiToken token) {
    Duration initTimeout = properties.getWebsocket().getConnectionInitTimeout();
    Duration keepAlive =
        properties.getWebsocket().getKeepAlive() != null
            ? properties.getWebsocket().getKeepAlive()
            : DEFAULT_KEEP_ALIVE;
    ConnectionAuth auth = new ConnectionAuth(token);
    var transportWs =
        new GraphQlWebSocketHandler(
            graphQlHandler,
            new JacksonJsonHttpMessageConverter(jsonMapper),
            initTimeout,
            keepAlive);
    var router =
        new GraphQlWebSocketRouter(
            new TransportWsGuard(transportWs, auth),
            new LegacyGraphQlWsHandler(graphQlHandler, auth, initTimeout, keepAlive));

    var handshakeHandler = new DefaultHandshakeHandler();
    var requestHandler = new WebSocketHttpRequestHandler(router, handshakeHandler);
    // Spring's handler needs the context its own handshake interceptor stores in the session.
    requestHandler.setHandshakeInterceptors(
        transportWs.initWebSocketHttpRequestHandler(handshakeHandler).getHandshakeInterceptors());

    WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
    mapping.setWebSocketUpgradeMatch(true);
    mapping.setUrlMap(Map.of(GraphQlHttpRoutes.PATH, requestHandler));
    // Ahead of the HTTP endpoint, and only for upgrade requests.
    mapping.setOrder(-2);
    return mapping;
  }
}
