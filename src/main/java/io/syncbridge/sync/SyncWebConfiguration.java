package io.syncbridge.sync;

import io.syncbridge.SyncBridgeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Sync request bodies reach the controller as {@link SyncBody}, read by its own converter. */
@Configuration(proxyBeanMethods = false)
class SyncWebConfiguration implements WebMvcConfigurer {

  private final SyncBodyReader reader;

  // Built here rather than injected: web slice tests load every WebMvcConfigurer, and the
  // properties are all a reader needs.
  SyncWebConfiguration(SyncBridgeProperties properties) {
    this.reader = new SyncBodyReader(properties);
  }

  /** The same reader for replays of stored requests. */
  @Bean
  SyncBodyReader syncBodyReader() {
    return reader;
  }

  @Override
  public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
    converters.addCustomConverter(new SyncBodyConverter(reader));
  }
}
