package io.syncbridge.db;

import io.syncbridge.SyncBridgeProperties;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  @Bean
  Database database(@Value("${spring.datasource.url}") String url) {
    return Database.of(url);
  }

  @Bean
  PlatformTransactionManager transactionManager(
      DataSource dataSource, Database database, SyncBridgeProperties properties) {
    return database.serializesWrites()
        ? new SerializedWriteTransactionManager(dataSource, properties.writeLockTimeout())
        : new JdbcTransactionManager(dataSource);
  }
}
