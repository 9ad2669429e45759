package io.syncbridge.sync;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the retry worker on a schedule; the clock is a bean so that tests can move time. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SyncConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
