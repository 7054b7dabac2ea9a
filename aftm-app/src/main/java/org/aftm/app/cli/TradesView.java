package org.aftm.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.aftm.application.port.in.DailyReport;
import org.aftm.application.port.in.TradeHistoryUseCase;
import org.aftm.application.port.in.TradeRow;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.model.Price;

/**
 * The trade blotter and the daily report as the operator reads them: a table, or JSON for scripts.
 * Shared by {@code aftm trades}, {@code aftm report daily} and the console. To show today's blotter
 * from a running main process:
 *
 * <pre>{@code
 * TradeHistoryUseCase history = main.tradeHistory();
 * LocalDate today = history.tradingDayAt(System.currentTimeMillis());
 * new TradesView(ZoneId.systemDefault()).printTrades(out, today, history.trades(today), false);
 * }</pre>
 *
 * Without a main process, {@link org.aftm.app.wiring.TradeDesk} opens the data directory's fills.
 * JSON: the blotter is one object per fill, one per line (as {@code aftm positions --json}); the
 * report is one object. Amounts are exact decimals, never through a {@code double}: JSON has them
 * to the four places the domain keeps; the table shows P&amp;L to 0.01 at most (a partial close
 * against an average can realize {@code 87.6667}); the win rate is rounded to 0.1 % in the table, 4
 * places in JSON.
 *
 * <p>Stateless; any thread.
 */
public final class TradesView {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final ZoneId zone;

