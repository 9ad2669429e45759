package io.syncbridge.jobs;

import io.syncbridge.SyncBridgeProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Where a job's files lie: its data ({@code <id>.data}, the uploads appended) and its results
 * ({@code <id>.successful}, {@code <id>.failed}, appended chunk by chunk). Their committed lengths
 * are in the job's row; what lies beyond them is left over from a chunk that did not commit.
 */
@Component
class JobFiles {

  private final Path directory;

  JobFiles(SyncBridgeProperties properties) {
    this.directory = Path.of(properties.jobs().directory());
  }

  Path data(long job) {
    return file(job, "data");
  }

  void delete(long job) {
    try {
      Files.deleteIfExists(data(job));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file(long job, String kind) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return directory.resolve(job + "." + kind);
  }
}
