package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged jar running as a child process on a given SQLite file, so that tests can do to it
 * what happens to a real deployment: kill it with SIGKILL and start it again on the same file.
 */
final class PackagedApp implements AutoCloseable {

  static final String TOKEN = "resilience-token";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final int SIGKILL_EXIT_CODE = 128 + 9;

  private final Process process;
  private final int port;
  private final Path log;

  private PackagedApp(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the jar on {@code database} and waits until it is healthy. Its working directory is the
   * database's directory, so that no {@code .env} of the checkout leaks into it.
   */
  static PackagedApp start(Path database, String logName) {
    Path workDir = database.toAbsolutePath().getParent();
    Path log = workDir.resolve(logName);
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(javaExecutable(), "-jar", jar().toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // Settings of the machine running the build must not point the app elsewhere.
    builder.environment().remove("DATABASE_URL");
    builder.environment().remove("REDIS_URL");
    builder.environment().put("APP_AUTH_TOKEN", TOKEN);
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("DB_PATH", database.toAbsolutePath().toString());
    try {
      PackagedApp app = new PackagedApp(builder.start(), port, log);
      app.awaitHealthy();
      return app;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no connection pool close, no WAL checkpoint. */
  void kill() throws InterruptedException {
    long pid = process.pid();
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed process exited").isTrue();
    // The JDK reports death by signal N as 128 + N: 137 proves SIGKILL, not a graceful SIGTERM.
    assertThat(process.exitValue()).as("exit code of pid %d", pid).isEqualTo(SIGKILL_EXIT_CODE);
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  /** Sends SIGTERM and returns at once: the app shuts down gracefully meanwhile. */
  void terminate() {
    process.destroy();
  }

  /** Waits for the process to end; its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .as("the app exited within %s", timeout)
        .isTrue();
    return process.exitValue();
  }

  /** SIGTERM, so that the app closes its database the way it does in production. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The end of the app's log, for failure messages. */
  String logTail(int lines) {
    List<String> all = log().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitHealthy() {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/healthz"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline && process.isAlive()) {
        try {
          if (client.send(health, BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException notListeningYet) {
          // Keep polling until the deadline.
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    throw new AssertionError(
        "The app did not become healthy within " + STARTUP_TIMEOUT + ". Its log:\n" + log());
  }

  private static Path jar() {
    Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      List<Path> jars =
          files.filter(p -> p.getFileName().toString().matches("sync-bridge-.*\\.jar")).toList();
      assertThat(jars).as("the packaged jar in %s (run after package)", target).hasSize(1);
      return jars.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
