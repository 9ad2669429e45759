package io.syncbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

class DotEnvFileTests {

  @TempDir Path directory;

  @Test
  void itsLinesAreEnvironmentVariablesThatTheRealOnesOverride() throws Exception {
    Path file = directory.resolve(".env");
    Files.writeString(
        file,
        """
        # a comment
        APP_AUTH_TOKEN=from-the-file
        SYNC_BRIDGE_MAX_REQUEST_SIZE=1MB
        SYNC_BRIDGE_RETRY_MAX_ATTEMPTS=9
        PORT=9000
        """);
    StandardEnvironment environment = new StandardEnvironment();
    var sources = environment.getPropertySources();
    sources.replace(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("PORT", "8000")));
    // application.yml's own mapping of a contract variable.
    sources.addLast(
        new MapPropertySource("application.yml", Map.of("server.port", "${PORT:8000}")));

    DotEnvFile.apply(environment, file);

    Binder binder = Binder.get(environment);
    assertThat(binder.bind("sync-bridge.max-request-size", DataSize.class).get())
        .as("Spring's environment-variable names work in the file")
        .isEqualTo(DataSize.ofMegabytes(1));
    assertThat(binder.bind("sync-bridge.retry.max-attempts", Integer.class).get()).isEqualTo(9);
    assertThat(environment.getProperty("APP_AUTH_TOKEN")).isEqualTo("from-the-file");
    assertThat(environment.getProperty("server.port"))
        .as("a real environment variable wins over the file")
        .isEqualTo("8000");
  }

  @Test
  void noFileNothingAdded() {
    StandardEnvironment environment = new StandardEnvironment();
    int before = environment.getPropertySources().size();

    DotEnvFile.apply(environment, directory.resolve(".env"));

    assertThat(environment.getPropertySources().size()).isEqualTo(before);
  }
}
