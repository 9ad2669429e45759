package io.syncbridge.graphql;

import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Names, in each GraphQL request's context, the WebSocket connection it came on (either
 * subprotocol), so that the subscriptions of one connection can be fed by one worker and so keep
 * the order of their events between them.
 */
@Component
public class WebSocketConnections implements WebGraphQlInterceptor {

  /** The context key; its value is the connection's id, absent for requests over HTTP. */
  public static final String CONTEXT_KEY = "io.syncbridge.webSocketConnection";

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    if (request instanceof WebSocketGraphQlRequest webSocket) {
      String connection = webSocket.getSessionInfo().getId();
      request.configureExecutionInput(
          (input, builder) -> builder.graphQLContext(Map.of(CONTEXT_KEY, connection)).build());
    }
    return chain.next(request);
  }
}
