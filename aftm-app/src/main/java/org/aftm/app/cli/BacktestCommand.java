package org.aftm.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.aftm.adapter.out.sim.TaifexTradesReader;
import org.aftm.adapter.out.sim.TickFileException;
import org.aftm.adapter.out.sim.TickFileReader;
import org.aftm.app.backtest.BacktestReport;
import org.aftm.app.backtest.ParameterGrid;
import org.aftm.app.backtest.Sweep;
import org.aftm.app.backtest.SweepFigure;
import org.aftm.app.cli.ConditionsFile.ConditionsFileException;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.StrategyInstances;
import org.aftm.app.wiring.Backtests;
import org.aftm.app.wiring.SimulatedBrokers;
import org.aftm.application.service.RecordedTicks;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Contract;
import org.aftm.domain.strategy.InvalidStrategyParameterException;
import org.aftm.domain.strategy.StrategyCatalog;
import org.aftm.domain.strategy.StrategyParameters;
import org.aftm.domain.strategy.StrategyPlugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm backtest}: a strategy over recorded ticks through the same order path as {@code aftm
 * replay}, then a ledger with fees, tax and slippage, figures per instrument and in total, and a
 * report folder (HTML, PNG charts, trades CSV). With {@code --sweep}, a grid over the strategy's
 * parameters on every core, sorted by a figure. Everything is read and validated before anything
 * runs.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description =
        "Backtest a strategy over recorded ticks with fees, tax and slippage; write a report folder (HTML, charts, trades CSV) and print its path.")
final class BacktestCommand implements Callable<Integer> {

  private static final DateTimeFormatter FOLDER_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @Option(
      names = "--ticks",
      required = true,
      paramLabel = "FILE",
      description =
          "The data: the project's CSV (time,item_code,price,quantity) or TAIFEX's daily time-and-sales file (Big5 CSV).")
  Path ticks;

  @Option(
      names = "--format",
      paramLabel = "auto|csv|taifex",
      defaultValue = "auto",
      description = "The data's format; auto (default) tells them apart by the header.")
  String format;

  @Option(
      names = "--item",
      paramLabel = "PRODUCT[:MONTH]",
      description =
          "TAIFEX files: a product to read, TX (as TXF) or MTX (as MXF), optionally its delivery month, e.g. TX:202612 (repeatable; default TX and MTX in their nearest month).")
  List<String> items = new ArrayList<>();

