package io.syncbridge.db;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The free space on the SQLite database's volume, and the reserve below which writes of data are
 * refused. One predicate decides both health's {@code write} and the refusal, so that the two agree
 * by construction: a sync, a replay or an employee mutation checks it before it begins and is
 * answered 507 below the reserve, storing nothing; health reports {@code write:false} then, and
 * {@code true} again on the first probe after space came back.
 *
 * <p>Why a reserve at all, when SQLite would fail the write itself once the disk is full: a
 * database on a full volume cannot checkpoint its write-ahead log (that needs the database file to
 * grow), so every write fails until space is added, deletions included. Refusing before that keeps
 * room for deletions (never refused: SQLite reuses the pages they free for later rows) and for the
 * health probe, whose commit also cuts a log grown by a sync that met the full disk back to {@code
 * journal_size_limit}, giving that space back.
 *
 * <p>Free space is the volume's ({@code df}'s "available"), not counting pages freed inside the
 * database by deletions: SQLite reuses those for new rows, but only once the log has been
 * checkpointed, which on a small volume may never happen; counting them would report room a write
 * cannot use. On PostgreSQL the disk is not ours to watch: nothing is refused here, and only the
 * server's own failures count.
 */
@Component
public class DiskReserve {

  private static final Logger log = LoggerFactory.getLogger(DiskReserve.class);

  /** Free bytes, and the reserve, at one moment. */
  public record Space(long freeBytes, long reserveBytes) {

    /** Whether writes of data are refused: less than the reserve is free. */
    public boolean reserveReached() {
      return freeBytes < reserveBytes;
    }

    /** Still above the reserve, but by less than the reserve again: worth a warning. */
    boolean low() {
      return freeBytes < 2 * reserveBytes;
    }
  }

  private enum Level {
    PLENTY,
    LOW,
    REACHED
  }

  /** The database file's directory; null on PostgreSQL. */
  private final Path directory;

  private final long maxReserveBytes;
  private final int reservePercent;
  private final AtomicReference<Level> level = new AtomicReference<>(Level.PLENTY);
  private volatile FileStore store;
  private volatile boolean unreadable;

  DiskReserve(SyncBridgeProperties properties, Database database, MeterRegistry metrics) {
    this.directory =
        database == Database.SQLITE
            ? Path.of(properties.dbPath()).toAbsolutePath().getParent()
            : null;
    this.maxReserveBytes = properties.minFreeDisk().toBytes();
    this.reservePercent = properties.minFreeDiskPercent();
    if (directory != null) {
      Gauge.builder(
              "sync.database.disk.free", this, r -> r.space().map(Space::freeBytes).orElse(-1L))
          .description("Free space on the SQLite database's volume; -1 when it cannot be read")
          .baseUnit("bytes")
          .register(metrics);
      Gauge.builder(
              "sync.database.disk.reserve",
              this,
              r -> r.space().map(Space::reserveBytes).orElse(-1L))
          .description("Free space below which syncs and employee changes are refused (507)")
          .baseUnit("bytes")
          .register(metrics);
    }
  }

  /**
   * Free space and the reserve now; empty on PostgreSQL, or while the volume cannot be read (then
   * nothing is refused here: the write itself will tell).
   */
  public Optional<Space> space() {
    if (directory == null) {
      return Optional.empty();
    }
    try {
      FileStore volume = volume();
      long reserve = Math.min(maxReserveBytes, volume.getTotalSpace() / 100 * reservePercent);
      Space space = new Space(volume.getUsableSpace(), reserve);
      unreadable = false;
      watch(space);
      return Optional.of(space);
    } catch (IOException e) {
      store = null;
      if (!unreadable) {
        unreadable = true;
        log.warn("Cannot read the free space of {}: {}", directory, e.toString());
      }
      return Optional.empty();
    }
  }

  /** Whether writes of data are refused now. */
  public boolean reached() {
    return space().filter(Space::reserveReached).isPresent();
  }

  /**
   * Refuses a write of data while the reserve is reached; called before it begins.
   *
   * @throws DiskReserveReachedException below the reserve
   */
  public void check() {
    if (reached()) {
      throw new DiskReserveReachedException();
    }
  }

  /** Looked up once: finding a path's volume reads the mount table; its space is a statvfs. */
  private FileStore volume() throws IOException {
    FileStore volume = store;
    if (volume == null) {
      volume = Files.getFileStore(directory);
      store = volume;
    }
    return volume;
  }

  /** Logs when the level changes, not on every request. */
  private void watch(Space space) {
    Level now = space.reserveReached() ? Level.REACHED : space.low() ? Level.LOW : Level.PLENTY;
    Level before = level.getAndSet(now);
    if (now == before) {
      return;
    }
    switch (now) {
      case REACHED ->
          log.warn(
              "Disk reserve reached: {} bytes free for the database, reserve {} bytes. Syncs and"
                  + " employee changes are refused (507) and health reports write:false until"
                  + " space is freed or the volume grows",
              space.freeBytes(),
              space.reserveBytes());
      case LOW ->
          log.warn(
              "Disk space for the database is low: {} bytes free; writes are refused below {}"
                  + " bytes",
              space.freeBytes(),
              space.reserveBytes());
      case PLENTY ->
          log.info(
              "Disk space for the database is back to {} bytes free (reserve {} bytes)",
              space.freeBytes(),
              space.reserveBytes());
    }
  }
}
