package io.syncbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SyncBridgeApplication {

  public static void main(String[] args) {
    SpringApplication.run(SyncBridgeApplication.class, args);
  }
}
