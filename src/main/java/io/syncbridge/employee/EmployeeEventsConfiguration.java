package io.syncbridge.employee;

import io.lettuce.core.ClientOptions;
import io.syncbridge.SyncBridgeProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class EmployeeEventsConfiguration {

  /** Through Redis when REDIS_URL is set, so that every instance's subscribers get every change. */
  @Bean
  EmployeeChangeRelay employeeChangeRelay(
      SyncBridgeProperties properties,
      ObjectProvider<RedisConnectionFactory> redis,
      JsonMapper json) {
    String url = properties.redisUrl();
    return url == null || url.isBlank()
        ? new EmployeeChangeRelay.InProcess()
        : new RedisEmployeeChangeRelay(redis.getObject(), properties.redisChannel(), json);
  }

  /**
   * While Redis is down, commands fail at once instead of queueing until it is back: a commit's
   * events then go to this instance's subscribers straight away, and are not sent a second time on
   * reconnection.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer failFastWhileRedisIsDown() {
    return options ->
        options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }
}
