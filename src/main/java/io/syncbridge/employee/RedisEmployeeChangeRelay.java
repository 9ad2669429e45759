package io.syncbridge.employee;

import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionCommands;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Employee changes over Redis pub/sub: every instance publishes its commits to one channel and
 * delivers what it receives there to its own subscribers, so each subscriber gets each change once
 * whichever instance committed it. When Redis cannot be reached, a change is delivered to this
 * instance's subscribers only and a warning logged; the listener container resubscribes by itself
 * once Redis is back.
 *
 * <p>Metrics: {@value #CONNECTED} is 1 while changes travel through Redis and 0 while they stay
 * local (health's {@code details.events}); {@value #LOCAL_DELIVERIES} counts the changes delivered
 * on this instance only because Redis could not take them.
 */
final class RedisEmployeeChangeRelay implements EmployeeChangeRelay, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(RedisEmployeeChangeRelay.class);

  /** How often the subscription is tried again while Redis is unreachable. */
  static final long RESUBSCRIBE_INTERVAL_MS = 2000;

  /** How long a publish (or the watcher's ping) may take before it counts as failed. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /** How long subscribing to the channel may take before it counts as failed. */
  static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(10);

  static final String CONNECTED = "events.redis.connected";
  static final String LOCAL_DELIVERIES = "events.redis.local.deliveries";

  private final LettuceConnectionFactory connections;
  private final StringRedisTemplate redis;
  private final RedisMessageListenerContainer listener;
  private final ExecutorService dispatcher;
  private final String channel;
  private final JsonMapper json;
  private Consumer<EmployeeChange> subscribers = change -> {};
  // The subscription notices a dead Redis only after a while; a failed publish knows at once.
  // Counted, so that the watcher clears only the failures it has seen Redis answer after.
  private final AtomicInteger failedPublishes = new AtomicInteger();
  private Thread watcher;
  private final Counter localDeliveries;

  RedisEmployeeChangeRelay(String url, String channel, JsonMapper json, MeterRegistry metrics) {
    // While Redis is down, commands fail at once instead of queueing until it is back: a commit's
    // events then go to this instance's subscribers straight away, and are not sent a second time
    // on reconnection.
    ClientOptions failFast =
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build();
    this.connections =
        new LettuceConnectionFactory(
            LettuceConnectionFactory.createRedisConfiguration(url),
            LettuceClientConfiguration.builder()
                .clientOptions(failFast)
                .commandTimeout(COMMAND_TIMEOUT)
                .build());
    this.connections.afterPropertiesSet();
    this.connections.start();
    this.redis = new StringRedisTemplate(connections);
    this.listener = new RedisMessageListenerContainer();
    this.listener.setConnectionFactory(connections);
    this.listener.setRecoveryInterval(RESUBSCRIBE_INTERVAL_MS);
    // The default (2 s) gives up on a Redis that answers slowly, on a busy machine, and the
    // instance would go on without a subscription until the next attempt.
    this.listener.setMaxSubscriptionRegistrationWaitingTime(SUBSCRIBE_TIMEOUT.toMillis());
    // The container's default runs each message on a thread of its own, so two changes published
    // in order could reach subscribers the other way round (a deletion before the creation). One
    // thread keeps Redis's order; it only hands each change to the subscribers' buffers.
    this.dispatcher =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "redis-events");
              thread.setDaemon(true);
              return thread;
            });
    this.listener.setTaskExecutor(new ConcurrentTaskExecutor(dispatcher));
    this.channel = channel;
    this.json = json;
    Gauge.builder(CONNECTED, this, relay -> "redis".equals(relay.state()) ? 1 : 0)
        .description("1 while employee changes travel through Redis, 0 while they stay local")
        .register(metrics);
    this.localDeliveries =
        Counter.builder(LOCAL_DELIVERIES)
            .description("Employee changes delivered on this instance only: Redis was unreachable")
            .register(metrics);
  }

  @Override
  public void deliverTo(Consumer<EmployeeChange> subscribers) {
    this.subscribers = subscribers;
    listener.addMessageListener(
        (message, pattern) -> {
          try {
            subscribers.accept(json.readValue(message.getBody(), EmployeeChange.class));
          } catch (RuntimeException e) {
            log.warn(
                "Dropped an employee change from Redis that could not be read: {}", e.toString());
          }
        },
        new ChannelTopic(channel));
    listener.afterPropertiesSet();
    // Subscribing waits for Redis's answer: off the start-up path, so that a slow or absent Redis
    // never delays the service. Until it is done, changes are delivered locally too (publish).
    watcher = new Thread(this::watch, "redis-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  @Override
  public void publish(EmployeeChange change) {
    // Not subscribed (Redis just came back, or has not yet): this instance would not hear its own
    // message, so its subscribers get the change directly; the other instances through Redis.
    boolean subscribed = listener.isListening();
    try {
      redis.convertAndSend(channel, json.writeValueAsString(change));
      failedPublishes.set(0);
    } catch (RuntimeException e) {
      failedPublishes.incrementAndGet();
      log.warn(
          "Redis unavailable, employee change delivered on this instance only: {}", e.toString());
      localDeliveries.increment();
      subscribers.accept(change);
      return;
    }
    if (!subscribed) {
      subscribers.accept(change);
    }
  }

  /**
   * Subscribes until that first succeeds (afterwards the container recovers a lost subscription
   * itself), and clears failed publishes once Redis answers again: health and the metric then say
   * {@code redis} without waiting for the next change. Health and the metric only read the state,
   * so neither ever waits on Redis.
   */
  private void watch() {
    try {
      boolean subscribed = subscribe(true);
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(RESUBSCRIBE_INTERVAL_MS);
        if (!subscribed) {
          subscribed = subscribe(false);
        }
        int failures = failedPublishes.get();
        if (failures > 0 && reachable()) {
          failedPublishes.compareAndSet(failures, 0);
        }
      }
    } catch (InterruptedException e) {
      // destroyed
    }
  }

  private boolean subscribe(boolean firstAttempt) {
    if (listener.isListening()) {
      // A late answer to the last attempt: restarting would drop it.
      return true;
    }
    try {
      listener.stop();
      listener.start();
      return true;
    } catch (RuntimeException e) {
      if (firstAttempt) {
        log.warn("Redis unavailable at start-up, subscribing when it is back: {}", e.toString());
      }
      return false;
    }
  }

  /**
   * {@code redis}, or {@code local} while not subscribed or since a publish failed (until Redis
   * answers again).
   */
  @Override
  public String state() {
    return listener.isListening() && failedPublishes.get() == 0 ? "redis" : "local";
  }

  /** Whether Redis answers on the connection changes are published on. */
  boolean reachable() {
    try {
      return "PONG".equals(redis.execute(RedisConnectionCommands::ping, true));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void destroy() throws Exception {
    if (watcher != null) {
      // Otherwise it would go on restarting a destroyed container while Redis stays down.
      watcher.interrupt();
      watcher.join(RESUBSCRIBE_INTERVAL_MS);
    }
    try {
      listener.destroy();
    } finally {
      dispatcher.shutdown();
      connections.destroy();
    }
  }
}
