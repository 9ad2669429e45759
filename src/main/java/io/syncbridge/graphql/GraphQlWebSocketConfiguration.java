package io.syncbridge.graphql;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.web.ApiToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.server.HandshakeInterceptor;
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

  static final String CONNECTIONS_METRIC = "graphql.websocket.connections";

  /** Spring for GraphQL's handler: the {@code graphql-transport-ws} subprotocol. */
  @Bean
  GraphQlWebSocketHandler graphQlTransportWsHandler(
      WebGraphQlHandler graphQlHandler, JsonMapper jsonMapper, GraphQlProperties properties) {
    return new GraphQlWebSocketHandler(
        graphQlHandler,
        new JacksonJsonHttpMessageConverter(jsonMapper),
        properties.getWebsocket().getConnectionInitTimeout(),
        keepAlive(properties),
        null); // no Origin check of its own: WebSocketOriginCheck decides, for both subprotocols
  }

  @Bean
  GraphQlWebSocketRouter graphQlWebSocketRouter(
      GraphQlWebSocketHandler transportWs,
      WebGraphQlHandler graphQlHandler,
      GraphQlProperties properties,
      SyncBridgeProperties settings,
      ApiToken token,
      MeterRegistry metrics) {
    ConnectionAuth auth = new ConnectionAuth(token);
    GraphQlWebSocketRouter router =
        new GraphQlWebSocketRouter(
            new TransportWsGuard(transportWs, auth),
            new LegacyGraphQlWsHandler(
                graphQlHandler,
                auth,
                properties.getWebsocket().getConnectionInitTimeout(),
                keepAlive(properties)),
            settings.graphql().maxConnections());
    Gauge.builder(CONNECTIONS_METRIC, router, GraphQlWebSocketRouter::openConnections)
        .description("GraphQL WebSocket connections open on this instance, both subprotocols")
        .register(metrics);
    return router;
  }

  @Bean
  HandlerMapping graphQlWebSocketMapping(
      GraphQlWebSocketRouter router,
      GraphQlWebSocketHandler transportWs,
      SyncBridgeProperties settings) {
    var handshakeHandler = new DefaultHandshakeHandler();
    var requestHandler = new WebSocketHttpRequestHandler(router, handshakeHandler);
    var interceptors = new ArrayList<HandshakeInterceptor>();
    interceptors.add(new WebSocketOriginCheck(settings.websocket().allowedOrigins()));
    // Spring's handler needs the context its own handshake interceptor stores in the session.
    interceptors.addAll(
        transportWs.initWebSocketHttpRequestHandler(handshakeHandler).getHandshakeInterceptors());
    requestHandler.setHandshakeInterceptors(interceptors);

    WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
    mapping.setWebSocketUpgradeMatch(true);
    mapping.setUrlMap(Map.of(GraphQlHttpRoutes.PATH, requestHandler));
    // Ahead of the HTTP endpoint, and only for upgrade requests.
    mapping.setOrder(-2);
    return mapping;
  }

  private static Duration keepAlive(GraphQlProperties properties) {
    Duration keepAlive = properties.getWebsocket().getKeepAlive();
    return keepAlive != null ? keepAlive : DEFAULT_KEEP_ALIVE;
  }
}
