package org.aftm.app.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.TradeDesk;
import org.aftm.application.port.in.DailyReport;
import org.aftm.application.port.in.TradeHistoryUseCase;
import org.aftm.domain.model.Price;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aftm report}: reports over the data directory's fills. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Reports over the recorded fills.",
    subcommands = {ReportCommand.Daily.class})
final class ReportCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code aftm report daily}: per instrument, per condition and in total, the trades, win rate,
   * realized P&amp;L, fees and tax when configured, and the largest loss.
   */
  @Command(
      name = "daily",
      mixinStandardHelpOptions = true,
      description =
          "Per instrument, per condition and in total: trades, win rate, realized P&L, fees (when"
              + " AFTM_FEE_PER_LOT_TWD or AFTM_FUTURES_TAX_RATE is set) and the largest loss.")
  static final class Daily implements Callable<Integer> {

    @Option(
        names = "--date",
        paramLabel = "yyyy-MM-dd",
        description = "Trading day (default: today's, as aftm trades counts it).")
    String date;

    @Option(names = "--json", description = "The report as one JSON object.")
    boolean json;

    @Mixin ConfigOptions configOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      AftmConfig config = configOptions.load();
      LogSetup.quiet();
      PrintWriter out = spec.commandLine().getOut();
      LocalDate day = TradesCommand.parseDate(date);
      TradesView view = new TradesView(ZoneId.systemDefault());
      try (TradeDesk desk = TradeDesk.openIfPresent(config)) {
        DailyReport report;
        if (desk == null) {
          TradesCommand.noDatabase(config, spec);
          report = empty(day == null ? TradeDesk.today(config) : day);
        } else {
          TradeHistoryUseCase history = desk.history();
          report = history.dailyReport(day == null ? TradesView.today(history) : day);
        }
        view.printReport(out, report, config.costs(), json);
      }
      return 0;
    }

    private static DailyReport empty(LocalDate day) {
      DailyReport.Line none =
          new DailyReport.Line(
              "", 0, 0, 0, 0, 0, null, Price.ZERO, Price.ZERO, Price.ZERO, Price.ZERO);
      return new DailyReport(
          day, List.of(), List.of(), List.of(), none, Optional.empty(), List.of());
    }
  }
}
