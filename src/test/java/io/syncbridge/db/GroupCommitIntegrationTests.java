package io.syncbridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.SqliteOnly;
import io.syncbridge.support.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Units waiting together commit together; a failing one leaves nothing behind, events included. */
@SqliteOnly
class GroupCommitIntegrationTests extends IntegrationTest {

  @Autowired GroupCommit groupCommit;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactionManager;

  @BeforeEach
  void forgetUnitsOfEarlierTests() {
    jdbc.update("DELETE FROM health_probe WHERE id > 100");
  }

  @Test
  void waitingUnitsShareOneTransactionAndAFailingOneRollsBackAlone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      Future<?> blocker = holdTheWriter(callers, release);
      AtomicBoolean failedUnitsCallbackRan = new AtomicBoolean();
      AtomicBoolean goodUnitsCallbackRan = new AtomicBoolean();
      Future<Object> first =
          callers.submit(() -> groupCommit.run(() -> insert(101, goodUnitsCallbackRan)));
      Future<Object> failing =
          callers.submit(
              () ->
                  groupCommit.run(
                      () -> {
                        insert(102, failedUnitsCallbackRan);
                        throw new IllegalStateException("this unit fails after writing");
                      }));
      Future<Object> last =
          callers.submit(() -> groupCommit.run(() -> insert(103, new AtomicBoolean())));
      releaseAsOneGroup(release, blocker);

      Object transactionOfFirst = first.get(5, TimeUnit.SECONDS);
      assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class);
      assertThat(last.get(5, TimeUnit.SECONDS)).isSameAs(transactionOfFirst);
      // health_probe is a table tests may write without touching the models; ids 101.. are ours.
      assertThat(
              jdbc.queryForList(
                  "SELECT id FROM health_probe WHERE id > 100 ORDER BY id", Long.class))
          .containsExactly(101L, 103L);
      assertThat(goodUnitsCallbackRan).isTrue();
      assertThat(failedUnitsCallbackRan).isFalse();
    } finally {
      release.countDown();
      callers.shutdownNow();
    }
  }

  /**
   * A failure that passes through a transactional method marks the whole JPA transaction for
   * rollback, which a savepoint cannot reset: the unit fails alone all the same, and the others
   * commit, in a transaction of their own.
   */
  @Test
  void aUnitThatMarksTheSharedTransactionForRollbackFailsAlone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    TransactionTemplate participating = new TransactionTemplate(transactionManager);
    try {
      Future<?> blocker = holdTheWriter(callers, release);
      AtomicBoolean firstCommitted = new AtomicBoolean();
      AtomicBoolean failedUnitsCallbackRan = new AtomicBoolean();
      AtomicBoolean lastCommitted = new AtomicBoolean();
      Future<Object> first =
          callers.submit(() -> groupCommit.run(() -> insert(101, firstCommitted)));
      Future<Object> failing =
          callers.submit(
              () ->
                  groupCommit.run(
                      () -> {
                        insert(102, failedUnitsCallbackRan);
                        return participating.execute(
                            status -> {
                              throw new IllegalStateException("fails inside a transaction");
                            });
                      }));
      Future<Object> last = callers.submit(() -> groupCommit.run(() -> insert(103, lastCommitted)));
      releaseAsOneGroup(release, blocker);

      assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("fails inside a transaction");
      assertThat(last.get(5, TimeUnit.SECONDS)).isSameAs(first.get(5, TimeUnit.SECONDS));
      assertThat(
              jdbc.queryForList(
                  "SELECT id FROM health_probe WHERE id > 100 ORDER BY id", Long.class))
          .containsExactly(101L, 103L);
      assertThat(firstCommitted).isTrue();
      assertThat(lastCommitted).isTrue();
      assertThat(failedUnitsCallbackRan).isFalse();
    } finally {
      release.countDown();
      callers.shutdownNow();
    }
  }

  @Test
  void concurrentSmallSyncsSucceedOrFailEachOnTheirOwn() throws Exception {
    sync("customers", customer("taken"));
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<TestResponse>> answers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String email = i % 4 == 0 ? "taken" : "c" + i;
      answers.add(clients.submit(() -> sync("customers", customer(email))));
    }
    int ok = 0;
    int conflicts = 0;
    for (Future<TestResponse> answer : answers) {
      int status = answer.get(30, TimeUnit.SECONDS).status();
      ok += status == 200 ? 1 : 0;
      conflicts += status == 409 ? 1 : 0;
    }
    clients.shutdown();

    assertThat(ok).isEqualTo(30);
    assertThat(conflicts).isEqualTo(10);
    assertThat(count("customers")).isEqualTo(31);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM sync_history WHERE status = 'successful'", Long.class))
        .isEqualTo(31);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM sync_history WHERE status = 'failed'", Long.class))
        .isEqualTo(10);
  }

  /** Occupies the group-commit writer until released, so that the next units queue as a group. */
  private Future<?> holdTheWriter(ExecutorService callers, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch writerBusy = new CountDownLatch(1);
    Future<?> blocker =
        callers.submit(
            () ->
                groupCommit.run(
                    () -> {
                      writerBusy.countDown();
                      await(release);
                      return null;
                    }));
    assertThat(writerBusy.await(5, TimeUnit.SECONDS)).isTrue();
    return blocker;
  }

  /** Waits for the three units to queue behind the blocker, then lets them run as one group. */
  private void releaseAsOneGroup(CountDownLatch release, Future<?> blocker) throws Exception {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(groupCommit::waitingUnits, waiting -> waiting == 3);
    release.countDown();
    blocker.get(5, TimeUnit.SECONDS);
  }

  private Object insert(long id, AtomicBoolean afterCommit) {
    jdbc.update("INSERT INTO health_probe (id, checked_at) VALUES (?, 0)", id);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            afterCommit.set(true);
          }
        });
    return TransactionSynchronizationManager.getResource(dataSource);
  }

  private static String customer(String name) {
    return "[{\"email\":\"" + name + "@example.com\",\"first_name\":\"A\",\"last_name\":\"B\"}]";
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