  /**
   * @param zone the zone the table shows times in (the JSON carries the offset)
   */
  public TradesView(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** The trading day of today, by the calendar the history counts with. */
  public static LocalDate today(TradeHistoryUseCase history) {
    return history.tradingDayAt(System.currentTimeMillis());
  }

  /** Prints the fills of {@code day}: a table with a closing summary line, or JSON lines. */
  public void printTrades(PrintWriter out, LocalDate day, List<TradeRow> rows, boolean json) {
    if (json) {
      for (TradeRow row : rows) {
        out.println(toJson(row));
      }
      out.flush();
      return;
    }
    out.printf(Locale.ROOT, "Trades of trading day %s (times %s)%n", day, zone.getId());
    if (rows.isEmpty()) {
      out.println("(no fills)");
      out.flush();
      return;
    }
    out.printf(
        Locale.ROOT,
        "%-8s  %-9s  %-7s  %-8s  %-4s  %4s  %10s  %13s  %13s%n",
        "TIME",
        "CONDITION",
        "LEG",
        "ITEM",
        "SIDE",
        "QTY",
        "PRICE",
        "REALIZED PTS",
        "REALIZED TWD");
    long closing = 0;
    long realizedTwd = 0;
    boolean unpriced = false;
    for (TradeRow row : rows) {
      out.printf(
          Locale.ROOT,
          "%-8s  %-9s  %-7s  %-8s  %-4s  %4d  %10s  %13s  %13s%n",
          TIME.format(Instant.ofEpochMilli(row.timeMillis()).atZone(zone)),
          row.conditionId() == 0 ? "-" : Long.toString(row.conditionId()),
          row.leg(),
          row.itemCode(),
          row.side().wire(),
          row.quantity(),
          row.price(),
          row.closing() ? signed(row.realizedPoints().units()) : "-",
          !row.closing() ? "-" : row.priced() ? signed(row.realizedTwd().units()) : "?");
      if (row.closing()) {
        closing++;
        realizedTwd += row.realizedTwd().units();
        unpriced |= !row.priced();
      }
    }
    out.printf(
        Locale.ROOT,
        "%d fill(s), %d closing; realized %s TWD%s%n",
        rows.size(),
        closing,
        signed(realizedTwd),
        unpriced ? " (without the fills marked ?, whose point value is not known)" : "");
    out.flush();
  }

  /** Prints the daily report: tables per instrument, per condition and the total, or one object. */
  public void printReport(PrintWriter out, DailyReport report, TradingCosts costs, boolean json) {
    if (json) {
      out.println(toJson(report, costs));
      out.flush();
      return;
    }
    boolean withCosts = costs.feePerLotTwd().isPositive() || costs.taxRate().signum() > 0;
    out.printf(Locale.ROOT, "Daily report, trading day %s%n", report.tradingDay());
    if (withCosts) {
      out.printf(
          Locale.ROOT,
          "Costs: fee %s TWD per lot and side, tax rate %s of the contract value per side (whole"
              + " TWD per fill, half up)%n",
          costs.feePerLotTwd(),
          costs.taxRate().stripTrailingZeros().toPlainString());
    }
    if (report.total().fills() == 0) {
      out.println("(no fills)");
      out.flush();
      return;
    }
    out.println();
    out.println("By instrument");
    header(out, "ITEM", withCosts);
    for (DailyReport.Line line : report.instruments()) {
      line(out, line.itemCode(), line, withCosts);
    }
    if (!report.conditions().isEmpty()) {
      out.println();
      out.println("By condition");
      header(out, "CONDITION", withCosts);
      for (DailyReport.Line line : report.conditions()) {
        line(out, line.conditionId() + " " + line.itemCode(), line, withCosts);
      }
    }
    if (!report.others().isEmpty()) {
      out.println();
      out.println("Orders of no condition (flatten, manual)");
      header(out, "ITEM", withCosts);
      for (DailyReport.Line line : report.others()) {
        line(out, line.itemCode(), line, withCosts);
      }
    }
    out.println();
    header(out, "", withCosts);
    line(out, "TOTAL", report.total(), withCosts);
    report
        .largestLoss()
        .ifPresent(
            loss ->
                out.printf(
                    Locale.ROOT,
                    "Largest loss: %s TWD (%s pts) on %s, %s, closed %s%n",
                    signed(loss.realizedTwd().units()),
                    signed(loss.realizedPoints().units()),
                    loss.itemCode(),
                    loss.conditionId() == 0
                        ? "order " + loss.clientOrderId()
                        : "condition " + loss.conditionId(),
                    TIME.format(Instant.ofEpochMilli(loss.closedAtMillis()).atZone(zone))));
    if (!report.unpriced().isEmpty()) {
      out.println(
          "Point value not known for "
              + String.join(", ", report.unpriced())
              + ": their TWD amounts are missing from the totals.");
    }
    out.flush();
  }

  private static void header(PrintWriter out, String first, boolean withCosts) {
    out.printf(
        Locale.ROOT,
        "%-14s  %5s  %4s  %6s  %8s  %12s  %12s",
        first,
        "FILLS",
        "LOTS",
        "TRADES",
        "WIN RATE",
        "REALIZED PTS",
        "REALIZED TWD");
    if (withCosts) {
      out.printf(Locale.ROOT, "  %9s  %9s  %12s", "FEES TWD", "TAX TWD", "NET TWD");
    }
    out.printf(Locale.ROOT, "  %16s%n", "LARGEST LOSS TWD");
  }

  private static void line(
      PrintWriter out, String first, DailyReport.Line line, boolean withCosts) {
    out.printf(
        Locale.ROOT,
        "%-14s  %5d  %4d  %6d  %8s  %12s  %12s",
        first,
        line.fills(),
        line.lots(),
        line.trades(),
        winRateText(line),
        line.realizedPoints() == null ? "" : signed(line.realizedPoints().units()),
        signed(line.realizedTwd().units()));
    if (withCosts) {
      out.printf(
          Locale.ROOT,
          "  %9s  %9s  %12s",
          line.feesTwd(),
          line.taxTwd(),
          signed(line.netTwd().units()));
    }
    out.printf(
        Locale.ROOT,
        "  %16s%n",
        line.largestLossTwd().isNegative() ? signed(line.largestLossTwd().units()) : "-");
  }

  /** Wins over trades to 0.1 %, half up; {@code -} without trades. */
  static String winRateText(DailyReport.Line line) {
    if (line.trades() == 0) {
      return "-";
    }
    return BigDecimal.valueOf(line.wins() * 100L)
            .divide(BigDecimal.valueOf(line.trades()), 1, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  /** Wins over trades to 4 places, half up; null without trades. */
  static BigDecimal winRate(DailyReport.Line line) {
    return line.trades() == 0
        ? null
        : BigDecimal.valueOf(line.wins())
            .divide(BigDecimal.valueOf(line.trades()), 4, RoundingMode.HALF_UP)
            .stripTrailingZeros();
  }

  ObjectNode toJson(TradeRow row) {
    ObjectNode node = JSON.createObjectNode();
    node.put(
        "time", Instant.ofEpochMilli(row.timeMillis()).atZone(zone).toOffsetDateTime().toString());
    node.put("time_ms", row.timeMillis());
    node.put("account", row.account());
    if (row.conditionId() == 0) {
      node.putNull("condition_id");
    } else {
      node.put("condition_id", row.conditionId());
    }
    node.put("leg", row.leg());
    node.put("client_order_id", row.clientOrderId());
    node.put("sender", row.sender());
    node.put("item_code", row.itemCode());
    node.put("side", row.side().wire());
    node.put("quantity", row.quantity());
    node.put("price", row.price().toBigDecimal());
    node.put("closed_lots", row.closedLots());
    node.put("realized_pnl_points", row.realizedPoints().toBigDecimal());
    if (row.priced()) {
      node.put("realized_pnl_twd", row.realizedTwd().toBigDecimal());
      node.put("point_value_twd", row.pointValue());
    } else {
      node.putNull("realized_pnl_twd");
      node.putNull("point_value_twd");
    }
    node.put("fee_twd", row.feeTwd().toBigDecimal());
    node.put("tax_twd", row.taxTwd().toBigDecimal());
    return node;
  }

  ObjectNode toJson(DailyReport report, TradingCosts costs) {
    ObjectNode node = JSON.createObjectNode();
    node.put("trading_day", report.tradingDay().toString());
    ObjectNode costNode = node.putObject("costs");
    costNode.put("fee_per_lot_twd", costs.feePerLotTwd().toBigDecimal());
    costNode.put("tax_rate", costs.taxRate().stripTrailingZeros().toPlainString());
    lines(node.putArray("instruments"), report.instruments());
    lines(node.putArray("conditions"), report.conditions());
    lines(node.putArray("others"), report.others());
    node.set("total", lineJson(report.total()));
    if (report.largestLoss().isPresent()) {
      DailyReport.Trade loss = report.largestLoss().get();
      ObjectNode lossNode = node.putObject("largest_loss");
      lossNode.put("item_code", loss.itemCode());
      if (loss.conditionId() == 0) {
        lossNode.putNull("condition_id");
      } else {
        lossNode.put("condition_id", loss.conditionId());
      }
      lossNode.put("client_order_id", loss.clientOrderId());
      lossNode.put("closed_lots", loss.closedLots());
      lossNode.put("realized_pnl_points", loss.realizedPoints().toBigDecimal());
      lossNode.put("realized_pnl_twd", loss.realizedTwd().toBigDecimal());
      lossNode.put("closed_at_ms", loss.closedAtMillis());
    } else {
      node.putNull("largest_loss");
    }
    ArrayNode unpriced = node.putArray("unpriced_items");
    report.unpriced().forEach(unpriced::add);
    return node;
  }

  private static void lines(ArrayNode array, List<DailyReport.Line> lines) {
    lines.forEach(line -> array.add(lineJson(line)));
  }

  private static ObjectNode lineJson(DailyReport.Line line) {
    ObjectNode node = JSON.createObjectNode();
    if (!line.itemCode().isEmpty()) {
      node.put("item_code", line.itemCode());
    }
    if (line.conditionId() != 0) {
      node.put("condition_id", line.conditionId());
    }
    node.put("fills", line.fills());
    node.put("lots", line.lots());
    node.put("trades", line.trades());
    node.put("wins", line.wins());
    BigDecimal winRate = winRate(line);
    if (winRate == null) {
      node.putNull("win_rate");
    } else {
      node.put("win_rate", winRate);
    }
    if (line.realizedPoints() != null) {
      node.put("realized_pnl_points", line.realizedPoints().toBigDecimal());
    }
    node.put("realized_pnl_twd", line.realizedTwd().toBigDecimal());
    node.put("fees_twd", line.feesTwd().toBigDecimal());
    node.put("tax_twd", line.taxTwd().toBigDecimal());
    node.put("net_pnl_twd", line.netTwd().toBigDecimal());
    node.put("largest_loss_twd", line.largestLossTwd().toBigDecimal());
    return node;
  }

  /**
   * Signed, to 0.01 at most: a fill that closes part of lots opened at several prices realizes
   * against their truncated average ({@link PriceText}); the round trip's sum comes out exact.
   */
  private static String signed(long units) {
    return (units > 0 ? "+" : "") + PriceText.average(Price.ofUnits(units));
  }
}
