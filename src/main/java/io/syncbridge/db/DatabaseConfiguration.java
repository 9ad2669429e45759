package io.syncbridge.db;

import io.syncbridge.SyncBridgeProperties;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  @Bean
  PlatformTransactionManager transactionManager(
      EntityManagerFactory entityManagerFactory, SyncBridgeProperties properties) {
    return new SerializedWriteTransactionManager(
        entityManagerFactory, properties.writeLockTimeout());
  }
}
