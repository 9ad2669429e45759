package io.syncbridge.jobs;

import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.WriteTransactions;
import io.syncbridge.error.ConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Appends uploads to jobs' data files. Uploads to one job take turns, on any instance: the turn is
 * kept in the job's row and renewed while the data arrives; the job's size grows only once an
 * upload is on disk, so one that fails leaves the job as it was.
 */
@Component
class JobUploads {

  /** How long an upload keeps its turn without renewing it (while its data arrives). */
  private static final Duration UPLOAD_TURN = Duration.ofMinutes(1);

  private final SyncJobRepository jobs;
  private final JobFiles files;
  private final WriteTransactions transactions;
  private final Clock clock;
  private final long maxBytes;

  JobUploads(
      SyncJobRepository jobs,
      JobFiles files,
      WriteTransactions transactions,
      Clock clock,
      SyncBridgeProperties properties) {
    this.jobs = jobs;
    this.files = files;
    this.transactions = transactions;
    this.clock = clock;
    this.maxBytes = properties.jobs().maxSize().toBytes();
  }

  /** Appends {@code body} to job {@code id}'s data, in {@code format}. */
  void append(long id, JobFormat format, InputStream body) throws IOException {
    String uploader = UUID.randomUUID().toString();
    Instant now = clock.instant();
    if (transactions.execute(() -> jobs.claimUpload(id, uploader, now, now.plus(UPLOAD_TURN)))
        == 0) {
      SyncJobState state = jobs.findById(id).orElseThrow().state();
      throw new ConflictException(
          state == SyncJobState.OPEN
              ? "Another upload to this job is in progress; send the next one when it has ended."
              : "Data can only be uploaded to an open job; this one is " + state.value() + ".");
    }
    // The row as the turn left it: what earlier uploads committed.
    SyncJob current = jobs.findById(id).orElseThrow();
    if (current.format() != null && current.format() != format) {
      transactions.execute(() -> jobs.releaseUpload(id, uploader));
      throw new ConflictException(
          "This job's data is "
              + current.format().mediaType
              + "; upload the rest in the same format.");
    }
    long from = current.bytesUploaded();
    boolean keepTurn = true;
    try (FileChannel data =
        FileChannel.open(
            files.data(id),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      try {
        JobUpload.Appended appended =
            JobUpload.append(
                body, data, from, format, current.csvHeader(), maxBytes, () -> renew(id, uploader));
        data.force(true);
        if (transactions.execute(
                () ->
                    jobs.uploaded(
                        id, uploader, appended.length(), format.value(), appended.header()))
            == 0) {
          throw new ConflictException("The job stopped taking data while this upload arrived.");
        }
        keepTurn = false;
      } catch (UploadTurnLost lost) {
        // Another upload holds the turn now and writes to the file: leave it alone.
        keepTurn = false;
        throw new ConflictException("This upload took too long between two pieces of data.");
      } finally {
        // Cut back what this upload wrote, while it still holds the turn (another one may not).
        if (keepTurn && holdsTurn(id, uploader)) {
          data.truncate(from);
          transactions.execute(() -> jobs.releaseUpload(id, uploader));
        }
      }
    }
  }

  /** Keeps an upload's turn while its data arrives. */
  private void renew(long id, String uploader) {
    if (!holdsTurn(id, uploader)) {
      throw new UploadTurnLost();
    }
  }

  private boolean holdsTurn(long id, String uploader) {
    Instant until = clock.instant().plus(UPLOAD_TURN);
    return transactions.execute(() -> jobs.renewUpload(id, uploader, until)) > 0;
  }

  /** Another upload took the job's turn: this one's data is not the job's any more. */
  private static final class UploadTurnLost extends RuntimeException {
    UploadTurnLost() {
      super(null, null, false, false);
    }
  }
}
