package org.aftm.app.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.aftm.app.wiring.MainProcess;
import org.aftm.application.port.in.CheckReadinessUseCase;
import org.aftm.application.port.in.TradeHistoryUseCase;
import org.aftm.domain.condition.ConditionListing;
import org.aftm.domain.model.Contract;
import org.aftm.domain.order.Position;

/**
 * The console's read-only views: the broker's futures (7), positions (8), conditions (11), today's
 * fills (15) and the status (16). They change nothing.
 */
final class ConsoleViews {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private final MainProcess main;
  private final ConsolePrompts prompts;
  private final PrintWriter out;

  ConsoleViews(MainProcess main, ConsolePrompts prompts) {
    this.main = main;
    this.prompts = prompts;
    this.out = prompts.out();
  }

  void showFutures() {
    out.printf(
        Locale.ROOT,
        "%-10s %-8s %-24s %-8s %-10s %s%n",
        "CODE",
        "PRODUCT",
        "NAME",
        "MONTH",
        "TICK",
        "POINT VALUE (TWD)");
    for (Contract c : main.contracts()) {
      out.printf(
          Locale.ROOT,
          "%-10s %-8s %-24s %-8s %-10s %d%n",
          c.code(),
          c.product(),
          c.name(),
          c.deliveryMonth(),
          c.tickSize(),
          c.pointValue());
    }
    out.flush();
  }

  void showConditions() {
    // The listing, not the list: a row that cannot be read is shown by its id, not failing the
    // view.
    ConditionListing active = main.conditions().conditionListing(false);
    long finished =
        main.conditions().conditionListing(true).conditions().size()
            - (long) active.conditions().size();
    if (active.conditions().isEmpty() && active.unreadable().isEmpty()) {
      prompts.say("No active condition.");
    } else {
      ConditionCommand.print(out, active);
    }
    if (finished > 0) {
      prompts.say(finished + " finished condition(s): aftm condition list --all shows them.");
    }
  }

  void showPositions() {
    List<Position> positions = main.positions();
    if (positions.isEmpty()) {
      prompts.say("No position in " + main.orderAccount() + ".");
      return;
    }
    out.printf(
        Locale.ROOT,
        "%-10s %6s %12s %12s %14s %14s%n",
        "ITEM",
        "LOTS",
        "AVG PRICE",
        "LAST",
        "OPEN P&L PTS",
        "REALIZED PTS");
    for (Position p : positions) {
      out.printf(
          Locale.ROOT,
          "%-10s %6d %12s %12s %14s %14s%n",
          p.itemCode(),
          p.quantity(),
          p.isFlat() ? "-" : PriceText.average(p.averagePrice()),
          p.lastPrice(),
          PriceText.average(p.unrealizedPnlPoints()),
          PriceText.average(p.realizedPnlPoints()));
    }
    prompts.say(StatusLine.positionText(positions));
  }

  /** Today's blotter, as {@code aftm trades} shows it: fills with condition and realized P&L. */
  void trades() {
    TradeHistoryUseCase history = main.tradeHistory();
    LocalDate today = TradesView.today(history);
    new TradesView(ZoneId.systemDefault()).printTrades(out, today, history.trades(today), false);
    out.flush();
  }

  void status(String environment) {
    CheckReadinessUseCase.ReadinessReport readiness = main.checkReadiness();
    prompts.say("Ready: " + (readiness.ready() ? "yes" : "no"));
    readiness.components().forEach((name, state) -> out.printf("  %-16s %s%n", name, state));
    prompts.say(
        "Account "
            + main.account().orElse("-")
            + (environment.isEmpty() ? "" : " (" + environment + ")")
            + ", order account "
            + main.orderAccount()
            + ", items "
            + String.join(", ", main.itemCodes()));
    main.tradingStatus().ifPresent(t -> prompts.say("Trading state: " + StatusLine.tradingText(t)));
    prompts.say(
        String.format(
            Locale.ROOT,
            "Ticks %d (dropped %d), orders sent %d (refused %d), fills %d, working %d",
            main.ticksPublished(),
            main.ticksDropped(),
            main.metrics().sent(),
            main.metrics().refused(),
            main.fills(),
            main.orderLifecycle().workingCount()));
    prompts.say("Tick to order since the start: " + StatusLine.latencyText(main.metrics().total()));
    prompts.say(StatusLine.positionText(main.positions()));
    String problems = StatusLine.problems(main);
    if (!problems.isEmpty()) {
      prompts.say("!! " + problems);
    }
  }

  static String heldText(List<Position> held) {
    StringBuilder text = new StringBuilder();
    for (Position p : held) {
      text.append(text.length() == 0 ? "" : ", ")
          .append(p.itemCode())
          .append(' ')
          .append(p.quantity() > 0 ? "+" : "")
          .append(p.quantity())
          .append(" @ ")
          .append(PriceText.average(p.averagePrice()));
    }
    return text.toString();
  }
}
