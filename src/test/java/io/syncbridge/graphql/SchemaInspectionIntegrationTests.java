package io.syncbridge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.SyncBridgeApplication;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Every field, argument and type of the schema is backed by the code, as start-up reports. */
@ExtendWith(OutputCaptureExtension.class)
class SchemaInspectionIntegrationTests {

  @Test
  void startUpReportsNothingUnmapped(CapturedOutput output) throws Exception {
    String db = Files.createTempDirectory("sync-bridge-schema").resolve("s.db").toString();
    try (var context =
        new SpringApplication(SyncBridgeApplication.class)
            .run("--server.port=0", "--sync-bridge.db-path=" + db, "--sync-bridge.auth-token=t")) {
      assertThat(output.getAll())
          .contains("GraphQL schema inspection:")
          .contains("Unmapped fields: {}")
          .contains("Unmapped registrations: {}")
          .contains("Unmapped arguments: {}")
          .contains("Field nullness errors: {}")
          .contains("Argument nullness errors: {}")
          .contains("Skipped types: []");
    }
  }
}
