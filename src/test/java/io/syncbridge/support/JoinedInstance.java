package io.syncbridge.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole Sync Bridge in this JVM, joined to others through Redis: one instance of a multi-instance
 * deployment, for the tests across instances. Instances share a PostgreSQL schema when given one
 * (see {@link #sharedDatabase()}), else each has a SQLite file of its own.
 */
public final class JoinedInstance implements AutoCloseable {

  public static final String TOKEN = "cluster-token";
  private static final String CREATED_QUERY =
      "\"subscription { employeeCreated { id email fullName } }\"";

  private static final AtomicLong NEXT_EMPLOYEE_ID = new AtomicLong(100_000);

  private final ConfigurableApplicationContext context;

  private JoinedInstance(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /**
   * The database that all instances of a test share: a fresh PostgreSQL schema in the PostgreSQL
   * run, else null (SQLite is one machine's file: each instance then has its own).
   */
  public static String sharedDatabase() {
    return TestDatabase.isPostgres() ? TestDatabase.newPostgresSchema() : null;
  }

  /** The Redis to join instances through ({@link TestRedis}); skips without one. */
  public static String redisOrSkip() {
    String url = TestRedis.url();
    assumeTrue(url != null, "skipped: " + TestRedis.NONE);
    assumeTrue(TestRedis.answers(url), "skipped: no Redis answers at " + url);
    return url;
  }

  /**
   * Waits (up to 30 s) until this many instances are subscribed to the channel, as Redis counts
   * them: an instance subscribes after it has started, and again after Redis was away.
   */
  public static void awaitChannelSubscribers(String redisUrl, String channel, long instances) {
    RedisClient client = RedisClient.create(redisUrl);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .untilAsserted(
              () ->
                  assertThat(connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L))
                      .as("instances subscribed to " + channel)
                      .isEqualTo(instances));
    } finally {
      client.shutdown();
    }
  }

  public static JoinedInstance start(String redisUrl, String channel) {
    return start(redisUrl, channel, null);
  }

  /**
   * @param databaseUrl a PostgreSQL schema shared with other instances, or null for a SQLite file
   *     of this instance's own
   */
  public static JoinedInstance start(String redisUrl, String channel, String databaseUrl) {
    return start(redisUrl, channel, databaseUrl, List.of());
  }

  /**
   * @param settings more arguments, such as {@code --sync-bridge.jobs.directory=…}
   */
  public static JoinedInstance start(
      String redisUrl, String channel, String databaseUrl, List<String> settings) {
    // Arguments, so that they win over application.yml and the environment.
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--sync-bridge.auth-token=" + TOKEN);
    // Workers are driven by hand in tests.
    args.add("--sync-bridge.retry.enabled=false");
    args.add("--sync-bridge.jobs.enabled=false");
    args.addAll(settings);
    args.add("--sync-bridge.redis-url=" + redisUrl);
    args.add("--sync-bridge.redis-channel=" + channel);
    if (databaseUrl != null) {
      args.add("--spring.datasource.url=" + databaseUrl);
    } else {
      try {
        args.add(
            "--sync-bridge.db-path="
                + Files.createTempDirectory("sync-bridge-instance").resolve("db"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new JoinedInstance(
        new SpringApplicationBuilder(SyncBridgeApplication.class).run(args.toArray(String[]::new)));
  }

  public int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** A client of this instance that sends the token. */
  public HttpTestClient api() {
    return new HttpTestClient(port()).withHeader("x-auth-token", TOKEN);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** A graphql-transport-ws subscriber to employeeCreated, registered before it returns. */
  public WebSocketProbe subscribeToCreatedEmployees() throws Exception {
    WebSocketProbe probe = WebSocketProbe.connect(port(), List.of("graphql-transport-ws"));
    probe.send("{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"" + TOKEN + "\"}}");
    probe.next("connection_ack", 10);
    int open = OpenSubscriptions.created(bean(MeterRegistry.class));
    probe.send(
        "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":" + CREATED_QUERY + "}}");
    OpenSubscriptions.awaitCreated(bean(MeterRegistry.class), open + 1);
    return probe;
  }

  /** The same with the legacy graphql-ws (subscriptions-transport-ws) subprotocol. */
  public WebSocketProbe subscribeToCreatedEmployeesLegacy() throws Exception {
    WebSocketProbe probe = WebSocketProbe.connect(port(), List.of("graphql-ws"));
    probe.send("{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\"" + TOKEN + "\"}}");
    probe.next("connection_ack", 10);
    int open = OpenSubscriptions.created(bean(MeterRegistry.class));
    probe.send("{\"type\":\"start\",\"id\":\"1\",\"payload\":{\"query\":" + CREATED_QUERY + "}}");
    OpenSubscriptions.awaitCreated(bean(MeterRegistry.class), open + 1);
    return probe;
  }

  /**
   * Creates an employee through a REST sync on this instance, under an id no other instance of this
   * JVM uses: instances on SQLite files of their own would otherwise give two employees one id, and
   * a subscriber would take the second for a new life of the first (see EmployeeChangeOrder).
   */
  public void createEmployee(String email) {
    TestResponse response =
        api()
            .postJson(
                "/api/v1/sync",
                "{\"model\":\"employees\",\"data\":[{\"id\":"
                    + NEXT_EMPLOYEE_ID.incrementAndGet()
                    + ",\"employee_id\":\""
                    + email
                    + "\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\""
                    + email
                    + "\"}]}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  /**
   * Waits (up to 30 s) until health's details.events says this: an instance subscribes, and learns
   * that Redis is back, on its own schedule.
   */
  public void awaitEventsHealth(String expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(eventsHealth()).as("details.events").isEqualTo(expected));
  }

  /** Health's details.events; health stays 200 while events are local, the instance serves. */
  public String eventsHealth() {
    TestResponse health = new HttpTestClient(port()).get("/api/v1/healthz");
    assertThat(health.status()).isEqualTo(200);
    return health.json().at("/data/details/events").asString();
  }

  /** The subscriber's next event is the creation of the employee with this email. */
  public static void assertReceived(WebSocketProbe subscriber, String email) throws Exception {
    String type = "graphql-ws".equals(subscriber.acceptedProtocol()) ? "data" : "next";
    assertThat(subscriber.next(type, 10).at("/payload/data/employeeCreated/email").asString())
        .isEqualTo(email);
  }

  @Override
  public void close() {
    context.close();
  }

  /** Closes those of the instances that were started. */
  public static void closeAll(JoinedInstance... instances) {
    for (JoinedInstance instance : instances) {
      if (instance != null) {
        instance.close();
      }
    }
  }
}
