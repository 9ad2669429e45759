package io.syncbridge.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Redis that instances in the tests join through: the one {@code REDIS_URL} points to, else the
 * one on this machine's 127.0.0.1:6379 (CI runs one), else a Testcontainers one where Docker is
 * there; none without any of them (the tests that need it then skip, saying so).
 */
public final class TestRedis {

  static final String NONE =
      "no Redis: set REDIS_URL, run one on 127.0.0.1:6379, or have a Docker engine for a container";

  private static String url;
  private static boolean looked;

  private TestRedis() {}

  /** Its URL, or null when there is none. */
  public static synchronized String url() {
    if (!looked) {
      looked = true;
      String given = System.getenv("REDIS_URL");
      if (given != null && !given.isBlank()) {
        url = given;
      } else if (reachable("127.0.0.1", 6379)) {
        url = "redis://127.0.0.1:6379";
      } else if (DockerClientFactory.instance().isDockerAvailable()) {
        // Stopped with the JVM (Testcontainers' Ryuk), like the PostgreSQL container.
        var container =
            new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
        container.start();
        url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
      }
    }
    return url;
  }

  private static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the Redis at {@code url} answers a connection now. */
  static boolean answers(String url) {
    URI redis = URI.create(url);
    return reachable(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
  }
}
