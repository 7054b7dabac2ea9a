package org.aftm.app.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.app.process.ProcessSupervisor.ChildStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real child JVMs: restart with back-off, give up, stop. */
class ProcessSupervisorTest {

  private static final Duration GENEROUS = Duration.ofSeconds(60);

  @TempDir Path logDir;

  @Test
  void aDyingChildIsRestartedWithBackOffUntilTheSupervisorGivesUp() throws IOException {
    RestartPolicy policy =
        new RestartPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 3, Duration.ofMinutes(1));
    AtomicInteger argumentRequests = new AtomicInteger();
    try (ProcessSupervisor supervisor =
        new ProcessSupervisor(
            TestChildren.launcher(FailingChild.class, logDir), policy, Duration.ofSeconds(5))) {

      supervisor.start(
          ChildRole.STRATEGY,
          role -> {
            argumentRequests.incrementAndGet();
            return List.of(role.id());
          });

      await()
          .atMost(GENEROUS)
          .until(() -> supervisor.status().get(ChildRole.STRATEGY).restarts() >= 1);
      await().atMost(GENEROUS).until(() -> supervisor.status().get(ChildRole.STRATEGY).gaveUp());
      ChildStatus status = supervisor.status().get(ChildRole.STRATEGY);
      assertThat(status.restarts()).as("restarted maxRestarts times, then given up").isEqualTo(3);
      assertThat(status.alive()).isFalse();
      assertThat(argumentRequests).as("arguments asked again at every start").hasValue(4);

      List<Long> starts =
          TestChildren.output(logDir, ChildRole.STRATEGY)
              .lines()
              .filter(line -> line.startsWith("started "))
              .map(line -> Long.parseLong(line.substring(8)))
              .toList();
      assertThat(starts).hasSize(4);
      for (int restart = 1; restart <= 3; restart++) {
        long gap = starts.get(restart) - starts.get(restart - 1);
        assertThat(gap)
            .as("gap before restart %d", restart)
            .isGreaterThanOrEqualTo(policy.delayFor(restart).toMillis());
      }
    }
  }

  @Test
  void closeStopsLongRunningChildrenPolitelyAndDoesNotRestartThem() throws IOException {
    ProcessSupervisor supervisor =
        new ProcessSupervisor(
            TestChildren.launcher(SleepingChild.class, logDir),
            fastPolicy(),
            Duration.ofSeconds(10));
    try {
      supervisor.start(ChildRole.STRATEGY, role -> List.of());
      supervisor.start(ChildRole.ORDER_EXECUTOR, role -> List.of());
      awaitReady(ChildRole.STRATEGY);
      awaitReady(ChildRole.ORDER_EXECUTOR);
      Process strategy = supervisor.process(ChildRole.STRATEGY);
      Process executor = supervisor.process(ChildRole.ORDER_EXECUTOR);
      assertThat(supervisor.status().values()).allSatisfy(s -> assertThat(s.alive()).isTrue());

      long started = System.nanoTime();
      supervisor.close();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(strategy.isAlive()).isFalse();
      assertThat(executor.isAlive()).isFalse();
      assertThat(took)
          .as("SIGTERM suffices; no need to wait out the grace")
          .isLessThan(Duration.ofSeconds(10));
      assertThat(supervisor.process(ChildRole.STRATEGY))
          .as("not restarted after close")
          .isSameAs(strategy);
      assertThat(supervisor.status().values()).allSatisfy(s -> assertThat(s.restarts()).isZero());
    } finally {
      supervisor.close();
    }
  }

  @Test
  void closeKillsAChildThatIgnoresTerminationAfterTheGracePeriod() throws IOException {
    Duration grace = Duration.ofMillis(500);
    ProcessSupervisor supervisor =
        new ProcessSupervisor(
            TestChildren.launcher(SleepingChild.class, logDir), fastPolicy(), grace);
    try {
      supervisor.start(ChildRole.STRATEGY, role -> List.of("stubborn"));
      awaitReady(ChildRole.STRATEGY);
      Process child = supervisor.process(ChildRole.STRATEGY);

      long started = System.nanoTime();
      supervisor.close();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(child.isAlive()).isFalse();
      assertThat(took)
          .as("waited the grace period, then killed")
          .isGreaterThanOrEqualTo(grace)
          .isLessThan(grace.multipliedBy(2).plusSeconds(5));
    } finally {
      supervisor.close();
    }
  }

  @Test
  void aClosedSupervisorStartsNothing() {
    ProcessSupervisor supervisor =
        new ProcessSupervisor(
            TestChildren.launcher(SleepingChild.class, logDir),
            fastPolicy(),
            Duration.ofSeconds(1));
    supervisor.close();

    assertThatThrownBy(() -> supervisor.start(ChildRole.STRATEGY, role -> List.of()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(supervisor.status()).isEmpty();
  }

  private void awaitReady(ChildRole role) {
    await().atMost(GENEROUS).until(() -> TestChildren.output(logDir, role).contains("ready"));
  }

  private static RestartPolicy fastPolicy() {
    return new RestartPolicy(
        Duration.ofMillis(50), Duration.ofMillis(200), 3, Duration.ofMinutes(1));
  }
}
