package io.syncbridge.graphql;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.web.ApiToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * WebSocket subscriptions at {@code /graphql} in both subprotocols, each by a handler of ours.
 * Replaces Spring Boot's own registration (left off by not setting {@code
 * spring.graphql.websocket.path}), which would close every legacy client with 4400, and whose
 * handler sends each subscription's events on its own, so that a connection could get events of two
 * subscriptions the other way round.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlWebSocketConfiguration {

  private static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

  static final String CONNECTIONS_METRIC = "graphql.websocket.connections";

  @Bean
  GraphQlWebSocketRouter graphQlWebSocketRouter(
      WebGraphQlHandler graphQlHandler,
      GraphQlSource graphQlSource,
      GraphQlProperties properties,
      SyncBridgeProperties settings,
      ApiToken token,
      MeterRegistry metrics) {
    ConnectionAuth auth = new ConnectionAuth(token);
    GraphQLObjectType subscriptionType = graphQlSource.schema().getSubscriptionType();
    var subscriptions =
        new SharedSubscriptions(
            settings.graphql().maxSubscriptionsPerConnection(),
            subscriptionType == null
                ? List.of()
                : subscriptionType.getFieldDefinitions().stream()
                    .map(GraphQLFieldDefinition::getName)
                    .toList(),
            metrics);
    var protocol =
        new GraphQlWsProtocol.Settings(
            properties.getWebsocket().getConnectionInitTimeout(),
            keepAlive(properties),
            settings.subscriberBuffer());
    GraphQlWebSocketRouter router =
        new GraphQlWebSocketRouter(
            new TransportWsHandler(graphQlHandler, auth, subscriptions, protocol),
            new LegacyGraphQlWsHandler(graphQlHandler, auth, subscriptions, protocol),
            settings.graphql().maxConnections());
    Gauge.builder(CONNECTIONS_METRIC, router, GraphQlWebSocketRouter::openConnections)
        .description("GraphQL WebSocket connections open on this instance, both subprotocols")
        .register(metrics);
    return router;
  }

  @Bean
  HandlerMapping graphQlWebSocketMapping(
      GraphQlWebSocketRouter router, SyncBridgeProperties settings) {
    var requestHandler =
        new WebSocketHttpRequestHandler(
            router, new DefaultHandshakeHandler(new UncompressedUpgradeStrategy()));
    requestHandler.setHandshakeInterceptors(
        List.of(new WebSocketOriginCheck(settings.websocket().allowedOrigins())));

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
