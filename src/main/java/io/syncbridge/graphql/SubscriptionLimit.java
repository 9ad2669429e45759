package io.syncbridge.graphql;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionPublisherException;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * At most {@code max} subscriptions open on one WebSocket connection, in both subprotocols. One
 * more gets an error for its id (graphql-transport-ws {@code error}, legacy {@code error}), as a
 * subscription that fails does, and the connection and its other subscriptions carry on. A slot is
 * taken when the subscription's stream is handed to the transport and given back when that stream
 * ends for any reason: completed by the client, ended by the server, failed, or its connection
 * closed. Queries and mutations over the socket are not counted: they end with their one result.
 */
final class SubscriptionLimit implements WebGraphQlInterceptor {

  private static final String OPEN = SubscriptionLimit.class.getName() + ".open";

  private final int max;

  SubscriptionLimit(int max) {
    this.max = max;
  }

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    if (!(request instanceof WebSocketGraphQlRequest webSocketRequest)) {
      return chain.next(request);
    }
    return chain
        .next(request)
        .map(
            response -> {
              if (!(response.getData() instanceof Publisher<?> events)) {
                return response;
              }
              // The connection's attributes live and die with it, and both subprotocol handlers
              // expose the same map.
              AtomicInteger open =
                  (AtomicInteger)
                      webSocketRequest
                          .getSessionInfo()
                          .getAttributes()
                          .computeIfAbsent(OPEN, key -> new AtomicInteger());
              if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                return response.transform(builder -> builder.data(refusal()));
              }
              return response.transform(
                  builder ->
                      builder.data(Flux.from(events).doFinally(signal -> open.decrementAndGet())));
            });
  }

  private Flux<ExecutionResult> refusal() {
    return Flux.error(
        new SubscriptionPublisherException(
            List.of(
                GraphqlErrorBuilder.newError()
                    .message(
                        "Too many subscriptions on this connection: at most "
                            + max
                            + " may be open at once; complete one before starting another")
                    .errorType(ErrorType.BAD_REQUEST)
                    .extensions(Map.of(ErrorCode.KEY, ErrorCode.BAD_USER_INPUT.name()))
                    .build()),
            null));
  }
}
