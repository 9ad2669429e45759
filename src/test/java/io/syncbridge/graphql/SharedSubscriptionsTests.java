package io.syncbridge.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import reactor.core.Disposables;
import reactor.core.publisher.Sinks;

class SharedSubscriptionsTests {

  private static final String QUERY = "subscription { employeeCreated { employeeId } }";
  private static final String OPERATION = "{\"query\":\"" + QUERY + "\"}";

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final SharedSubscriptions subscriptions =
      new SharedSubscriptions(10, List.of("employeeCreated", "employeeDeleted"), metrics);
  private final GraphQlWsProtocol transportWs =
      new TransportWsHandler(
          null, null, subscriptions, new GraphQlWsProtocol.Settings(null, null, 100));
  private final GraphQlWsProtocol legacyWs =
      new LegacyGraphQlWsHandler(
          null, null, subscriptions, new GraphQlWsProtocol.Settings(null, null, 100));
  private final Sinks.Many<ExecutionResult> source = Sinks.many().multicast().directBestEffort();
  private final List<GraphQlConnection> connections = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    connections.forEach(GraphQlConnection::dispose);
  }

  /**
   * A connection with room for {@code buffer} waiting events, whose client reads once {@code
   * reading} is open; what it was sent is in {@code sent}.
   */
  private GraphQlConnection connection(List<String> sent, CountDownLatch reading, int buffer)
      throws Exception {
    WebSocketSession session = mock(WebSocketSession.class);
    when(session.getAttributes()).thenReturn(new ConcurrentHashMap<>());
    when(session.isOpen()).thenReturn(true);
    doAnswer(
            call -> {
              reading.await();
              sent.add(((TextMessage) call.getArgument(0)).getPayload());
              return null;
            })
        .when(session)
        .sendMessage(any());
    GraphQlConnection connection = GraphQlConnection.open(session, buffer);
    connections.add(connection);
    return connection;
  }

  private SharedSubscriptions.Subscriber subscriber(
      GraphQlWsProtocol protocol, GraphQlConnection connection, String id) {
    connection.operations.put(id, Disposables.swap()); // as the transport does before it runs one
    return new SharedSubscriptions.Subscriber(protocol, connection, id);
  }

  private static ExecutionResult created(int n) {
    return ExecutionResultImpl.newExecutionResult()
        .data(Map.of("employeeCreated", Map.of("employeeId", "E" + n)))
        .build();
  }

  private double open() {
    return metrics
        .get(SharedSubscriptions.OPEN_METRIC)
        .tag("subscription", "employeeCreated")
        .gauge()
        .value();
  }

  @Test
  void subscribersOfOneOperationShareOneExecutionAndGetItsEventsUnderTheirOwnIds()
      throws Exception {
    CountDownLatch reads = new CountDownLatch(0);
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    GraphQlConnection one = connection(first, reads, 100);
    GraphQlConnection other = connection(second, reads, 100);

    subscriptions.start(OPERATION, QUERY, null, source.asFlux(), subscriber(transportWs, one, "a"));
    assertThat(subscriptions.joinRunning(OPERATION, subscriber(transportWs, other, "b"))).isTrue();
    assertThat(subscriptions.joinRunning(OPERATION, subscriber(legacyWs, other, "c"))).isTrue();
    assertThat(subscriptions.executions()).isEqualTo(1);
    assertThat(source.currentSubscriberCount()).as("one execution, subscribed once").isEqualTo(1);
    assertThat(open()).isEqualTo(3);

    source.tryEmitNext(created(1));

    String payload = "{\"data\":{\"employeeCreated\":{\"employeeId\":\"E1\"}}}";
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(first)
                  .containsExactly("{\"id\":\"a\",\"type\":\"next\",\"payload\":" + payload + "}");
              assertThat(second)
                  .containsExactly(
                      "{\"id\":\"b\",\"type\":\"next\",\"payload\":" + payload + "}",
                      "{\"type\":\"data\",\"id\":\"c\",\"payload\":" + payload + "}");
            });

    // Stopped by the client, closed with the connection: the last one out ends the execution.
    one.operations.remove("a").dispose();
    assertThat(open()).isEqualTo(2);
    assertThat(source.currentSubscriberCount()).isEqualTo(1);
    other.dispose();
    assertThat(open()).isZero();
    assertThat(subscriptions.executions()).isZero();
    assertThat(source.currentSubscriberCount()).isZero();
  }

  @Test
  void aConnectionThatFallsBehindHasItsSubscriptionsEndedWithoutHoldingUpTheOthers()
      throws Exception {
    CountDownLatch stalledReads = new CountDownLatch(1);
    List<String> stalledGot = new CopyOnWriteArrayList<>();
    List<String> readerGot = new CopyOnWriteArrayList<>();
    GraphQlConnection stalled = connection(stalledGot, stalledReads, 4);
    GraphQlConnection reader = connection(readerGot, new CountDownLatch(0), 100);
    subscriptions.start(
        OPERATION, QUERY, null, source.asFlux(), subscriber(transportWs, stalled, "s"));
    subscriptions.joinRunning(OPERATION, subscriber(transportWs, reader, "r"));

    for (int n = 1; n <= 12; n++) {
      source.tryEmitNext(created(n));
    }

    // The publisher went on, and the reading connection got everything.
    await().atMost(Duration.ofSeconds(5)).until(() -> readerGot.size() == 12);
    assertThat(stalledGot).isEmpty();
    assertThat(open()).as("the stalled connection's subscription ended").isEqualTo(1);

    // Catching up, the stalled one gets what was waiting for it (its buffer of 4, and the one its
    // thread was sending when it stalled, if it had taken it), then learns it was dropped.
    stalledReads.countDown();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> stalledGot.stream().anyMatch(m -> m.contains("\"error\"")));
    List<String> events = stalledGot.subList(0, stalledGot.size() - 1);
    assertThat(events).hasSizeBetween(4, 5).allMatch(m -> m.contains("\"type\":\"next\""));
    assertThat(events.get(0)).contains("\"E1\"");
    assertThat(stalledGot.get(stalledGot.size() - 1))
        .startsWith("{\"id\":\"s\",\"type\":\"error\"")
        .contains("Subscriber too slow: too many events waiting; subscription ended")
        .contains("SLOW_SUBSCRIBER");
    assertThat(stalled.operations).doesNotContainKey("s");

    source.tryEmitNext(created(13));
    await().atMost(Duration.ofSeconds(5)).until(() -> readerGot.size() == 13);
    assertThat(stalledGot).last().asString().contains("\"error\"");
  }
}
