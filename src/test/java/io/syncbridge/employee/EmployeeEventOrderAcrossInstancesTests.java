package io.syncbridge.employee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.support.JoinedInstance;
import io.syncbridge.support.PostgresOnly;
import io.syncbridge.support.TestResponse;
import io.syncbridge.support.WebSocketProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances on one PostgreSQL, joined by Redis, change the same employees at the same moment:
 * each employee is created through a REST sync on one instance while updates and a deletion of it
 * run through GraphQL on both. Every change commits in the order the row's lock gives it, and is
 * published by whichever thread committed it, so publications of one employee race each other.
 * Every subscriber, on either instance and with either subprotocol, must see each employee's
 * changes exactly as they were committed: in that order, each once, none missing.
 *
 * <p>What was committed, in which order, is taken from the database itself: a trigger of this test
 * logs every write of an employee with a sequence number drawn under the row's lock.
 */
@PostgresOnly
class EmployeeEventOrderAcrossInstancesTests {

  private static final int EMPLOYEES = 30;
  private static final int EMPLOYEES_AT_ONCE = 3;
  private static final int UPDATES_PER_EMPLOYEE = 4;
  private static final long FIRST_ID = 1000;

  private static JoinedInstance first;
  private static JoinedInstance second;

  @BeforeAll
  static void twoInstancesOnOneDatabase() {
    String redisUrl = JoinedInstance.redisOrSkip();
    String channel = "sync-bridge-test:" + UUID.randomUUID();
    String database = JoinedInstance.sharedDatabase();
    first = JoinedInstance.start(redisUrl, channel, database);
    second = JoinedInstance.start(redisUrl, channel, database);
    JoinedInstance.awaitChannelSubscribers(redisUrl, channel, 2);
    first.awaitEventsHealth("redis");
    second.awaitEventsHealth("redis");
    JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
    jdbc.execute(
        "CREATE TABLE employee_write_log (seq BIGSERIAL PRIMARY KEY, employee BIGINT NOT NULL,"
            + " op TEXT NOT NULL, last_modified BIGINT)");
    jdbc.execute(
        "CREATE FUNCTION log_employee_write() RETURNS trigger AS $$ BEGIN"
            + " IF TG_OP = 'DELETE' THEN"
            + "   INSERT INTO employee_write_log (employee, op) VALUES (OLD.id, 'D'); RETURN OLD;"
            + " END IF;"
            + " INSERT INTO employee_write_log (employee, op, last_modified)"
            + "   VALUES (NEW.id, left(TG_OP, 1), NEW.last_modified); RETURN NEW;"
            + " END $$ LANGUAGE plpgsql");
    jdbc.execute(
        "CREATE TRIGGER employee_write_log AFTER INSERT OR UPDATE OR DELETE ON employees"
            + " FOR EACH ROW EXECUTE FUNCTION log_employee_write()");
  }

  @AfterAll
  static void stop() {
    JoinedInstance.closeAll(first, second);
  }

