package org.aftm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.StrategyListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each harness for about a second on tiny inputs, so a broken harness is found by {@code
 * verify} and not after a long run. The measurements themselves are not asserted.
 */
class BenchmarkHarnessSmokeTest {

  @Test
  void strategyWorkloadKeepsEveryConditionActiveAndKeepsSignalling() {
    StrategyWorkload workload = new StrategyWorkload(1_000, new CountingListener());
    for (int i = 0; i < workload.pathLength() * 5; i++) {
      workload.tick();
    }

    assertThat(workload.bookSize()).isEqualTo(1_000);
    // 10 cycling conditions, two signals per oscillation each.
    assertThat(workload.signals()).isGreaterThanOrEqualTo(10L * 2 * 4);
    assertThat(workload.rearmed()).isGreaterThanOrEqualTo(10L * 4);
    assertThat(workload.states())
        .containsKeys(ConditionState.NEW, ConditionState.TRIGGERED, ConditionState.ENTERED);
    assertThat(workload.states().get(ConditionState.ENTERED)).isGreaterThanOrEqualTo(200);
  }

  @Test
  void oneConditionWorkloadNeverSignals() {
    StrategyWorkload workload = new StrategyWorkload(1, new CountingListener());
    for (int i = 0; i < 1_000; i++) {
      workload.tick();
    }

    assertThat(workload.bookSize()).isEqualTo(1);
    assertThat(workload.signals()).isZero();
  }

  @Test
  void replayThroughputRunsAllThreePhases(@TempDir Path dir) throws Exception {
    StringWriter text = new StringWriter();
    Options options =
        Options.parse(
            new String[] {
              "--ticks",
              "20000",
              "--conditions",
              "20",
              "--warmup",
              "1",
              "--iterations",
              "2",
              "--dir",
              dir.toString()
            },
            java.util.Set.of("ticks", "conditions", "warmup", "iterations", "dir"));

    double ticksPerSecond = new ReplayThroughput(options, new PrintWriter(text)).run();

    assertThat(ticksPerSecond).isPositive();
    assertThat(text.toString())
        .contains("(a) read CSV", "(b) replay", "(c) aftm replay", "signals=");
    assertThat(dir.resolve("ticks-20000.csv")).isRegularFile();
  }

  /** Counts what the strategy reports. */
  private static final class CountingListener implements StrategyListener {
    final List<Signal> signals = new java.util.ArrayList<>();

    @Override
    public void onSignal(Signal signal) {
      signals.add(signal);
    }

    @Override
    public void onConditionChanged(Condition condition, ConditionStep step) {}
  }
}
