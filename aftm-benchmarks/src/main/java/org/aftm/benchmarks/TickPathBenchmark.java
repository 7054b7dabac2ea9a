package org.aftm.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.aftm.adapter.zmq.codec.MalformedMessageException;
import org.aftm.adapter.zmq.codec.TickCodec;
import org.aftm.adapter.zmq.in.TickIntake;
import org.aftm.app.status.HopHistograms;
import org.aftm.application.port.out.GatewayHealth;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.OrderGateway;
import org.aftm.application.port.out.ReceiveOrderUpdatesPort;
import org.aftm.application.port.out.ReceiveTicksPort;
import org.aftm.application.service.StrategyAgent;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.strategy.StrategiesSetting;
import org.aftm.domain.strategy.StrategyCatalog;
import org.aftm.domain.strategy.StrategyHost;
import org.aftm.domain.strategy.SupportResistanceStrategy;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The strategy process's hot path per tick that fires no signal: a tick frame as the SUB socket
 * hands it over, decoded and counted by {@link TickIntake} (what {@code ZmqTickSubscriber.poll}
 * does per frame), through {@link StrategyAgent#doWork()} (the duty cycle: order updates, ticks,
 * housekeeping) into {@link SupportResistanceStrategy} over 1 or 10 conditions of the instrument,
 * none of which fires (a third new buys far below, a third new sells far above, a third entered
 * with exits 2,000 points away), timing tick → strategy into the hop histogram as the strategy
 * process does. The socket's own receive is left out: JeroMQ allocates its message on its I/O
 * thread; {@code TickThroughput} measures the path with the sockets.
 *
 * <p>Run with the allocation profiler: {@code java -cp
 * 'aftm-benchmarks/target/aftm-benchmarks-0.1.0-SNAPSHOT.jar:aftm-benchmarks/target/lib/*'
 * org.openjdk.jmh.Main TickPathBenchmark -prof gc}; {@code gc.alloc.rate.norm} is the bytes
 * allocated per tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class TickPathBenchmark {

  @Param({"1", "10"})
  public int conditions;

  /**
   * {@code host}: the support/resistance plugin through {@link StrategyHost}, as the strategy
   * process runs it since AFTM_STRATEGIES; {@code direct}: the strategy alone, as before.
   */
  @Param({"host", "direct"})
  public String path;

  private StrategyAgent agent;
  private FramePort port;

  @Setup(Level.Trial)
  public void setUp() {
    ConditionBook book = new ConditionBook();
    List<ConditionSnapshot> snapshots = new ArrayList<>();
    for (int k = 0; k < conditions; k++) {
      snapshots.add(quiet(k));
    }
    port = new FramePort();
    agent =
        new StrategyAgent(
            port,
            new NoOrderUpdates(),
            signal -> true,
            new Stored(snapshots),
            snapshot -> true,
            new SilentGateway(),
            book,
            path.equals("host")
                ? new StrategyHost(
                    StrategiesSetting.parse("support-resistance", StrategyCatalog.installed()),
                    book)
                : new SupportResistanceStrategy(book),
            System::nanoTime,
            5_000_000_000L,
            new HopHistograms());
    agent.onStart();
  }

  /** One duty cycle that takes one tick. */
  @Benchmark
  public int tick() {
    return agent.doWork();
  }

  @TearDown(Level.Trial)
  public void checkNothingMissed() {
    if (port.missed() != 0 || agent.signalsSent() != 0) {
      throw new IllegalStateException(
          "the path is not the quiet one measured: missed "
              + port.missed()
              + ", signals "
              + agent.signalsSent());
    }
  }

  static ConditionSnapshot quiet(int k) {
    switch (k % 3) {
      case 0:
        return ConditionSnapshot.fresh(k, spec(Side.BUY, 19_000, true));
      case 1:
        return ConditionSnapshot.fresh(k, spec(Side.SELL, 25_000, true));
      default:
        {
          ConditionSpec spec = spec(k % 2 == 0 ? Side.BUY : Side.SELL, 22_000, false);
          return new ConditionSnapshot(
              k,
              spec,
              ConditionState.ENTERED,
              spec.triggerPrice(),
              new ConditionProgress(
                  1, 1, Price.ofPoints(22_000).units(), true, 0, null, 0, 0, 0, 0, false, ""));
        }
    }
  }

  private static ConditionSpec spec(Side side, long triggerPoints, boolean following) {
    return new ConditionSpec(
        "TXF",
        side,
        Price.ofPoints(triggerPoints),
        Price.ofPoints(following ? 30 : 0),
        1,
        Price.ofPoints(2_000),
        Price.ofPoints(2_000),
        following);
  }

  /**
   * One frame per poll, its sequence, price and publish time written in place, through exactly what
   * {@code ZmqTickSubscriber.poll} does with a frame it received: {@link TickIntake}.
   */
  static final class FramePort implements ReceiveTicksPort {
    /** Sequence, price and publish time, after type, version, length and "TXF". */
    private static final int SEQUENCE_OFFSET = 3 + 3;

    private static final int PRICE_OFFSET = SEQUENCE_OFFSET + 8;
    private static final int PUBLISH_OFFSET = SEQUENCE_OFFSET + 32;

    private final TickIntake intake = new TickIntake(1_000_000_000L, System::nanoTime);
    private final byte[] frame;
    private long sequence;
    private int step;

    FramePort() {
      frame = TickCodec.encode(new TickEvent("TXF", 1, 0, 1, 1_790_000_000_000L, 0));
    }

    @Override
    public int poll(TickHandler handler, int limit) {
      sequence++;
      step = step == 199 ? 0 : step + 1;
      // Oscillates through 21950..22050, so the entered conditions compare both exits every tick.
      long points = step < 100 ? 22_050 - step : 21_950 + (step - 100);
      putLong(SEQUENCE_OFFSET, sequence);
      putLong(PRICE_OFFSET, points * Price.UNITS_PER_POINT);
      putLong(PUBLISH_OFFSET, System.nanoTime());
      try {
        intake.accept(intake.decode(frame, 0, frame.length), handler);
      } catch (MalformedMessageException e) {
        throw new IllegalStateException(e);
      }
      return 1;
    }

    private void putLong(int offset, long value) {
      for (int i = 7; i >= 0; i--) {
        frame[offset + i] = (byte) value;
        value >>>= 8;
      }
    }

    long missed() {
      return intake.missed();
    }

    @Override
    public LinkCounters counters() {
      return new LinkCounters(intake.received(), intake.missed(), intake.stale(), 0);
    }
  }

  static final class NoOrderUpdates implements ReceiveOrderUpdatesPort {
    @Override
    public int poll(Handler handler, int limit) {
      return 0;
    }

    @Override
    public LinkCounters counters() {
      return new LinkCounters(0, 0, 0, 0);
    }
  }

  static final class Stored implements LoadConditionsPort {
    private final List<ConditionSnapshot> snapshots;

    Stored(List<ConditionSnapshot> snapshots) {
      this.snapshots = snapshots;
    }

    @Override
    public List<ConditionSnapshot> loadActiveConditions() {
      return snapshots;
    }

    @Override
    public List<ConditionSnapshot> loadAllConditions() {
      return snapshots;
    }

    @Override
    public Optional<ConditionSnapshot> loadCondition(long id) {
      return snapshots.stream().filter(s -> s.id() == id).findFirst();
    }
  }

  static final class SilentGateway implements OrderGateway {
    @Override
    public OrderResult sendOrder(OrderRequest request, long originNanos) {
      throw new UnsupportedOperationException();
    }

    @Override
    public GatewayHealth healthCheck() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<OrderUpdate> orderStates(List<String> clientOrderIds) {
      return List.of();
    }

    @Override
    public void acknowledgeCommand(long commandId) {}

    @Override
    public List<Position> positions(String account) {
      return List.of();
    }
  }
}