  @Test
  void everySubscriberSeesEachEmployeesChangesInCommitOrderOnce() throws Exception {
    List<Subscriber> subscribers = new ArrayList<>();
    try {
      for (JoinedInstance instance : List.of(first, second)) {
        subscribers.add(Subscriber.open(instance, "graphql-transport-ws"));
        subscribers.add(Subscriber.open(instance, "graphql-ws"));
      }
      for (JoinedInstance instance : List.of(first, second)) {
        awaitOpenSubscriptions(instance.bean(MeterRegistry.class), 2);
      }

      ExecutorService pool =
          Executors.newFixedThreadPool(EMPLOYEES_AT_ONCE * (UPDATES_PER_EMPLOYEE + 2));
      try {
        for (long id = FIRST_ID; id < FIRST_ID + EMPLOYEES; id += EMPLOYEES_AT_ONCE) {
          raceOver(id, pool);
        }
      } finally {
        pool.shutdownNow();
      }

      Map<Long, List<String>> committed = committedWrites();
      int expected = committed.values().stream().mapToInt(List::size).sum();
      assertThat(committed).as("employees written").hasSizeGreaterThan(EMPLOYEES / 2);
      for (Subscriber subscriber : subscribers) {
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.collect() >= expected);
      }
      // Long enough for a repeat to show up.
      Thread.sleep(1000);
      for (Subscriber subscriber : subscribers) {
        subscriber.collect();
        Map<Long, String> wrong = new LinkedHashMap<>();
        committed.forEach(
            (id, writes) -> {
              List<String> seen = subscriber.received.getOrDefault(id, List.of());
              if (!seen.equals(writes)) {
                wrong.put(id, "committed " + writes + ", received " + seen);
              }
            });
        assertThat(wrong)
            .as(
                "employees the %s subscriber on port %d saw otherwise",
                subscriber.protocol, subscriber.port)
            .isEmpty();
        assertThat(subscriber.received.keySet()).isEqualTo(committed.keySet());
      }
      for (JoinedInstance instance : List.of(first, second)) {
        assertThat(instance.bean(MeterRegistry.class).counter(EmployeeEvents.GAPS).count())
            .as("changes given up on")
            .isZero();
      }
    } finally {
      for (Subscriber subscriber : subscribers) {
        subscriber.probe.close();
      }
    }
  }

  /**
   * Creates each of a few employees through a sync on one instance while its updates and its
   * deletion run through GraphQL on both, all let go at the same moment.
   */
  private static void raceOver(long firstId, ExecutorService pool) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> writes = new ArrayList<>();
    for (long id = firstId; id < firstId + EMPLOYEES_AT_ONCE; id++) {
      long employee = id;
      writes.add(pool.submit(() -> create(employee, either(), start)));
      for (int update = 1; update <= UPDATES_PER_EMPLOYEE; update++) {
        long lastModified = employee * 100 + update;
        writes.add(pool.submit(() -> update(employee, lastModified, either(), start)));
      }
      writes.add(pool.submit(() -> delete(employee, either(), start)));
    }
    start.countDown();
    for (Future<?> write : writes) {
      write.get();
    }
  }

  private static JoinedInstance either() {
    return ThreadLocalRandom.current().nextBoolean() ? first : second;
  }

  private static Void create(long id, JoinedInstance instance, CountDownLatch start)
      throws InterruptedException {
    start.await();
    TestResponse response =
        instance
            .api()
            .postJson(
                "/api/v1/sync",
                "{\"model\":\"employees\",\"data\":[{\"id\":"
                    + id
                    + ",\"employee_id\":\"E"
                    + id
                    + "\",\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\"e"
                    + id
                    + "@example.com\",\"last_modified\":0}]}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return null;
  }

  private static Void update(
      long id, long lastModified, JoinedInstance instance, CountDownLatch start)
      throws InterruptedException {
    start.await();
    graphQl(
        instance,
        "mutation { updateEmployee(id: "
            + id
            + ", data: {lastModified: "
            + lastModified
            + "}) { id } }");
    return null;
  }

  private static Void delete(long id, JoinedInstance instance, CountDownLatch start)
      throws InterruptedException {
    start.await();
    graphQl(instance, "mutation { deleteEmployee(id: " + id + ") }");
    return null;
  }

  private static void graphQl(JoinedInstance instance, String document) {
    TestResponse response =
        instance
            .api()
            .postJson("/graphql", "{\"query\":\"" + document.replace("\"", "\\\"") + "\"}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().has("errors")).as(response.body()).isFalse();
  }

  /** Each employee's writes in the order they were committed, as subscribers should see them. */
  private static Map<Long, List<String>> committedWrites() {
    Map<Long, List<String>> writes = new LinkedHashMap<>();
    first
        .bean(JdbcTemplate.class)
        .query(
            "SELECT employee, op, last_modified FROM employee_write_log ORDER BY seq",
            rs -> {
              String op = rs.getString("op");
              writes
                  .computeIfAbsent(rs.getLong("employee"), id -> new ArrayList<>())
                  .add(op.equals("D") ? "D" : op + ":" + rs.getLong("last_modified"));
            });
    return writes;
  }

  private static void awaitOpenSubscriptions(MeterRegistry metrics, int expected) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .untilAsserted(
            () -> {
              for (String field :
                  List.of("employeeCreated", "employeeUpdated", "employeeDeleted")) {
                Gauge gauge =
                    metrics.find("graphql.subscriptions").tag("subscription", field).gauge();
                assertThat(gauge.value()).as(field).isEqualTo(expected);
              }
            });
  }

  /** One connection subscribed to all three employee subscriptions. */
  private static final class Subscriber {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> FIELDS =
        Map.of("c", "employeeCreated", "u", "employeeUpdated", "d", "employeeDeleted");

    final WebSocketProbe probe;
    final String protocol;
    final int port;
    final Map<Long, List<String>> received = new LinkedHashMap<>();
    private int events;

    private Subscriber(WebSocketProbe probe, String protocol, int port) {
      this.probe = probe;
      this.protocol = protocol;
      this.port = port;
    }

    static Subscriber open(JoinedInstance instance, String protocol) throws Exception {
      WebSocketProbe probe = WebSocketProbe.connect(instance.port(), List.of(protocol));
      probe.send(
          "{\"type\":\"connection_init\",\"payload\":{\"x-auth-token\":\""
              + JoinedInstance.TOKEN
              + "\"}}");
      probe.next("connection_ack", 10);
      String start = protocol.equals("graphql-ws") ? "start" : "subscribe";
      for (var field : FIELDS.entrySet()) {
        String selection = field.getKey().equals("d") ? "" : " { id lastModified }";
        probe.send(
            "{\"type\":\""
                + start
                + "\",\"id\":\""
                + field.getKey()
                + "\",\"payload\":{\"query\":\"subscription { "
                + field.getValue()
                + selection
                + " }\"}}");
      }
      return new Subscriber(probe, protocol, instance.port());
    }

    /** Takes the events received so far, in arrival order; returns how many there are. */
    int collect() {
      for (String message : probe.takeAll()) {
        JsonNode json = JSON.readTree(message);
        String type = json.path("type").asString("");
        if (!type.equals("next") && !type.equals("data")) {
          continue;
        }
        String subscription = json.path("id").asString();
        JsonNode data = json.path("payload").path("data").path(FIELDS.get(subscription));
        long id = subscription.equals("d") ? data.asLong() : data.path("id").asLong();
        String event =
            switch (subscription) {
              case "c" -> "I:" + data.path("lastModified").asLong();
              case "u" -> "U:" + data.path("lastModified").asLong();
              default -> "D";
            };
        received.computeIfAbsent(id, key -> new ArrayList<>()).add(event);
        events++;
      }
      return events;
    }
  }
}
