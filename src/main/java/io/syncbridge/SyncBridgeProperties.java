package io.syncbridge;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
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
 * @param minFreeDisk the SQLite database's disk reserve: while less is free on its volume, syncs,
 *     retry replays and employee mutations are refused (507, nothing stored) and health reports
 *     {@code write:false}; deletions are not refused. At most {@code minFreeDiskPercent} of the
 *     volume, so that a small volume stays usable; 0 turns the reserve off. Not used on PostgreSQL
 * @param minFreeDiskPercent the largest share of the volume's size the reserve takes, in percent
 * @param writeLockTimeout how long a write waits for its turn on SQLite before answering 503
 * @param subscriberBuffer events one GraphQL WebSocket connection may have waiting before its
 *     subscriptions are ended
 * @param retry how failed syncs queued for retry are replayed
 * @param limits what one sync request may hold
 * @param graphql what one GraphQL client may hold open or ask for
 * @param redisUrl Redis that carries subscription events between instances; blank: this instance
 *     only
 * @param redisChannel the Redis channel those events travel on
 * @param websocket who may open the GraphQL WebSocket
 * @param jobs where large loads (sync jobs) are kept and how they are processed
 */
@Validated
@ConfigurationProperties("sync-bridge")
public record SyncBridgeProperties(
    String authToken,
    @NotBlank String dbPath,
    @NotNull @DefaultValue("64MB") DataSize maxRequestSize,
    @NotNull @DefaultValue("16MB") DataSize minFreeDisk,
    @Min(0) @Max(100) @DefaultValue("5") int minFreeDiskPercent,
    @NotNull @DefaultValue("30s") Duration writeLockTimeout,
    @Min(1) @DefaultValue("10000") int subscriberBuffer,
    @NotNull @DefaultValue Retry retry,
    @NotNull @DefaultValue Limits limits,
    @NotNull @DefaultValue GraphQl graphql,
    String redisUrl,
    @NotBlank @DefaultValue("sync-bridge:employee-changes") String redisChannel,
    @NotNull @DefaultValue WebSocket websocket,
    @NotNull @DefaultValue Jobs jobs) {

  /**
   * Bounds on a sync request beyond its size in bytes ({@code maxRequestSize}); each is a 4xx
   * answer naming the limit.
   *
   * @param maxRecords records one request may carry (413 above)
   * @param maxJsonDepth how deeply a body's JSON may nest (400 above): a record with items needs 5
   * @param maxNumberLength digits (and sign, point, exponent) of one JSON number (400 above)
   */
  public record Limits(
      @Min(1) @DefaultValue("100000") int maxRecords,
      @Min(8) @DefaultValue("32") int maxJsonDepth,
      @Min(20) @DefaultValue("100") int maxNumberLength) {}

  /**
   * Bounds on GraphQL clients; each refusal is an error naming the limit.
   *
   * @param maxSubscriptionsPerConnection subscriptions one WebSocket connection may have open; the
   *     next one gets its subprotocol's error message and the connection stays open
   * @param maxConnections GraphQL WebSocket connections open on this instance, authenticated or
   *     not; the next one is closed with 1013 (try again later). Tomcat holds at most 2,000
   *     connections of any kind ({@code server.tomcat.max-connections}), so half of them stay free
   *     for REST calls and health probes however many subscribers connect
   * @param maxQueryDepth how deeply an operation's selections may nest: the schema's own fields
   *     nest 2 deep, GraphiQL's introspection query 13
   * @param maxQueryComplexity what one operation may cost: a field costs 1 plus its selection, and
   *     a list field with a {@code limit} argument 1 plus its selection {@code limit} times; {@code
   *     employees(limit: 100)} selecting every field costs 2,401
   */
  public record GraphQl(
      @Min(1) @DefaultValue("100") int maxSubscriptionsPerConnection,
      @Min(1) @DefaultValue("1000") int maxConnections,
      @Min(2) @DefaultValue("15") int maxQueryDepth,
      @Min(1) @DefaultValue("10000") int maxQueryComplexity) {}

  /**
   * @param enabled whether this instance replays entries (every instance may; each entry is
   *     replayed by one)
   * @param pollInterval how often due entries are looked for
   * @param baseDelay the wait after the first failed replay; it doubles with every further one
   * @param maxDelay the longest wait between two replays
   * @param maxAttempts replays of one entry before it stays {@code failed}
   * @param lease how long a claimed entry stays with its instance before another may take it
   */
  public record Retry(
      @DefaultValue("true") boolean enabled,
      @NotNull @DefaultValue("5s") Duration pollInterval,
      @NotNull @DefaultValue("10s") Duration baseDelay,
      @NotNull @DefaultValue("1h") Duration maxDelay,
      @Min(1) @DefaultValue("5") int maxAttempts,
      @NotNull @DefaultValue("5m") Duration lease) {}

  /**
   * @param allowedOrigins origins besides the service's own whose pages may open the GraphQL
   *     WebSocket ({@code https://console.example.com}, or patterns such as {@code
   *     https://*.example.com}; {@code *} allows any page); empty: the service's own pages and
   *     clients that are not browsers only
   */
  public record WebSocket(@NotNull @DefaultValue List<String> allowedOrigins) {}

  /**
   * @param directory where a job's upload and its result files are kept until {@code retention}
   *     after it ends; every instance that processes jobs must see the same directory
   * @param maxSize what one job's uploads may hold together (413 above)
   * @param chunkSize records stored in one transaction, with the job's progress
   * @param enabled whether this instance processes jobs (every instance may; each job is processed
   *     by one at a time)
   * @param pollInterval how often queued jobs are looked for
   * @param lease how long a job stays with the instance processing it without progress before
   *     another may take it over (after a crash, the time until it resumes)
   * @param retention how long the files of a job that ended are kept
   */
  public record Jobs(
      @NotBlank String directory,
      @NotNull @DefaultValue("10GB") DataSize maxSize,
      @Min(1) @Max(100_000) @DefaultValue("2000") int chunkSize,
      @DefaultValue("true") boolean enabled,
      @NotNull @DefaultValue("1s") Duration pollInterval,
      @NotNull @DefaultValue("30s") Duration lease,
      @NotNull @DefaultValue("7d") Duration retention) {}
}
