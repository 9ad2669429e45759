package io.syncbridge.graphql;

import io.syncbridge.SyncBridgeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What one client may ask of GraphQL: operation depth and cost, on every transport. Connections per
 * instance and subscriptions per connection are bounded where they are accepted, in {@link
 * GraphQlWebSocketConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlLimitsConfiguration {

  @Bean
  QueryLimits queryLimits(SyncBridgeProperties properties) {
    return new QueryLimits(
        properties.graphql().maxQueryDepth(), properties.graphql().maxQueryComplexity());
  }
}
