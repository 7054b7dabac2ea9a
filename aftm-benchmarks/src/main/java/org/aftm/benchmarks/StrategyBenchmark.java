package org.aftm.benchmarks;

import java.util.concurrent.TimeUnit;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.StrategyListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of {@code SupportResistanceStrategy.onTick} per tick with 1, 100 and 10,000 active
 * conditions on one instrument; see {@link StrategyWorkload} for the condition mix and price path.
 * Divide the score by {@code conditions} for the cost per condition.
 *
 * <p>Run: {@code java -cp
 * 'aftm-benchmarks/target/aftm-benchmarks-0.1.0-SNAPSHOT.jar:aftm-benchmarks/target/lib/*'
 * org.openjdk.jmh.Main StrategyBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class StrategyBenchmark {

  @Param({"1", "100", "10000"})
  public int conditions;

  /**
   * Whether 1 in 100 conditions cycles through entry and exit and is re-armed ({@code -p
   * churn=false} to compare).
   */
  @Param({"true"})
  public boolean churn;

  /**
   * Whether the strategy runs as the support/resistance plugin in a {@link
   * org.aftm.domain.strategy.StrategyHost} (as the strategy process and replay run it) or alone.
   */
  @Param({"true", "false"})
  public boolean hosted;

  private StrategyWorkload workload;
  private final BlackholeListener sink = new BlackholeListener();

  @Setup(Level.Trial)
  public void setUp() {
    workload = new StrategyWorkload(conditions, sink, churn, hosted);
  }

  /** One tick through the strategy over the whole book. */
  @Benchmark
  public void onTick(Blackhole blackhole) {
    sink.blackhole = blackhole;
    workload.tick();
  }

  /**
   * Hands every signal and state change to JMH's blackhole, as a real listener would consume them.
   */
  static final class BlackholeListener implements StrategyListener {
    Blackhole blackhole;

    @Override
    public void onSignal(Signal signal) {
      blackhole.consume(signal);
    }

    @Override
    public void onConditionChanged(Condition condition, ConditionStep step) {
      blackhole.consume(step);
    }
  }
}
