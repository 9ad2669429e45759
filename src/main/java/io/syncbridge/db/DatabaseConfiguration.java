package io.syncbridge.db;

import io.syncbridge.SyncBridgeProperties;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  @Bean
  PlatformTransactionManager transactionManager(
      DataSource dataSource, SyncBridgeProperties properties) {
    return new SerializedWriteTransactionManager(dataSource, properties.writeLockTimeout());
  }
}
