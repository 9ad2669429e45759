package io.syncbridge.health;

import io.syncbridge.db.DiskReserve;
import io.syncbridge.db.StorageFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Probes the database the way the service uses it: a read, and a committed write. The write goes to
 * the {@code health_probe} table only, never to business tables. {@code write} says what a sync
 * would meet: false when the probe cannot write, or when the disk reserve refuses syncs (the same
 * predicate, {@link DiskReserve}, decides both).
 */
@Service
class HealthProbe {

  private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);

  static final int PROBE_TIMEOUT_SECONDS = 5;

  /** The free space on the SQLite database's volume, under {@code details}. */
  private static final String FREE_BYTES = "free_bytes";

  private final HealthProbeRepository probes;
  private final TransactionTemplate writeTransaction;
  private final DiskReserve reserve;
  private final List<HealthDetail> details;
  private final Clock clock;

  HealthProbe(
      HealthProbeRepository probes,
      PlatformTransactionManager transactionManager,
      DiskReserve reserve,
      List<HealthDetail> details) {
    this.probes = probes;
    this.reserve = reserve;
    this.details = details;
    this.writeTransaction = new TransactionTemplate(transactionManager);
    // A probe behind a long bulk write reports "not writable" rather than hanging the check.
    this.writeTransaction.setTimeout(PROBE_TIMEOUT_SECONDS);
    this.clock = Clock.systemUTC();
  }

  HealthView check() {
    Map<String, Object> states = new TreeMap<>();
    for (HealthDetail detail : details) {
      String state = detail.state();
      if (state != null) {
        states.put(detail.name(), state);
      }
    }
    boolean read = canRead();
    // The probe writes below the reserve too: its commit is what cuts a write-ahead log grown by
    // a failed large sync back to journal_size_limit, giving the space back while syncs are
    // refused. Free space is measured after it, so that the next sync sees what health saw.
    boolean probed = canWrite();
    Optional<DiskReserve.Space> space = reserve.space();
    space.ifPresent(s -> states.put(FREE_BYTES, s.freeBytes()));
    boolean write = probed && space.filter(DiskReserve.Space::reserveReached).isEmpty();
    return new HealthView(read, write, clock.instant(), states);
  }

  private boolean canRead() {
    try {
      // By primary key: Hibernate loads it with SQL it prepared at start-up; count() would parse
      // a JPQL query on the first health check and count the table on every one.
      probes.findById(HealthProbeCheck.ID);
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "Health read probe failed: {}",
          NestedExceptionUtils.getMostSpecificCause(e).getMessage());
      return false;
    }
  }

  private boolean canWrite() {
    for (int attempt = 1; ; attempt++) {
      try {
        long now = Instant.now(clock).toEpochMilli();
        writeTransaction.executeWithoutResult(status -> probes.write(now));
        return true;
      } catch (RuntimeException e) {
        if (attempt == 1 && StorageFailure.of(e).orElse(null) == StorageFailure.UNAVAILABLE) {
          // Maybe a connection left over from an outage (SQLite keeps a connection opened while
          // the file was unwritable read-only): the pool renewed itself on meeting it
          // (StorageFailureEviction), so the second try runs on a fresh connection.
          continue;
        }
        Throwable storage = StorageFailure.cause(e);
        log.warn(
            "Health write probe failed: {}",
            (storage != null ? storage : NestedExceptionUtils.getMostSpecificCause(e))
                .getMessage());
        return false;
      }
    }
  }
}
