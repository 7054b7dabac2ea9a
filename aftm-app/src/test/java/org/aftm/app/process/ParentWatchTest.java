package org.aftm.app.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No child outlives the main process: it ends on end-of-file from its parent's pipe or on the
 * parent's exit.
 */
class ParentWatchTest {

  @TempDir Path logDir;

  @Test
  void aChildWhoseStdinPipeClosesExits() throws IOException {
    Process child =
        TestChildren.launcher(ParentWatchingChild.class, logDir)
            .launch(ChildRole.STRATEGY, List.of());
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  TestChildren.output(logDir, ChildRole.STRATEGY).contains("watching")
                      || !child.isAlive());
      assertThat(child.isAlive()).as("the child blocks while its parent's pipe is open").isTrue();

      child.getOutputStream().close();

      await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
      assertThat(child.exitValue()).as("ended by the watch, not otherwise").isZero();
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aChildReadsTheFirstLineOfItsPipeThenStillEndsAtEndOfFile() throws IOException {
    Process child =
        TestChildren.launcher(ParentWatchingChild.class, logDir)
            .launch(ChildRole.ORDER_EXECUTOR, List.of("keys"), "aftm-link-keys/1 none");
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  TestChildren.output(logDir, ChildRole.ORDER_EXECUTOR)
                          .contains("first line: aftm-link-keys/1 none")
                      || !child.isAlive());
      assertThat(child.isAlive()).as("the line is no end-of-file").isTrue();
      assertThat(FullCommandLine.of(child.toHandle()))
          .as("the line is not on the command line")
          .doesNotContain("aftm-link-keys");

      child.getOutputStream().close();

      await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
      assertThat(child.exitValue()).isZero();
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aChildWhoseOrderlyStopHangsIsHaltedSoonAfterItsParentIsGone() throws IOException {
    Process child =
        TestChildren.launcher(ParentWatchingChild.class, logDir)
            .launch(ChildRole.STRATEGY, List.of("stubborn"));
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  TestChildren.output(logDir, ChildRole.STRATEGY).contains("watching")
                      || !child.isAlive());
      assertThat(child.isAlive()).isTrue();

      long closedAt = System.nanoTime();
      child.getOutputStream().close();

      await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
      Duration took = Duration.ofNanos(System.nanoTime() - closedAt);
      assertThat(child.exitValue()).as("halted").isEqualTo(ParentWatch.HALTED_EXIT_CODE);
      assertThat(took)
          .as("500 ms bound, plus slack for a busy machine")
          .isLessThan(Duration.ofSeconds(3));
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void theParentsExitRunsTheCallbackOnce() throws IOException, InterruptedException {
    Process parent =
        TestChildren.launcher(SleepingChild.class, logDir).launch(ChildRole.STRATEGY, List.of());
    AtomicInteger calls = new AtomicInteger();
    try {
      ParentWatch.start(parent.pid(), null, calls::incrementAndGet);
      assertThat(calls).as("the parent still runs").hasValue(0);

      parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void aParentAlreadyGoneRunsTheCallbackAtOnce() throws IOException, InterruptedException {
    Process gone =
        TestChildren.launcher(EnvironmentPrintingChild.class, logDir)
            .launch(ChildRole.STRATEGY, List.of());
    assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
    AtomicInteger calls = new AtomicInteger();

    ParentWatch.start(gone.pid(), null, calls::incrementAndGet);

    assertThat(calls).hasValue(1);
  }
}
