package org.aftm.app.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.app.process.ProcessSupervisor.ChildStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real child JVMs: restart with back-off, give up, stop. */
class ProcessSupervisorTest {

  private static final Duration GENEROUS = Duration.ofSeconds(60);

  @TempDir Path logDir;

  /** What the supervisor told when it gave up. */
  private final List<String> gaveUp = new CopyOnWriteArrayList<>();

  @Test
  void aDyingChildIsRestartedWithBackOffUntilTheSupervisorGivesUp() throws IOException {
    RestartPolicy policy =
        new RestartPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 3, Duration.ofMinutes(1));
    AtomicInteger argumentRequests = new AtomicInteger();
    try (ProcessSupervisor supervisor =
        new ProcessSupervisor(
            TestChildren.launcher(FailingChild.class, logDir),
            policy,
            Duration.ofSeconds(5),
            gaveUp::add)) {

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
      assertThat(status.ready()).as("it never said it was ready").isFalse();
      assertThat(gaveUp)
          .as("the listener is told once, with the child and how often it died")
          .singleElement()
          .asString()
          .contains("strategy died 4 times within 60 s");

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
            Duration.ofSeconds(10),
            gaveUp::add);
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
            TestChildren.launcher(SleepingChild.class, logDir), fastPolicy(), grace, gaveUp::add);
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
            Duration.ofSeconds(1),
            gaveUp::add);
    supervisor.close();

    assertThatThrownBy(() -> supervisor.start(ChildRole.STRATEGY, role -> List.of()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(supervisor.status()).isEmpty();
  }

  @Test
  void aChildIsReadyOnlyWhenItsRunningProcessSaysSo() throws IOException {
    try (ProcessSupervisor supervisor =
        new ProcessSupervisor(
            TestChildren.launcher(SleepingChild.class, logDir),
            fastPolicy(),
            Duration.ofSeconds(5),
            gaveUp::add)) {
      supervisor.start(ChildRole.STRATEGY, role -> List.of());
      long pid = supervisor.process(ChildRole.STRATEGY).pid();
      assertThat(supervisor.status().get(ChildRole.STRATEGY).ready())
          .as("a process that exists is not yet ready")
          .isFalse();

      assertThat(supervisor.markReady(ChildRole.STRATEGY, pid + 1))
          .as("a heartbeat of another pid (an earlier process of the role)")
          .isFalse();
      assertThat(supervisor.markReady(ChildRole.ORDER_EXECUTOR, pid))
          .as("not supervised")
          .isFalse();
      assertThat(supervisor.status().get(ChildRole.STRATEGY).ready()).isFalse();

      assertThat(supervisor.markReady(ChildRole.STRATEGY, pid)).isTrue();
      assertThat(supervisor.markReady(ChildRole.STRATEGY, pid)).as("a repeat").isFalse();
      assertThat(supervisor.status().get(ChildRole.STRATEGY).ready()).isTrue();

      supervisor.process(ChildRole.STRATEGY).destroyForcibly();
      await()
          .atMost(GENEROUS)
          .until(() -> supervisor.status().get(ChildRole.STRATEGY).pid() != pid);
      assertThat(supervisor.status().get(ChildRole.STRATEGY).ready())
          .as("the restarted process has not said it is ready")
          .isFalse();
    }
  }

  @Test
  void aChildThatRanHealthyForAWhileStartsOverWithACleanSlate() throws Exception {
    // Two restarts allowed: without the reset the third death would be the end of it.
    RestartPolicy policy =
        new RestartPolicy(
            Duration.ofMillis(100),
            Duration.ofSeconds(20),
            2,
            Duration.ofMinutes(1),
            Duration.ofMillis(300));
    try (ProcessSupervisor supervisor =
        new ProcessSupervisor(
            TestChildren.launcher(SleepingChild.class, logDir),
            policy,
            Duration.ofSeconds(5),
            gaveUp::add)) {
      supervisor.start(ChildRole.STRATEGY, role -> List.of());
      for (int death = 1; death <= 4; death++) {
        Process running = supervisor.process(ChildRole.STRATEGY);
        assertThat(supervisor.markReady(ChildRole.STRATEGY, running.pid())).isTrue();
        long readyAt = System.nanoTime();
        await()
            .atMost(GENEROUS)
            .until(() -> System.nanoTime() - readyAt > policy.healthyAfter().toNanos());

        running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long killedAt = System.nanoTime();
        await().atMost(GENEROUS).until(() -> supervisor.process(ChildRole.STRATEGY) != running);
        Duration delay = Duration.ofNanos(System.nanoTime() - killedAt);

        assertThat(delay)
            .as(
                "death %d is the first since a healthy run: restarted after the initial delay",
                death)
            .isLessThan(Duration.ofSeconds(5));
      }
      assertThat(supervisor.status().get(ChildRole.STRATEGY).gaveUp()).isFalse();
      assertThat(supervisor.status().get(ChildRole.STRATEGY).restarts()).isEqualTo(4);
      assertThat(gaveUp).isEmpty();
    }
  }

  @Test
  void runningLongWithoutEverBeingReadyDoesNotResetTheBudget() throws Exception {
    RestartPolicy policy =
        new RestartPolicy(
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            2,
            Duration.ofMinutes(1),
            Duration.ofMillis(200));
    try (ProcessSupervisor supervisor =
        new ProcessSupervisor(
            TestChildren.launcher(SleepingChild.class, logDir),
            policy,
            Duration.ofSeconds(5),
            gaveUp::add)) {
      supervisor.start(ChildRole.ORDER_EXECUTOR, role -> List.of());
      for (int death = 1; death <= 3; death++) {
        Process running = supervisor.process(ChildRole.ORDER_EXECUTOR);
        long startedAt = System.nanoTime();
        await()
            .atMost(GENEROUS)
            .until(() -> System.nanoTime() - startedAt > policy.healthyAfter().toNanos());
        running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        if (death < 3) {
          await()
              .atMost(GENEROUS)
              .until(() -> supervisor.process(ChildRole.ORDER_EXECUTOR) != running);
        }
      }
      await().atMost(GENEROUS).until(() -> !gaveUp.isEmpty());
      assertThat(supervisor.status().get(ChildRole.ORDER_EXECUTOR).gaveUp()).isTrue();
      assertThat(gaveUp).singleElement().asString().contains("order-executor died 3 times");
    }
  }

  private void awaitReady(ChildRole role) {
    await().atMost(GENEROUS).until(() -> TestChildren.output(logDir, role).contains("ready"));
  }

  private static RestartPolicy fastPolicy() {
    return new RestartPolicy(
        Duration.ofMillis(50), Duration.ofMillis(200), 3, Duration.ofMinutes(1));
  }
}
