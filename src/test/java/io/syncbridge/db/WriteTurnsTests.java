package io.syncbridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.DefaultTransactionDefinition;

class WriteTurnsTests {

  private final WriteTurns turns = new WriteTurns(Duration.ofSeconds(30));

  @Test
  void aWriteWaitsForTheWriteBeforeItAndBeginsOnceThatOneEnds() throws Exception {
    turns.begin(write(0), () -> {});
    AtomicBoolean begun = new AtomicBoolean();
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(
            () -> {
              turns.begin(write(0), () -> begun.set(true));
              turns.end(() -> {});
            });

    Thread.sleep(200);
    assertThat(begun).isFalse();

    turns.end(() -> {});
    second.get(5, TimeUnit.SECONDS);
    assertThat(begun).isTrue();
  }

  @Test
  void aReadOnlyTransactionDoesNotWaitForTheWriter() throws Exception {
    turns.begin(write(0), () -> {});
    try {
      CompletableFuture.runAsync(
              () -> {
                turns.begin(readOnly(), () -> {});
                turns.end(() -> {});
              })
          .get(5, TimeUnit.SECONDS);
    } finally {
      turns.end(() -> {});
    }
  }

  @Test
  void aWriteThatWaitsLongerThanItsTimeoutFailsAndLeavesTheTurnToOthers() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () -> {
              turns.begin(write(0), holding::countDown);
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              turns.end(() -> {});
            });
    holding.await();

    assertThatThrownBy(() -> turns.begin(write(1), () -> {}))
        .isInstanceOf(CannotCreateTransactionException.class)
        .hasMessageContaining("waiting for the database write lock");

    release.countDown();
    holder.get(5, TimeUnit.SECONDS);
    turns.begin(write(1), () -> {});
    turns.end(() -> {});
  }

  @Test
  void aTransactionThatFailsToBeginGivesItsTurnBack() throws Exception {
    assertThatThrownBy(
            () ->
                turns.begin(
                    write(0),
                    () -> {
                      throw new IllegalStateException("no connection");
                    }))
        .hasMessage("no connection");

    CompletableFuture.runAsync(
            () -> {
              turns.begin(write(1), () -> {});
              turns.end(() -> {});
            })
        .get(5, TimeUnit.SECONDS);
  }

  private static DefaultTransactionDefinition write(int timeoutSeconds) {
    DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
    if (timeoutSeconds > 0) {
      definition.setTimeout(timeoutSeconds);
    }
    return definition;
  }

  private static DefaultTransactionDefinition readOnly() {
    DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
    definition.setReadOnly(true);
    return definition;
  }
}
