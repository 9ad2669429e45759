package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Clients that send their headers or body slowly, or stop halfway, are cut off after the connection
 * timeout (5 s here, 10 s by default) and meanwhile do not keep others from being served.
 */
@TestPropertySource(properties = "server.tomcat.connection-timeout=5s")
class SlowClientIntegrationTests extends IntegrationTest {

  @LocalServerPort private int port;

  @Test
  void stalledClientsAreCutOffWhileOthersAreServed() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        stalled.add(send("POST /api/v1/sync HTTP/1.1\r\nHost: localhost\r\nx-auth-"));
      }
      // An upload that stops after 10 of its 1,000 bytes.
      stalled.add(
          send(
              "POST /api/v1/sync HTTP/1.1\r\nHost: localhost\r\nx-auth-token: "
                  + TOKEN
                  + "\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n"
                  + "{\"model\":"));

      assertThat(anonymous.get("/api/v1/healthz").status()).isEqualTo(200);
      // Answered while the stalled clients were still connected, not once they were cut off: the
      // first of them is cut off first.
      assertThat(closedByServerWithin(stalled.get(0), Duration.ofMillis(1))).isFalse();

      for (Socket socket : stalled) {
        assertThat(closedByServerWithin(socket, Duration.ofSeconds(15))).isTrue();
      }
      assertThat(count("sync_history")).isZero();
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  private Socket send(String partialRequest) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.getOutputStream().write(partialRequest.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** True when the server closes the connection (after an error answer, if any) in time. */
  private static boolean closedByServerWithin(Socket socket, Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    InputStream in = socket.getInputStream();
    try {
      while (in.read() != -1) {
        // An error answer may come first; the end of the stream is what counts.
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }
}
