package io.syncbridge.health;

import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.Database;
import io.syncbridge.db.StaleConnections;
import io.syncbridge.db.StorageFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Probes the database the way the service uses it: a read, and a committed write. The write goes to
 * the {@code health_probe} table only, never to business tables.
 */
@Service
class HealthProbe {

  private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);

  static final int PROBE_TIMEOUT_SECONDS = 5;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate writeTransaction;
  private final Clock clock;

  /** The SQLite file's directory; null on PostgreSQL, whose disk is not ours to watch. */
  private final Path databaseDirectory;

  private final long minFreeBytes;
  private final List<HealthDetail> details;
  private final StaleConnections staleConnections;
  private volatile boolean writeFailed;

  HealthProbe(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactionManager,
      SyncBridgeProperties properties,
      Database database,
      List<HealthDetail> details,
      StaleConnections staleConnections) {
    this.jdbc = jdbc;
    this.staleConnections = staleConnections;
    this.details = details;
    this.databaseDirectory =
        database == Database.SQLITE
            ? Path.of(properties.dbPath()).toAbsolutePath().getParent()
            : null;
    this.minFreeBytes = properties.minFreeDisk().toBytes();
    this.writeTransaction = new TransactionTemplate(transactionManager);
    // A probe behind a long bulk write reports "not writable" rather than hanging the check.
    this.writeTransaction.setTimeout(PROBE_TIMEOUT_SECONDS);
    this.clock = Clock.systemUTC();
  }

  HealthView check() {
    Map<String, String> states = new TreeMap<>();
    for (HealthDetail detail : details) {
      String state = detail.state();
      if (state != null) {
        states.put(detail.name(), state);
      }
    }
    return new HealthView(canRead(), canWrite(), clock.instant(), states);
  }

  private boolean canRead() {
    try {
      jdbc.queryForObject("SELECT count(*) FROM health_probe", Long.class);
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "Health read probe failed: {}",
          NestedExceptionUtils.getMostSpecificCause(e).getMessage());
      return false;
    }
  }

  private boolean canWrite() {
    // A full disk can still take the probe's one row (the WAL has room for it) while every sync
    // fails; so free space counts too, where the database is a file of ours.
    if (databaseDirectory != null && freeBytes() < minFreeBytes) {
      log.warn("Health write probe: less than {} bytes free for the database", minFreeBytes);
      return false;
    }
    try {
      long now = Instant.now(clock).toEpochMilli();
      writeTransaction.executeWithoutResult(
          status ->
              jdbc.update(
                  "INSERT INTO health_probe (id, checked_at) VALUES (1, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
                  now));
      if (writeFailed) {
        // Writable again: connections opened meanwhile may be read-only (see StaleConnections).
        writeFailed = false;
        staleConnections.renewAll();
      }
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "Health write probe failed: {}",
          NestedExceptionUtils.getMostSpecificCause(e).getMessage());
      if (StorageFailure.of(e).isPresent()) {
        writeFailed = true;
        staleConnections.renewAll();
      }
      return false;
    }
  }

  private long freeBytes() {
    try {
      return Files.getFileStore(databaseDirectory).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }
}
