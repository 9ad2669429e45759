package io.syncbridge;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A {@code .env} file in the working directory supplies environment variables: each of its {@code
 * NAME=value} lines counts as an environment variable that is not set for real (those win). Read as
 * environment variables, not as properties, so that Spring's names for environment variables work
 * there too: {@code SYNC_BRIDGE_MAX_REQUEST_SIZE=1MB} sets {@code sync-bridge.max-request-size}, as
 * it does in the environment. Read before the application's configuration files, so that {@code
 * SPRING_PROFILES_ACTIVE} there counts too ({@code SPRING_APPLICATION_JSON} does not: it is read
 * earlier).
 */
class DotEnvFile implements EnvironmentPostProcessor, Ordered {

  /** After the system environment's own processing, before the configuration files (+ 10). */
  private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 6;

  /** The suffix by which Spring maps a source's names as environment variables' names. */
  static final String SOURCE_NAME =
      "dotenv-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    apply(environment, Path.of(".env"));
  }

  static void apply(ConfigurableEnvironment environment, Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    Properties lines = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      lines.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    lines.forEach((name, value) -> variables.put(name.toString().trim(), value.toString().trim()));
    var source = new SystemEnvironmentPropertySource(SOURCE_NAME, variables);
    if (environment
        .getPropertySources()
        .contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
      environment
          .getPropertySources()
          .addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
    } else {
      environment.getPropertySources().addLast(source);
    }
  }
}
