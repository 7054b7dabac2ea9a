package org.aftm.app.backtest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.aftm.application.backtest.BacktestResult;
import org.aftm.application.backtest.Figures;
import org.aftm.application.backtest.Trade;
import org.aftm.domain.cost.TradingCosts;

/**
 * Writes a backtest's report folder: {@value #INDEX} (XHTML-compatible HTML, nothing loaded from
 * elsewhere: the figures, the charts as {@code <img>} of the PNGs beside it, the trades), {@value
 * #EQUITY_PNG}, one {@code price-<item>.png} per instrument, {@value #TRADES_CSV} and, for a sweep,
 * {@value #SWEEP_CSV} with the sweep's table in the page too.
 */
public final class BacktestReport {

  public static final String INDEX = "index.html";
  public static final String EQUITY_PNG = "equity.png";
  public static final String TRADES_CSV = "trades.csv";
  public static final String SWEEP_CSV = "sweep.csv";

  /** Trades listed in the page at most; the CSV has them all. */
  static final int MAX_TRADE_ROWS = 1000;

  private BacktestReport() {}

  /**
   * What the run was.
   *
   * @param strategy the plugin's name
   * @param parameters its parameters as text (of the best point, for a sweep)
   * @param ticksFile the data
   * @param format {@code csv} or {@code taifex}
   * @param signals signals emitted
   * @param fills fills
   * @param refused orders refused
   */
  public record Header(
      String strategy,
      Map<String, String> parameters,
      Path ticksFile,
      String format,
      long signals,
      int fills,
      long refused) {}

  /**
   * One row of a sweep's table.
   *
   * @param rank 1 for the best
   * @param parameters the point's parameters as text
   * @param total its total's figures
   */
  public record SweepRow(int rank, Map<String, String> parameters, Figures total) {}

  /** The chart file of an instrument's price. */
  public static String priceChartName(String itemCode) {
    return "price-" + itemCode.replaceAll("[^A-Za-z0-9_-]", "_") + ".png";
  }

