package io.syncbridge;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of Sync Bridge. The environment variables of the contract (APP_AUTH_TOKEN, DB_PATH,
 * PORT, …) are mapped onto these in {@code application.yml}.
 *
 * @param authToken the token protected routes require; blank means "generate one at start-up"
 * @param dbPath the SQLite file used when no PostgreSQL URL is configured
 * @param maxRequestSize the largest request body accepted before answering 413
 * @param writeLockTimeout how long a write waits for its turn on SQLite before answering 503
 * @param subscriberBuffer events one GraphQL subscriber may have waiting before it is dropped
 */
@Validated
@ConfigurationProperties("sync-bridge")
public record SyncBridgeProperties(
    String authToken,
    @NotBlank String dbPath,
    @NotNull @DefaultValue("64MB") DataSize maxRequestSize,
    @NotNull @DefaultValue("30s") Duration writeLockTimeout,
    @Min(1) @DefaultValue("10000") int subscriberBuffer) {}
