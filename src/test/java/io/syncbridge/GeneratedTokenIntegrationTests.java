package io.syncbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.HttpTestClient;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

@ExtendWith(OutputCaptureExtension.class)
class GeneratedTokenIntegrationTests {

  @Test
  void generatesLogsAndAcceptsATokenWhenNoneIsConfigured(CapturedOutput output) throws Exception {
    String db = Files.createTempDirectory("sync-bridge-token").resolve("t.db").toString();
    SpringApplication app = new SpringApplication(SyncBridgeApplication.class);
    try (ConfigurableApplicationContext context =
        app.run("--server.port=0", "--sync-bridge.db-path=" + db, "--sync-bridge.auth-token=")) {
      Matcher logged =
          Pattern.compile("Generated token for this run: ([0-9a-f]{48}) \\(send it as header")
              .matcher(output.getAll());
      assertThat(logged.find()).as("the generated token is logged").isTrue();
      String token = logged.group(1);
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      HttpTestClient client = new HttpTestClient(port);

      assertThat(client.get("/api/v1/no-such-route").status()).isEqualTo(401);
      assertThat(client.get("/api/v1/no-such-route", "x-auth-token", token).status())
          .isEqualTo(404);
      assertThat(output.getAll().split(token, -1)).as("logged exactly once").hasSize(2);
    }
  }
}
