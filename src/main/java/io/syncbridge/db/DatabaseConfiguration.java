package io.syncbridge.db;

import com.zaxxer.hikari.HikariDataSource;
import io.syncbridge.SyncBridgeProperties;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.data.repository.config.BootstrapMode;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.sqlite.JDBC;

/**
 * Repositories run in the transaction of the service that calls them, and in none when it has none:
 * by default every repository call opened a transaction of its own, a Hibernate session included,
 * even for a single SQL read of a JDBC fragment (docs/persistence.md).
 *
 * <p>Start-up: a repository is created on its first use, not at start-up, where parsing its JPQL
 * queries took about 200 ms; and Hibernate builds the entity manager factory on a thread of its own
 * while the rest of the context starts. The context still waits for it before it reports started,
 * so a mapping that does not match the schema fails the start as before. A query that does not
 * parse fails on first use instead; FoundationIntegrationTests creates every repository, on both
 * databases.
 */
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories(
    basePackages = "io.syncbridge",
    enableDefaultTransactions = false,
    bootstrapMode = BootstrapMode.LAZY,
    queryEnhancerSelector = PlainQueryEnhancers.class)
class DatabaseConfiguration {

  @Bean
  EntityManagerFactoryBuilderCustomizer entityManagerFactoryInBackground() {
    return builder -> builder.setBootstrapExecutor(new SimpleAsyncTaskExecutor("jpa-bootstrap-"));
  }

  @Bean
  Database database(@Value("${spring.datasource.url}") String url) {
    return Database.of(url);
  }

  /**
   * Gives the pool its eviction rule for storage failures (an instance, not a class name in the
   * settings: the rule renews the pool it belongs to) and, on SQLite, connections that keep their
   * prepared statements.
   */
  @Bean
  static BeanPostProcessor poolSetup() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
          pool.setExceptionOverride(new StorageFailureEviction(pool));
          if (JDBC.isValidURL(pool.getJdbcUrl()) && pool.getDataSource() == null) {
            pool.setDataSource(
                new SqliteStatementCache(pool.getJdbcUrl(), pool.getDataSourceProperties()));
          }
        }
        return bean;
      }
    };
  }

  @Bean
  WriteTurns writeTurns(SyncBridgeProperties properties) {
    return new WriteTurns(properties.writeLockTimeout());
  }

  @Bean
  JpaTransactionManager transactionManager(
      EntityManagerFactory entityManagerFactory, Database database, WriteTurns turns) {
    return database.serializesWrites()
        ? new SerializedWriteTransactionManager(entityManagerFactory, turns)
        : new DatabaseTransactionManager(entityManagerFactory, true);
  }
}
