package io.syncbridge.employee;

import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class EmployeeEventsConfiguration {

  /** Through Redis when REDIS_URL is set, so that every instance's subscribers get every change. */
  @Bean
  EmployeeChangeRelay employeeChangeRelay(
      SyncBridgeProperties properties, JsonMapper json, MeterRegistry metrics) {
    String url = properties.redisUrl();
    return url == null || url.isBlank()
        ? new EmployeeChangeRelay.InProcess()
        : new RedisEmployeeChangeRelay(url, properties.redisChannel(), json, metrics);
  }
}
