package io.syncbridge.sync;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.DiskReserve;
import io.syncbridge.history.SyncHistoryService;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryWorkerTests {

  private final SyncHistoryService history = mock(SyncHistoryService.class);
  private final DiskReserve reserve = mock(DiskReserve.class);
  private final RetryWorker worker =
      new RetryWorker(
          mock(SyncService.class),
          history,
          new SyncBridgeProperties.Retry(
              true,
              Duration.ofSeconds(5),
              Duration.ofSeconds(10),
              Duration.ofHours(1),
              5,
              Duration.ofMinutes(5)),
          Clock.systemUTC(),
          () -> 0.5,
          reserve);

  @Test
  void claimsNothingWhileTheDiskReserveIsReached() {
    when(reserve.reached()).thenReturn(true);

    worker.poll();

    verify(history, never()).claimDueRetry(any(), any(), any());
  }

  @Test
  void claimsDueEntriesOtherwise() {
    when(history.claimDueRetry(any(), any(), any())).thenReturn(Optional.empty());

    worker.poll();

    verify(history).claimDueRetry(any(), any(), any());
  }
}
