package io.syncbridge.graphql;

import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Puts the {@link SubscriptionChannel} of the WebSocket connection a request came on (either
 * subprotocol) into its GraphQL context, where subscription data fetchers find it.
 */
@Component
class SubscriptionChannelContext implements WebGraphQlInterceptor {

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    if (request instanceof WebSocketGraphQlRequest webSocket) {
      GraphQlConnection connection =
          GraphQlConnection.of(webSocket.getSessionInfo().getAttributes());
      if (connection != null) {
        request.configureExecutionInput(
            (input, builder) ->
                builder
                    .graphQLContext(Map.of(SubscriptionChannel.CONTEXT_KEY, connection))
                    .build());
      }
    }
    return chain.next(request);
  }
}
