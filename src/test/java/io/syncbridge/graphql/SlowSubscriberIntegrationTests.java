package io.syncbridge.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.OpenSubscriptions;
import io.syncbridge.support.SqliteOnly;
import io.syncbridge.support.TestResponse;
import io.syncbridge.support.WebSocketProbe;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A subscriber that stops reading: its connection's thread blocks on the full socket, the events
 * for it wait in its own queue, and the send timeout closes the connection; meanwhile every other
 * subscriber gets every event and syncs answer as usual. (A connection that falls more than the
 * buffer behind has its subscriptions ended: EmployeeEventsTests.)
 */
@SqliteOnly
class SlowSubscriberIntegrationTests extends IntegrationTest {

  private static final int BATCHES = 6;
  private static final int PER_BATCH = 1000;

  @Autowired private MeterRegistry metrics;

  @Test
  void aSubscriberThatStopsReadingIsClosedWithoutHoldingUpTheOthers() throws Exception {
    OpenSubscriptions.awaitCreated(metrics, 0);
    try (Socket stalled = new Socket();
        WebSocketProbe reading = WebSocketProbe.connect(port(), List.of("graphql-transport-ws"))) {
      // A small window, and then nothing read: the server's sends to it soon block.
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", port()));
      upgrade(stalled);
      sendText(stalled, INIT);
      sendText(stalled, SUBSCRIBE);
      reading.send(INIT);
      reading.next("connection_ack", 5);
      reading.send(SUBSCRIBE);
      OpenSubscriptions.awaitCreated(metrics, 2);

      long started = System.nanoTime();
      for (int batch = 0; batch < BATCHES; batch++) {
        TestResponse response = sync("employees", employees(batch));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
      }
      for (int i = 0; i < BATCHES * PER_BATCH; i++) {
        reading.next("next", 10);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("the reading subscriber got every event while the other one stalled")
          .isLessThan(Duration.ofSeconds(10));

      // The stalled one's connection goes once a send to it has waited out the timeout, its
      // subscription with it.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  metrics.find(GraphQlWebSocketConfiguration.CONNECTIONS_METRIC).gauge().value()
                      == 1);
      OpenSubscriptions.awaitCreated(metrics, 1);
      assertThat(reading.pendingPayloadMessages()).isEmpty();
    }
  }

  private static final String INIT =
      "{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"" + TOKEN + "\"}}";
  private static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"subscription {"
          + " employeeCreated { id employeeId firstName lastName email jobTitle department } }\"}}";

  /** Employees with long names, so that the socket fills up soon. */
  private static String employees(int batch) {
    String filler = "x".repeat(120);
    return IntStream.range(0, PER_BATCH)
        .mapToObj(
            i ->
                "{\"employee_id\":\"E"
                    + batch
                    + "-"
                    + i
                    + "\",\"first_name\":\""
                    + filler
                    + "\",\"last_name\":\""
                    + filler
                    + "\",\"job_title\":\""
                    + filler
                    + "\",\"email\":\"slow-"
                    + batch
                    + "-"
                    + i
                    + "@example.com\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  private void upgrade(Socket socket) throws Exception {
    assertThat(GraphQlWebSocketTesting.upgrade(socket, port(), "graphql-transport-ws"))
        .startsWith("HTTP/1.1 101");
  }

  /** A masked text frame, as a client must send it. */
  private static void sendText(Socket socket, String text) throws Exception {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    OutputStream out = socket.getOutputStream();
    out.write(0x81);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else {
      out.write(0x80 | 126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xFF);
    }
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    out.flush();
  }
}
