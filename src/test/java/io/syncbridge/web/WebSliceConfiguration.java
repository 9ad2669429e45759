package io.syncbridge.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Lets {@code @WebMvcTest} slices in other packages import the package-private {@link
 * WebConfiguration} (the filters: security headers, request id, token check; the envelope) with
 * {@code @Import(WebSliceConfiguration.class)}, so that a slice answers as the service does. As a
 * {@code @TestConfiguration} it is left out of component scanning.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyncBridgeProperties.class)
@Import(WebConfiguration.class)
public class WebSliceConfiguration {

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }
}