  /**
   * Writes the folder (created if needed) and returns the files written.
   *
   * @param sweep the sweep's rows best first, or empty for a single run
   */
  public static List<Path> write(
      Path dir, Header header, BacktestResult result, List<SweepRow> sweep, String sortedBy)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    Path equity = dir.resolve(EQUITY_PNG);
    BacktestCharts.equity(result, equity);
    written.add(equity);
    for (BacktestResult.PriceChart chart : result.charts()) {
      Path png = dir.resolve(priceChartName(chart.itemCode()));
      BacktestCharts.price(chart, png);
      written.add(png);
    }
    Path trades = dir.resolve(TRADES_CSV);
    writeTrades(trades, result.trades());
    written.add(trades);
    if (!sweep.isEmpty()) {
      Path sweepCsv = dir.resolve(SWEEP_CSV);
      writeSweep(sweepCsv, sweep);
      written.add(sweepCsv);
    }
    Path index = dir.resolve(INDEX);
    Files.writeString(index, html(header, result, sweep, sortedBy), StandardCharsets.UTF_8);
    written.add(0, index);
    return written;
  }

  private static void writeTrades(Path file, List<Trade> trades) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(
          "item_code,side,lots,entry_time,entry_price,exit_time,exit_price,gross_points,net_points,gross_twd,costs_twd,net_twd,open\n");
      for (Trade t : trades) {
        out.write(
            String.join(
                    ",",
                    csv(t.itemCode()),
                    t.side() == org.aftm.domain.model.Side.BUY ? "long" : "short",
                    Long.toString(t.lots()),
                    FigureText.time(t.entryTimeMillis()),
                    t.entryPrice().toString(),
                    FigureText.time(t.exitTimeMillis()),
                    t.exitPrice().toString(),
                    t.grossPoints().toString(),
                    t.netPoints().toString(),
                    t.grossTwd().toString(),
                    t.costsTwd().toString(),
                    t.netTwd().toString(),
                    Boolean.toString(t.open()))
                + "\n");
      }
    }
  }

  private static void writeSweep(Path file, List<SweepRow> rows) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      List<String> names = new ArrayList<>(rows.get(0).parameters().keySet());
      List<String> head = new ArrayList<>(List.of("rank"));
      head.addAll(names);
      head.addAll(
          List.of(
              "net_pnl_twd",
              "gross_pnl_twd",
              "trades",
              "win_rate",
              "profit_factor",
              "max_drawdown_twd",
              "largest_loss_twd",
              "exposure_share"));
      out.write(String.join(",", head) + "\n");
      for (SweepRow row : rows) {
        List<String> cells = new ArrayList<>(List.of(Integer.toString(row.rank())));
        for (String name : names) {
          cells.add(csv(row.parameters().get(name)));
        }
        Figures f = row.total();
        cells.add(f.netPnlTwd().toString());
        cells.add(f.grossPnlTwd().toString());
        cells.add(Integer.toString(f.trades()));
        cells.add(f.winRate() == null ? "" : f.winRate().toPlainString());
        cells.add(f.profitFactor() == null ? "" : f.profitFactor().toPlainString());
        cells.add(f.maxDrawdownTwd().toString());
        cells.add(f.largestLossTwd().toString());
        cells.add(f.exposureShare() == null ? "" : f.exposureShare().toPlainString());
        out.write(String.join(",", cells) + "\n");
      }
    }
  }

  private static String csv(String text) {
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  static String html(Header header, BacktestResult result, List<SweepRow> sweep, String sortedBy) {
    StringBuilder h = new StringBuilder(64 * 1024);
    String title = "Backtest: " + header.strategy();
    h.append("<!DOCTYPE html>\n")
        .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<title>")
        .append(esc(title))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:sans-serif;margin:1.5em;color:#222}"
                + "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
                + "th,td{border:1px solid #ccc;padding:0.2em 0.6em;text-align:right}"
                + "th:first-child,td:first-child{text-align:left}"
                + "tr.open td{background:#fff6d5}.neg{color:#b00}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(esc(title))
        .append("</h1>\n");

    TradingCosts costs = result.costs();
    h.append("<p>Data: ")
        .append(esc(header.ticksFile().toString()))
        .append(" (")
        .append(esc(header.format()))
        .append("), ")
        .append(result.ticks())
        .append(" ticks from ")
        .append(esc(FigureText.time(result.firstTimeMillis())))
        .append(" to ")
        .append(esc(FigureText.time(result.lastTimeMillis())))
        .append(" (")
        .append(esc(FigureText.duration(result.spanMillis())))
        .append(").<br/>Parameters: ")
        .append(esc(header.parameters().toString()))
        .append("<br/>Signals ")
        .append(header.signals())
        .append(", fills ")
        .append(header.fills())
        .append(", orders refused ")
        .append(header.refused())
        .append(".<br/>Costs: fee ")
        .append(esc(costs.feePerLotTwd().toString()))
        .append(" TWD per lot and side; futures transaction tax ")
        .append(esc(costs.taxRate().toPlainString()))
        .append(" of the contract value per side, rounded half up to whole TWD per fill; slippage ")
        .append(costs.slippageTicks())
        .append(" tick(s) per fill.</p>\n");

    h.append("<h2>Figures</h2>\n");
    figures(h, result);
    boolean open = result.total().hasOpenPosition();
    if (open) {
      h.append(
          "<p>A position was still open when the data ended: it is marked to its instrument's last price, counted as a trade (flagged open below) and included in every figure; it has paid only its entry's costs.</p>\n");
    }

    if (!sweep.isEmpty()) {
      h.append("<h2>Sweep (")
          .append(sweep.size())
          .append(" points, best by ")
          .append(esc(sortedBy))
          .append(")</h2>\n<p>The charts and trades below are those of rank 1.</p>\n");
      sweepTable(h, sweep);
    }

    h.append("<h2>Equity curve</h2>\n<p><img src=\"")
        .append(BacktestReport.EQUITY_PNG)
        .append("\" alt=\"Equity curve, net of costs (TWD)\" width=\"")
        .append(BacktestCharts.WIDTH)
        .append("\" height=\"")
        .append(BacktestCharts.HEIGHT)
        .append("\"/></p>\n");
    h.append("<h2>Trades on the price</h2>\n");
    for (BacktestResult.PriceChart chart : result.charts()) {
      h.append("<h3>")
          .append(esc(chart.itemCode()))
          .append("</h3>\n<p><img src=\"")
          .append(esc(priceChartName(chart.itemCode())))
          .append("\" alt=\"")
          .append(esc(chart.itemCode()))
          .append(" price with buys (green, up) and sells (red, down)\" width=\"")
          .append(BacktestCharts.WIDTH)
          .append("\" height=\"")
          .append(BacktestCharts.HEIGHT)
          .append("\"/></p>\n");
    }
    tradeTable(h, result.trades());
    h.append("<p>Files: <a href=\"")
        .append(TRADES_CSV)
        .append("\">")
        .append(TRADES_CSV)
        .append("</a>");
    if (!sweep.isEmpty()) {
      h.append(", <a href=\"").append(SWEEP_CSV).append("\">").append(SWEEP_CSV).append("</a>");
    }
    h.append(".</p>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void figures(StringBuilder h, BacktestResult result) {
    List<Figures> columns = new ArrayList<>(result.instruments());
    columns.add(result.total());
    h.append("<table>\n<tr><th>figure</th>");
    for (Figures f : columns) {
      h.append("<th>")
          .append(esc(f.scope()))
          .append(f.total() ? " (TWD only)" : " (" + f.pointValue() + " TWD/point)")
          .append("</th>");
    }
    h.append("</tr>\n");
    row(h, "net P&L (TWD)", columns, f -> FigureText.amount(f.netPnlTwd()));
    row(h, "net P&L (points)", columns, f -> FigureText.amount(f.netPnlPoints()));
    row(h, "gross P&L (TWD)", columns, f -> FigureText.amount(f.grossPnlTwd()));
    row(h, "gross P&L (points)", columns, f -> FigureText.amount(f.grossPnlPoints()));
    row(h, "fees (TWD)", columns, f -> FigureText.amount(f.feesTwd()));
    row(h, "tax (TWD)", columns, f -> FigureText.amount(f.taxTwd()));
    row(h, "slippage (TWD)", columns, f -> FigureText.amount(f.slippageTwd()));
    row(h, "trades (round trips)", columns, f -> Integer.toString(f.trades()));
    row(h, "winners / losers", columns, f -> f.winners() + " / " + f.losers());
    row(h, "win rate", columns, f -> FigureText.percent(f.winRate()));
    row(h, "profit factor", columns, FigureText::profitFactor);
    row(h, "max drawdown (TWD)", columns, f -> FigureText.amount(f.maxDrawdownTwd()));
    row(h, "max drawdown (points)", columns, f -> FigureText.amount(f.maxDrawdownPoints()));
    row(h, "largest loss (TWD)", columns, f -> FigureText.amount(f.largestLossTwd()));
    row(h, "largest loss (points)", columns, f -> FigureText.amount(f.largestLossPoints()));
    row(h, "exposure time", columns, f -> FigureText.duration(f.exposureMillis()));
    row(h, "exposure share", columns, f -> FigureText.percent(f.exposureShare()));
    row(
        h,
        "open at end",
        columns,
        f ->
            f.total()
                ? f.openLots() + " instrument(s)"
                : f.openLots() == 0 ? "flat" : f.openLots() + " lots (marked)");
    h.append("</table>\n");
  }

  private static void row(
      StringBuilder h, String label, List<Figures> columns, Function<Figures, String> cell) {
    h.append("<tr><td>").append(esc(label)).append("</td>");
    for (Figures f : columns) {
      h.append("<td>").append(esc(cell.apply(f))).append("</td>");
    }
    h.append("</tr>\n");
  }

  private static void sweepTable(StringBuilder h, List<SweepRow> sweep) {
    List<String> names = new ArrayList<>(sweep.get(0).parameters().keySet());
    h.append("<table>\n<tr><th>rank</th>");
    for (String name : names) {
      h.append("<th>").append(esc(name)).append("</th>");
    }
    h.append(
        "<th>net P&amp;L (TWD)</th><th>trades</th><th>win rate</th><th>profit factor</th><th>max drawdown (TWD)</th></tr>\n");
    for (SweepRow row : sweep) {
      Figures f = row.total();
      h.append("<tr><td>").append(row.rank()).append("</td>");
      for (String name : names) {
        h.append("<td>").append(esc(row.parameters().get(name))).append("</td>");
      }
      h.append("<td>")
          .append(esc(FigureText.amount(f.netPnlTwd())))
          .append("</td><td>")
          .append(f.trades())
          .append("</td><td>")
          .append(esc(FigureText.percent(f.winRate())))
          .append("</td><td>")
          .append(esc(FigureText.profitFactor(f)))
          .append("</td><td>")
          .append(esc(FigureText.amount(f.maxDrawdownTwd())))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void tradeTable(StringBuilder h, List<Trade> trades) {
    h.append("<h2>Trades (")
        .append(trades.size())
        .append(trades.size() > MAX_TRADE_ROWS ? ", the first " + MAX_TRADE_ROWS + " listed" : "")
        .append(")</h2>\n<table>\n<tr><th>#</th><th>item</th><th>side</th><th>lots</th>")
        .append("<th>entry time</th><th>entry price</th><th>exit time</th><th>exit price</th>")
        .append("<th>gross points</th><th>net TWD</th><th>costs TWD</th><th>status</th></tr>\n");
    for (int i = 0; i < Math.min(trades.size(), MAX_TRADE_ROWS); i++) {
      Trade t = trades.get(i);
      h.append(t.open() ? "<tr class=\"open\">" : "<tr>")
          .append("<td>")
          .append(i + 1)
          .append("</td><td>")
          .append(esc(t.itemCode()))
          .append("</td><td>")
          .append(t.side() == org.aftm.domain.model.Side.BUY ? "long" : "short")
          .append("</td><td>")
          .append(t.lots())
          .append("</td><td>")
          .append(esc(FigureText.time(t.entryTimeMillis())))
          .append("</td><td>")
          .append(t.entryPrice())
          .append("</td><td>")
          .append(esc(FigureText.time(t.exitTimeMillis())))
          .append("</td><td>")
          .append(t.exitPrice())
          .append("</td><td>")
          .append(t.grossPoints())
          .append(t.netTwd().isNegative() ? "</td><td class=\"neg\">" : "</td><td>")
          .append(t.netTwd())
          .append("</td><td>")
          .append(t.costsTwd())
          .append("</td><td>")
          .append(t.open() ? "open, marked to the last price" : "closed")
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Escapes text for XHTML content and attribute values. */
  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            out.append('?'); // a control character is not allowed in XML
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
