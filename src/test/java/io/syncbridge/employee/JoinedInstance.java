package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.SyncBridgeApplication;
import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.TestResponse;
import io.syncbridge.support.WebSocketProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole Sync Bridge in this JVM, on a SQLite file of its own, joined to others through Redis: one
 * instance of a multi-instance deployment, for the tests of events across instances.
 */
final class JoinedInstance implements AutoCloseable {

  static final String TOKEN = "cluster-token";
  private static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":"
          + "\"subscription { employeeCreated { id email fullName } }\"}}";

  private final ConfigurableApplicationContext context;

  private JoinedInstance(ConfigurableApplicationContext context) {
    this.context = context;
  }

  static JoinedInstance start(String redisUrl, String channel) throws IOException {
    Path database = Files.createTempDirectory("sync-bridge-instance").resolve("db");
    // Arguments, so that they win over application.yml and the environment.
    return new JoinedInstance(
        new SpringApplicationBuilder(SyncBridgeApplication.class)
            .run(
                "--server.port=0",
                "--sync-bridge.auth-token=" + TOKEN,
                "--sync-bridge.db-path=" + database,
                "--sync-bridge.retry.enabled=false",
                "--sync-bridge.redis-url=" + redisUrl,
                "--sync-bridge.redis-channel=" + channel));
  }

  int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** A graphql-transport-ws subscriber to employeeCreated, registered before it returns. */
  WebSocketProbe subscribeToCreatedEmployees() throws Exception {
    WebSocketProbe probe = WebSocketProbe.connect(port(), List.of("graphql-transport-ws"));
    probe.send("{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"" + TOKEN + "\"}}");
    probe.next("connection_ack", 10);
    probe.send(SUBSCRIBE);
    Thread.sleep(300); // the subscription is registered before anything is published
    return probe;
  }

  /** Creates an employee through a REST sync on this instance. */
  void createEmployee(String email) {
    TestResponse response =
        new HttpTestClient(port())
            .withHeader("x-auth-token", TOKEN)
            .postJson(
                "/api/v1/sync",
                "{\"model\":\"employees\",\"data\":[{\"employee_id\":\""
                    + email
                    + "\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\""
                    + email
                    + "\"}]}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  /** Health's details.events; health stays 200 while events are local, the instance serves. */
  String eventsHealth() {
    TestResponse health = new HttpTestClient(port()).get("/api/v1/healthz");
    assertThat(health.status()).isEqualTo(200);
    return health.json().at("/data/details/events").asString();
  }

  static void assertReceived(WebSocketProbe subscriber, String email) throws Exception {
    assertThat(subscriber.next("next", 10).at("/payload/data/employeeCreated/email").asString())
        .isEqualTo(email);
  }

  @Override
  public void close() {
    context.close();
  }
}
