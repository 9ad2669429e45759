package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.SyncBridgeApplication;
import io.syncbridge.support.PostgresOnly;
import io.syncbridge.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A password written into DATABASE_URL never reaches the logs: Flyway logs the URL of the database
 * it migrates, which the driver reports without the password.
 */
@PostgresOnly
@ExtendWith(OutputCaptureExtension.class)
class DatabaseUrlSecretsTests {

  private static final String PASSWORD = "pw-in-the-url-must-not-be-logged";

  @Test
  void aPasswordInTheDatabaseUrlIsNotLogged(CapturedOutput output) {
    // This machine's PostgreSQL trusts local connections, so the password is sent but not needed.
    String url = TestDatabase.newPostgresSchema() + "&password=" + PASSWORD;
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SyncBridgeApplication.class)
            .run(
                "--server.port=0",
                "--sync-bridge.auth-token=secret-test",
                "--sync-bridge.retry.enabled=false",
                "--spring.datasource.url=" + url)) {
      assertThat(context.isRunning()).isTrue();
    }
    assertThat(output.getAll()).doesNotContain(PASSWORD);
  }
}
