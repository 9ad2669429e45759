package io.syncbridge.db;

import com.zaxxer.hikari.HikariDataSource;
import io.syncbridge.SyncBridgeProperties;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;

/**
 * Repositories run in the transaction of the service that calls them, and in none when it has none:
 * by default every repository call opened a transaction of its own, a Hibernate session included,
 * even for a single SQL read of a JDBC fragment (docs/persistence.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories(
    basePackages = "io.syncbridge",
    enableDefaultTransactions = false,
    queryEnhancerSelector = PlainQueryEnhancers.class)
class DatabaseConfiguration {

  @Bean
  Database database(@Value("${spring.datasource.url}") String url) {
    return Database.of(url);
  }

  /**
   * Gives the pool its eviction rule for storage failures. An instance, not a class name in the
   * settings: the rule renews the pool it belongs to.
   */
  @Bean
  static BeanPostProcessor storageFailureEviction() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
          pool.setExceptionOverride(new StorageFailureEviction(pool));
        }
        return bean;
      }
    };
  }

  @Bean
  JpaTransactionManager transactionManager(
      EntityManagerFactory entityManagerFactory,
      Database database,
      SyncBridgeProperties properties) {
    return database.serializesWrites()
        ? new SerializedWriteTransactionManager(entityManagerFactory, properties.writeLockTimeout())
        : new DatabaseTransactionManager(entityManagerFactory, true);
  }
}
