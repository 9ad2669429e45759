package io.syncbridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A SQLite database made unwritable until {@link #close()}: the file and its write-ahead log (which
 * takes the writes in WAL mode). Root ignores file modes, so as root the files are made immutable
 * ({@code chattr +i}); otherwise read-only.
 */
public final class UnwritableDatabase implements AutoCloseable {

  private final Path[] files;
  private final boolean root = "root".equals(System.getProperty("user.name"));

  private UnwritableDatabase(Path database) {
    this.files = new Path[] {database, Path.of(database + "-wal")};
  }

  /** Makes {@code database} unwritable; fails the test when it cannot be. */
  public static UnwritableDatabase of(Path database) {
    UnwritableDatabase unwritable = new UnwritableDatabase(database);
    assertThat(unwritable.files[1]).as("the database runs in WAL mode").exists();
    assertThat(unwritable.root ? chattr("+i", unwritable.files) : writable(false, unwritable.files))
        .as("the database files can be made unwritable")
        .isTrue();
    return unwritable;
  }

  @Override
  public void close() {
    if (root) {
      chattr("-i", files);
    } else {
      writable(true, files);
    }
  }

  private static boolean writable(boolean writable, Path... files) {
    boolean all = true;
    for (Path file : files) {
      all &= file.toFile().setWritable(writable, false);
    }
    return all;
  }

  private static boolean chattr(String flag, Path... files) {
    List<String> command = new ArrayList<>(List.of("chattr", flag));
    for (Path file : files) {
      command.add(file.toString());
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
