package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.HttpTestClient;
import io.syncbridge.support.TestResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database on a small tmpfs that fills up: writes answer 507 and store nothing, health reports
 * write:false (503), reads keep working, and once space is freed writes work again without a
 * restart. Mounting needs root (CAP_SYS_ADMIN); elsewhere the test is skipped with a message.
 */
@EnabledIf("tmpfsMounted")
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "sync-bridge.auth-token=" + DiskFullIntegrationTests.TOKEN,
      "sync-bridge.retry.enabled=false",
      "sync-bridge.min-free-disk=64KB"
    })
class DiskFullIntegrationTests {

  static final String TOKEN = "test-token";

  @LocalServerPort private int port;

  @Autowired private JdbcTemplate jdbc;

  private HttpTestClient anonymous;
  private HttpTestClient api;

  @BeforeEach
  void clients() {
    anonymous = new HttpTestClient(port);
    api = anonymous.withHeader("x-auth-token", TOKEN);
  }

  private static Path mountPoint;
  private static Boolean mounted;

  static synchronized boolean tmpfsMounted() {
    if (mounted == null) {
      try {
        mountPoint = Files.createTempDirectory("sync-bridge-full");
        Process mount =
            new ProcessBuilder(
                    "mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(mount.getInputStream().readAllBytes());
        mounted = mount.waitFor() == 0;
        if (!mounted) {
          System.out.println(
              "DiskFullIntegrationTests skipped: cannot mount a tmpfs here: " + output);
        }
      } catch (IOException e) {
        System.out.println("DiskFullIntegrationTests skipped: " + e);
        mounted = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        mounted = false;
      }
    }
    return mounted;
  }

  @DynamicPropertySource
  static void databaseOnTheSmallFileSystem(DynamicPropertyRegistry registry) {
    registry.add("sync-bridge.db-path", () -> mountPoint.resolve("full.db").toString());
  }

  @AfterAll
  static void unmount() throws Exception {
    if (Boolean.TRUE.equals(mounted)) {
      // Lazily: the cached application context still holds the database open.
      new ProcessBuilder("umount", "-l", mountPoint.toString()).start().waitFor();
    }
  }

  @Test
  void aFullDiskAnswers507StoresNothingAndRecoversWhenSpaceIsFreed() throws Exception {
    Path reserve = mountPoint.resolve("reserve");
    Files.write(reserve, new byte[512 * 1024]);
    TestResponse response = null;
    int batch = 0;
    while (batch < 200) {
      response = sync("customers", customers("fill" + batch, 100));
      if (response.status() != 200) {
        break;
      }
      batch++;
    }
    long storedBefore = count("customers");

    assertThat(response.status()).as(response.body()).isEqualTo(507);
    assertThat(response.json().get("message").asString()).contains("out of disk space");
    assertThat(count("customers")).isEqualTo(storedBefore).isEqualTo(100L * batch);
    TestResponse health = anonymous.get("/api/v1/healthz");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().get("data").get("read").asBoolean()).isTrue();
    assertThat(health.json().get("data").get("write").asBoolean()).isFalse();
    assertThat(api.get("/api/v1/sync-history?size=1&payload=false").status()).isEqualTo(200);

    Files.delete(reserve);

    assertThat(anonymous.get("/api/v1/healthz").status()).isEqualTo(200);
    TestResponse after = sync("customers", customers("after", 10));
    assertThat(after.status()).as(after.body()).isEqualTo(200);
    assertThat(count("customers")).isEqualTo(storedBefore + 10);
  }

  private TestResponse sync(String model, String data) {
    return api.postJson("/api/v1/sync", "{\"model\":\"" + model + "\",\"data\":" + data + "}");
  }

  private long count(String table) {
    return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
  }

  private static String customers(String tag, int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                "{\"email\":\""
                    + tag
                    + "-"
                    + i
                    + "@example.com\",\"first_name\":\""
                    + "F".repeat(100)
                    + "\",\"last_name\":\"L\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }
}
