package org.aftm.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.TickFileReader;
import org.aftm.adapter.out.sim.TickFileWriter;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.cli.LogSetup;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.Backtests;
import org.aftm.app.wiring.SimulatedBrokers;
import org.aftm.application.backtest.BacktestLedger;
import org.aftm.application.backtest.ReplayFills;
import org.aftm.application.service.RecordedTicks;
import org.aftm.application.service.ReplayService;
import org.aftm.application.service.ReplayService.ReplaySummary;
import org.aftm.application.service.RiskLimits;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Fill;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.StrategyParameters;
import org.aftm.domain.strategy.SupportResistancePlugin;
import org.aftm.domain.strategy.SupportResistanceStrategy;

/**
 * Replay and backtest throughput, six phases over one recorded file of {@code --ticks} ticks
 * (default one million) with {@code --conditions} conditions (default 100) placed around its path:
 *
 * <ol>
 *   <li>read: {@link TickFileReader#read} of the CSV;
 *   <li>replay: {@link ReplayService#replay} wired exactly as {@code aftm replay} wires it, with a
 *       listener that does nothing;
 *   <li>aftm replay: the whole command through {@link AftmCli#execute}, output to a null writer;
 *   <li>backtest: {@link Backtests#run} with costs on (fee, tax, one tick of slippage): the same
 *       replay plus the ledger, timed alternately with the plain replay so the ratio of their
 *       medians compares like with like;
 *   <li>aftm backtest: the whole command, report folder (HTML, PNG charts, trades CSV) included;
 *   <li>the ledger alone over one replay's ticks and fills: what a backtest adds to a replay.
 * </ol>
 *
 * <p>Each phase runs {@code --warmup} iterations, then {@code --iterations} measured ones. Run:
 * {@code java -cp
 * 'aftm-benchmarks/target/aftm-benchmarks-0.1.0-SNAPSHOT.jar:aftm-benchmarks/target/lib/*'
 * org.aftm.benchmarks.ReplayThroughput}
 */
public final class ReplayThroughput {

  private static final long SEED = 20_261_123L;

  /** Costs on, all three: a fee, the tax and a tick of slippage. */
  private static final TradingCosts COSTS =
      new TradingCosts(Price.ofPoints(50), new BigDecimal("0.00002"), 1);

  private final int tickCount;
  private final int conditionCount;
  private final int warmup;
  private final int iterations;
  private final Path directory;
  private final PrintWriter out;

  ReplayThroughput(Options options, PrintWriter out) {
    this.tickCount = options.intValue("ticks", 1_000_000);
    this.conditionCount = options.intValue("conditions", 100);
    this.warmup = options.intValue("warmup", 3);
    this.iterations = options.intValue("iterations", 10);
    this.directory = Path.of(options.text("dir", "aftm-benchmarks/target/replay-benchmark"));
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    LogSetup.quiet();
    PrintWriter out =
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    new ReplayThroughput(
            Options.parse(args, Set.of("ticks", "conditions", "warmup", "iterations", "dir")), out)
        .run();
  }

