package org.aftm.app.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.TradeDesk;
import org.aftm.application.port.in.TradeHistoryUseCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm trades}: the fills of a trading day from the data directory's database, with the
 * P&amp;L each closing fill realized. Reads the database beside a running main process, or without
 * one; needs no login.
 */
@Command(
    name = "trades",
    mixinStandardHelpOptions = true,
    description =
        "Show a trading day's fills with time, condition, instrument, side, quantity, price and"
            + " realized P&L in points and TWD.")
final class TradesCommand implements Callable<Integer> {

  @Option(
      names = "--date",
      paramLabel = "yyyy-MM-dd",
      description =
          "Trading day (default: today's, by AFTM_SESSION_CALENDAR: Taipei's date, a night session"
              + " counting with the next day).")
  String date;

  @Option(names = "--json", description = "One JSON object per fill, one per line.")
  boolean json;

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AftmConfig config = configOptions.load();
    LogSetup.quiet();
    PrintWriter out = spec.commandLine().getOut();
    LocalDate day = parseDate(date);
    try (TradeDesk desk = TradeDesk.openIfPresent(config)) {
      TradesView view = new TradesView(ZoneId.systemDefault());
      if (desk == null) {
        noDatabase(config, spec);
        view.printTrades(out, day == null ? TradeDesk.today(config) : day, List.of(), json);
        return 0;
      }
      TradeHistoryUseCase history = desk.history();
      LocalDate tradingDay = day == null ? TradesView.today(history) : day;
      view.printTrades(out, tradingDay, history.trades(tradingDay), json);
    }
    return 0;
  }

  /** On stderr, so scripts reading stdout see an empty day: most likely the wrong directory. */
  static void noDatabase(AftmConfig config, CommandSpec spec) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        spec.qualifiedName()
            + ": note: no database in "
            + config.dataDir().toAbsolutePath()
            + ", so no fills; a running aftm uses the database of its own --data-dir"
            + " (AFTM_DATA_DIR).");
    err.flush();
  }

  /** The {@code --date} value, or null for today. */
  static LocalDate parseDate(String text) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new BadInputException(
          "--date must be a date as yyyy-MM-dd, e.g. 2026-12-01, not '" + text + "'");
    }
  }
}