  @Option(
      names = "--strategy",
      paramLabel = "NAME",
      defaultValue = "support-resistance",
      description = "The strategy plugin (default support-resistance); see aftm strategies.")
  String strategy;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "A strategy parameter (repeatable).")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(
      names = "--conditions",
      paramLabel = "FILE",
      description =
          "JSON array of conditions, for a strategy over conditions (support-resistance).")
  Path conditions;

  @Option(
      names = "--instrument",
      paramLabel = "CODE",
      description =
          "An item code the strategy trades (repeatable; default every item code in the data).")
  List<String> instruments = new ArrayList<>();

  @Option(
      names = "--sweep",
      paramLabel = "NAME=V1,V2|NAME=FROM..TO:STEP",
      description = "Sweep a parameter over values or a range (repeatable: the grid of all).")
  List<String> sweeps = new ArrayList<>();

  @Option(
      names = "--sort",
      paramLabel = "FIGURE",
      defaultValue = "net_pnl",
      description =
          "The figure a sweep is sorted by: net_pnl, profit_factor, max_drawdown, win_rate (default net_pnl).")
  String sort;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "The report folder (default <data dir>/backtests/<yyyyMMdd-HHmmss>-<strategy>).")
  Path out;

  @Option(names = "--json", description = "Print the figures and the folder as one JSON object.")
  boolean json;

  @Mixin ConfigOptions configOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    LogSetup.errorsOnly();
    AftmConfig configured = configOptions.load();
    StrategyPlugin plugin;
    try {
      plugin = StrategyCatalog.installed().require(strategy);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--strategy: " + e.getMessage(), e);
    }
    SweepFigure sortBy = parse(() -> SweepFigure.parse(sort));
    List<StrategyParameters> points = points(plugin, configured);
    if (conditions == null && plugin.runsOverConditions()) {
      throw new BadInputException("--conditions FILE is required by the strategy " + plugin.name());
    }
    String dataFormat = format();
    RecordedTicks recorded = read(dataFormat);
    // Before the conditions are checked against today's limits and the broker is made.
    AftmConfig config = DataStartPrice.of(configured, configOptions, recorded);
    List<Contract> listed = SimulatedBrokers.contracts(config);
    requireListed(recorded, listed);
    Set<String> trades = instruments(recorded);
    List<ConditionSpec> specs = conditions(plugin, listed);
    Backtests.Setup setup =
        new Backtests.Setup(plugin, points.get(0), specs, trades, config.costs());
    Path folder = folder(config);
    BacktestPrinter printer = new BacktestPrinter(spec.commandLine().getOut(), json);
    if (sweeps.isEmpty()) {
      Backtests.Run run = Backtests.run(config, setup, recorded);
      BacktestReport.write(
          folder, header(plugin, points.get(0), dataFormat, run), run.result(), List.of(), null);
      printer.single(plugin.name(), points.get(0).asText(), run, folder);
      return 0;
    }
    List<Sweep.Point<Backtests.Run>> results =
        Sweep.run(
            points,
            point -> Backtests.run(config, setup.withParameters(point), recorded),
            run -> run.result().total(),
            sortBy,
            Runtime.getRuntime().availableProcessors());
    List<BacktestReport.SweepRow> rows = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      rows.add(
          new BacktestReport.SweepRow(
              i + 1,
              results.get(i).parameters().asText(),
              results.get(i).outcome().result().total()));
    }
    Sweep.Point<Backtests.Run> best = results.get(0);
    BacktestReport.write(
        folder,
        header(plugin, best.parameters(), dataFormat, best.outcome()),
        best.outcome().result(),
        rows,
        sortBy.text());
    printer.sweep(plugin.name(), sortBy, results, folder);
    return 0;
  }

  private BacktestReport.Header header(
      StrategyPlugin plugin, StrategyParameters point, String dataFormat, Backtests.Run run) {
    return new BacktestReport.Header(
        plugin.name(),
        point.asText(),
        ticks,
        dataFormat,
        run.signals(),
        run.fills(),
        run.refused());
  }

  /**
   * The validated points: {@code --param} over the configuration's defaults (such as {@code
   * AFTM_MAX_ENTRY_ATTEMPTS}, as replay and live trading take them) over the plugin's own, each
   * point checked as a whole by the plugin too (a slow average no longer than the fast one).
   */
  private List<StrategyParameters> points(StrategyPlugin plugin, AftmConfig config) {
    String flags = sweeps.isEmpty() ? "--param " : "--param/--sweep ";
    Map<String, String> defaults = StrategyInstances.defaults(config, plugin);
    List<StrategyParameters> points;
    try {
      points = ParameterGrid.points(plugin.parameters(), defaults, parameters, sweeps);
    } catch (InvalidStrategyParameterException e) {
      throw new BadInputException(flags + e.getMessage() + " (strategy " + plugin.name() + ")", e);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    for (StrategyParameters point : points) {
      try {
        plugin.check(point);
      } catch (InvalidStrategyParameterException e) {
        throw new BadInputException(
            flags
                + e.getMessage()
                + " (strategy "
                + plugin.name()
                + (sweeps.isEmpty() ? "" : ", at the point " + point.asText())
                + ")",
            e);
      }
    }
    return points;
  }

  /**
   * Every item code of the data must be a listed contract (by code, or by product for its front
   * month): the ledger takes its tick size and point value from there, and a guess would make every
   * figure of that instrument wrong.
   */
  private void requireListed(RecordedTicks recorded, List<Contract> listed) {
    Set<String> known = known(listed);
    for (String itemCode : recorded.itemCodes()) {
      if (!known.contains(itemCode)) {
        throw new BadInputException(
            ticks
                + ": item code "
                + itemCode
                + " is not a listed contract, so its tick size and point value are unknown; listed: "
                + String.join(", ", known));
      }
    }
  }

  /** {@code --instrument}, each in the data; empty (every item code of the data) when not given. */
  private Set<String> instruments(RecordedTicks recorded) {
    Set<String> chosen = new LinkedHashSet<>();
    List<String> inData = recorded.itemCodes();
    for (String instrument : instruments) {
      String code = instrument.strip();
      if (!inData.contains(code)) {
        throw new BadInputException(
            "--instrument "
                + instrument
                + ": not in "
                + ticks
                + " (item codes: "
                + String.join(", ", inData)
                + ")");
      }
      chosen.add(code);
    }
    return chosen;
  }

  private static Set<String> known(List<Contract> listed) {
    Set<String> known = new LinkedHashSet<>();
    for (Contract contract : listed) {
      known.add(contract.product());
      known.add(contract.code());
    }
    return known;
  }

  private List<ConditionSpec> conditions(StrategyPlugin plugin, List<Contract> listed) {
    if (conditions == null) {
      if (plugin.runsOverConditions()) {
        throw new BadInputException(
            "--conditions FILE is required by the strategy " + plugin.name());
      }
      return List.of();
    }
    try {
      // Checked as aftm replay checks them: the order-size limit is left to the replayed risk
      // checks.
      return ConditionsFile.read(conditions, new ConditionRules(listed, Integer.MAX_VALUE));
    } catch (ConditionsFileException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  private String format() {
    String chosen = format.strip().toLowerCase(java.util.Locale.ROOT);
    if (!chosen.equals("auto") && !chosen.equals("csv") && !chosen.equals("taifex")) {
      throw new BadInputException("--format: '" + format + "' is not auto, csv or taifex");
    }
    if (chosen.equals("auto")) {
      if (!Files.isRegularFile(ticks)) {
        throw new BadInputException(ticks + ": no such file");
      }
      chosen = readable(() -> TaifexTradesReader.looksLikeTaifex(ticks)) ? "taifex" : "csv";
    }
    if (chosen.equals("csv") && !items.isEmpty()) {
      throw new BadInputException("--item applies to TAIFEX files only; " + ticks + " is CSV");
    }
    return chosen;
  }

  private RecordedTicks read(String dataFormat) {
    RecordedTicks recorded =
        readable(
            () -> {
              if (dataFormat.equals("taifex")) {
                List<TaifexTradesReader.Selection> selections = new ArrayList<>();
                for (String item : items) {
                  selections.add(parse(() -> TaifexTradesReader.Selection.parse(item)));
                }
                TaifexTradesReader reader = parse(() -> new TaifexTradesReader(selections));
                return reader.read(ticks);
              }
              return TickFileReader.inTimeOrder().read(ticks);
            });
    if (recorded.size() == 0) {
      throw new BadInputException(ticks + ": no ticks");
    }
    return recorded;
  }

  private interface Reading<T> {
    T get();
  }

  /** Input problems (a bad line, a missing file) become one line and exit code 2. */
  private <T> T readable(Reading<T> reading) {
    try {
      return reading.get();
    } catch (TickFileException e) {
      throw new BadInputException(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new BadInputException(
          e.getCause() instanceof NoSuchFileException ? ticks + ": no such file" : e.getMessage(),
          e);
    }
  }

  private static <T> T parse(Reading<T> parsing) {
    try {
      return parsing.get();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  private Path folder(AftmConfig config) {
    if (out != null) {
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw new BadInputException("--out: " + out + " is a file, not a folder");
      }
      return out;
    }
    Path base = config.dataDir().resolve("backtests");
    String stamp = FOLDER_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    Path folder = base.resolve(stamp + "-" + strategy);
    for (int n = 2; Files.exists(folder); n++) {
      folder = base.resolve(stamp + "-" + strategy + "-" + n);
    }
    return folder;
  }
}