  /** Runs all six phases and returns the median replay throughput, ticks per second. */
  double run() throws IOException {
    Files.createDirectories(directory);
    Path tickFile = directory.resolve("ticks-" + tickCount + ".csv");
    long started = System.nanoTime();
    TickFileWriter.writeRandomWalk(tickFile, tickCount, SEED);
    long writeNanos = System.nanoTime() - started;
    RecordedTicks recorded = new TickFileReader().read(tickFile);
    List<ConditionSpec> specs = ReplayConditions.around(recorded, conditionCount);
    Path conditionsFile = directory.resolve("conditions-" + conditionCount + ".json");
    ReplayConditions.writeJson(conditionsFile, specs);
    out.printf(
        "Replay throughput: %,d ticks (%s, %,d bytes, written in %.0f ms), %d conditions, %d warm-up + %d measured iterations per phase%n",
        recorded.size(),
        tickFile,
        Files.size(tickFile),
        writeNanos / 1e6,
        conditionCount,
        warmup,
        iterations);
    out.printf(
        "JVM %s, %d CPUs available, threads not pinned, load average %s%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), LoadAverage.now());

    ThroughputSamples read = new ThroughputSamples("(a) read CSV (TickFileReader)");
    ThroughputSamples replay = new ThroughputSamples("(b) replay (ReplayService)");
    ThroughputSamples command = new ThroughputSamples("(c) aftm replay (AftmCli, end to end)");
    ThroughputSamples backtest = new ThroughputSamples("(d) backtest, costs on (Backtests.run)");
    ThroughputSamples ledger = new ThroughputSamples("(f) the ledger alone (costs on)");
    ThroughputSamples backtestCommand =
        new ThroughputSamples("(e) aftm backtest (end to end, report)");
    TickFileReader reader = new TickFileReader();
    for (int i = 0; i < warmup + iterations; i++) {
      long t0 = System.nanoTime();
      RecordedTicks again = reader.read(tickFile);
      long elapsed = System.nanoTime() - t0;
      if (again.size() != recorded.size()) {
        throw new IllegalStateException(
            "read " + again.size() + " ticks, expected " + recorded.size());
      }
      if (i >= warmup) {
        read.add(again.size(), elapsed);
      }
    }
    ReplaySummary summary = null;
    Backtests.Run backtestRun = null;
    AftmConfig config = AftmConfig.defaults();
    Backtests.Setup setup =
        new Backtests.Setup(
            new SupportResistancePlugin(),
            StrategyParameters.of(new SupportResistancePlugin().parameters(), Map.of()),
            specs,
            Set.of(), // every item code of the data, as aftm backtest without --instrument
            COSTS);
    for (int i = 0; i < warmup + iterations; i++) {
      // The backtest alternates with the plain replay, so both see the same machine.
      long b0 = System.nanoTime();
      backtestRun = Backtests.run(config, setup, recorded);
      long backtestNanos = System.nanoTime() - b0;
      if (i >= warmup) {
        backtest.add(recorded.size(), backtestNanos);
      }
      try (SimExchangeApi broker = SimulatedBrokers.forReplay(AftmConfig.defaults())) {
        ConditionBook book = new ConditionBook();
        for (int c = 0; c < specs.size(); c++) {
          book.put(Condition.create(c + 1L, specs.get(c)));
        }
        ReplayService service =
            new ReplayService(
                broker,
                broker,
                new SupportResistanceStrategy(book),
                broker.orderAccounts().get(0),
                new RiskLimits(1_000, 1_000_000),
                new SilentReplay());
        long t0 = System.nanoTime();
        summary = service.replay(recorded);
        long elapsed = System.nanoTime() - t0;
        if (i >= warmup) {
          replay.add(recorded.size(), elapsed);
        }
      }
    }
    for (int i = 0; i < warmup + iterations; i++) {
      StringWriter errors = new StringWriter();
      long t0 = System.nanoTime();
      int exit =
          AftmCli.execute(
              new PrintWriter(Writer.nullWriter()),
              new PrintWriter(errors),
              "replay",
              "--ticks",
              tickFile.toString(),
              "--conditions",
              conditionsFile.toString());
      long elapsed = System.nanoTime() - t0;
      if (exit != 0) {
        throw new IllegalStateException("aftm replay exited " + exit + ": " + errors);
      }
      if (i >= warmup) {
        command.add(recorded.size(), elapsed);
      }
    }
    // The ledger alone, over one replay's ticks and fills: what a backtest adds to a replay.
    ReplayFills replayFills = new ReplayFills();
    List<org.aftm.domain.model.Contract> contracts;
    try (SimExchangeApi broker = SimulatedBrokers.forReplay(config)) {
      ConditionBook book = new ConditionBook();
      for (int c = 0; c < specs.size(); c++) {
        book.put(Condition.create(c + 1L, specs.get(c)));
      }
      new ReplayService(
              broker,
              broker,
              new SupportResistanceStrategy(book),
              broker.orderAccounts().get(0),
              new RiskLimits(1_000, 1_000_000),
              replayFills)
          .replay(recorded);
      contracts = broker.contracts();
    }
    for (int i = 0; i < warmup + iterations; i++) {
      long t0 = System.nanoTime();
      replayFills.account(recorded, new BacktestLedger(contracts, COSTS));
      long elapsed = System.nanoTime() - t0;
      if (i >= warmup) {
        ledger.add(recorded.size(), elapsed);
      }
    }
    Path reportDir = directory.resolve("backtest-report");
    for (int i = 0; i < warmup + iterations; i++) {
      StringWriter errors = new StringWriter();
      long t0 = System.nanoTime();
      int exit =
          AftmCli.execute(
              new PrintWriter(Writer.nullWriter()),
              new PrintWriter(errors),
              "backtest",
              "--ticks",
              tickFile.toString(),
              "--conditions",
              conditionsFile.toString(),
              "--out",
              reportDir.toString(),
              "-c",
              "AFTM_DATA_DIR=" + directory.resolve("data"),
              "-c",
              "AFTM_FEE_PER_LOT_TWD=" + COSTS.feePerLotTwd(),
              "-c",
              "AFTM_SLIPPAGE_TICKS=" + COSTS.slippageTicks());
      long elapsed = System.nanoTime() - t0;
      if (exit != 0) {
        throw new IllegalStateException("aftm backtest exited " + exit + ": " + errors);
      }
      if (i >= warmup) {
        backtestCommand.add(recorded.size(), elapsed);
      }
    }
    out.printf("Replay result (every iteration the same): %s%n", summary);
    out.printf(
        "Backtest (costs: fee %s TWD per lot and side, tax %s, slippage %d tick): %d fills, total %s%n",
        COSTS.feePerLotTwd(),
        COSTS.taxRate(),
        COSTS.slippageTicks(),
        backtestRun.fills(),
        backtestRun.result().total());
    out.println(ThroughputSamples.header());
    out.println(read.row());
    out.println(replay.row());
    out.println(command.row());
    out.println(backtest.row());
    out.println(backtestCommand.row());
    out.println(ledger.row());
    out.printf(
        "Backtest with costs / plain replay, medians of the same run: %.3f%n",
        backtest.median() / replay.median());
    out.printf("Load average at the end: %s%n", LoadAverage.now());
    out.flush();
    return replay.median();
  }

  /** The listener of the timed replay: does nothing, so only the replay itself is measured. */
  private static final class SilentReplay implements ReplayService.ReplayListener {
    @Override
    public void onSignal(int tickNumber, Signal signal) {}

    @Override
    public void onFill(int tickNumber, Fill fill) {}
  }
}
