package org.aftm.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.aftm.app.backtest.FigureText;
import org.aftm.app.backtest.Sweep;
import org.aftm.app.backtest.SweepFigure;
import org.aftm.app.wiring.Backtests;
import org.aftm.application.backtest.BacktestResult;
import org.aftm.application.backtest.Figures;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.model.Price;

/**
 * Presents a backtest: a short table of the figures and the report folder's path on the last line,
 * or with {@code --json} one JSON object (the figures per instrument and in total, and the path).
 */
final class BacktestPrinter {

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private final PrintWriter out;
  private final boolean json;

  BacktestPrinter(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  void single(String strategy, Map<String, String> parameters, Backtests.Run run, Path report) {
    BacktestResult result = run.result();
    if (json) {
      line(
          g -> {
            g.writeStringField("event", "backtest");
            g.writeStringField("strategy", strategy);
            parameters(g, parameters);
            g.writeNumberField("ticks", result.ticks());
            g.writeNumberField("signals", run.signals());
            g.writeNumberField("fills", run.fills());
            g.writeNumberField("refused", run.refused());
            costs(g, result.costs());
            g.writeArrayFieldStart("instruments");
            for (Figures f : result.instruments()) {
              figures(g, f);
            }
            g.writeEndArray();
            g.writeFieldName("total");
            figures(g, result.total());
            g.writeStringField("report", report.toString());
          });
    } else {
      out.printf(
          "Backtest of %s %s over %d ticks: %d signals, %d fills, %d refused%s%n",
          strategy,
          parameters,
          result.ticks(),
          run.signals(),
          run.fills(),
          run.refused(),
          run.firstRefusal() == null ? "" : " (first: " + run.firstRefusal() + ")");
      table(result);
      out.println(report.toAbsolutePath());
    }
    out.flush();
  }

  void sweep(
      String strategy, SweepFigure sortBy, List<Sweep.Point<Backtests.Run>> points, Path report) {
    if (json) {
      line(
          g -> {
            g.writeStringField("event", "sweep");
            g.writeStringField("strategy", strategy);
            g.writeStringField("sort", sortBy.text());
            g.writeNumberField("points", points.size());
            costs(g, points.get(0).outcome().result().costs());
            g.writeArrayFieldStart("results");
            int rank = 1;
            for (Sweep.Point<Backtests.Run> point : points) {
              g.writeStartObject();
              g.writeNumberField("rank", rank++);
              parameters(g, point.parameters().asText());
              g.writeFieldName("total");
              figures(g, point.outcome().result().total());
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("report", report.toString());
          });
    } else {
      out.printf(
          "Sweep of %s: %d points, sorted by %s (best first)%n",
          strategy, points.size(), sortBy.text());
      out.printf(
          "%-5s %-40s %14s %7s %9s %14s %16s%n",
          "rank",
          "parameters",
          "net P&L TWD",
          "trades",
          "win rate",
          "profit factor",
          "max drawdown TWD");
      int rank = 1;
      for (Sweep.Point<Backtests.Run> point : points) {
        Figures f = point.outcome().result().total();
        out.printf(
            "%-5d %-40s %14s %7d %9s %14s %16s%n",
            rank++,
            point.parameters().asText(),
            f.netPnlTwd(),
            f.trades(),
            FigureText.percent(f.winRate()),
            FigureText.profitFactor(f),
            f.maxDrawdownTwd());
      }
      out.println(report.toAbsolutePath());
    }
    out.flush();
  }

  private void table(BacktestResult result) {
    StringBuilder head = new StringBuilder(String.format("%-24s", ""));
    for (Figures f : result.instruments()) {
      head.append(String.format(" %16s %12s", f.scope() + " TWD", f.scope() + " points"));
    }
    head.append(String.format(" %16s", "total TWD"));
    out.println(head);
    row("net P&L", result, Figures::netPnlTwd, Figures::netPnlPoints);
    row("gross P&L", result, Figures::grossPnlTwd, Figures::grossPnlPoints);
    row("costs (fee+tax+slip)", result, BacktestPrinter::costsOf, f -> null);
    row("max drawdown", result, Figures::maxDrawdownTwd, Figures::maxDrawdownPoints);
    row("largest loss", result, Figures::largestLossTwd, Figures::largestLossPoints);
    text("trades", result, f -> Integer.toString(f.trades()));
    text("win rate", result, f -> FigureText.percent(f.winRate()));
    text("profit factor", result, FigureText::profitFactor);
    text("exposure", result, f -> FigureText.duration(f.exposureMillis()));
    text("exposure share", result, f -> FigureText.percent(f.exposureShare()));
    for (Figures f : result.instruments()) {
      if (f.hasOpenPosition()) {
        out.printf(
            "open at the end: %s %d lots, marked to the last price and included above%n",
            f.scope(), f.openLots());
      }
    }
  }

  /** A row of one value per instrument (under its two columns) and one in total. */
  private void text(String label, BacktestResult result, Function<Figures, String> cell) {
    StringBuilder line = new StringBuilder(String.format("%-24s", label));
    for (Figures f : result.instruments()) {
      line.append(String.format(" %29s", cell.apply(f)));
    }
    line.append(String.format(" %16s", cell.apply(result.total())));
    out.println(line);
  }

  private static Price costsOf(Figures f) {
    return f.feesTwd().plus(f.taxTwd()).plus(f.slippageTwd());
  }

  private interface Column {
    Price of(Figures f);
  }

  private void row(String label, BacktestResult result, Column twd, Column points) {
    StringBuilder line = new StringBuilder(String.format("%-24s", label));
    for (Figures f : result.instruments()) {
      line.append(
          String.format(
              " %16s %12s", FigureText.amount(twd.of(f)), FigureText.amount(points.of(f))));
    }
    line.append(String.format(" %16s", FigureText.amount(twd.of(result.total()))));
    out.println(line);
  }

  private static void parameters(JsonGenerator g, Map<String, String> parameters)
      throws IOException {
    g.writeObjectFieldStart("parameters");
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void costs(JsonGenerator g, TradingCosts costs) throws IOException {
    g.writeObjectFieldStart("costs");
    g.writeNumberField("fee_per_lot_twd", costs.feePerLotTwd().toBigDecimal());
    g.writeNumberField("tax_rate", costs.taxRate().stripTrailingZeros());
    g.writeNumberField("slippage_ticks", costs.slippageTicks());
    g.writeEndObject();
  }

  private static void figures(JsonGenerator g, Figures f) throws IOException {
    g.writeStartObject();
    g.writeStringField("scope", f.scope());
    if (!f.total()) {
      g.writeNumberField("point_value", f.pointValue());
    }
    money(g, "net_pnl_twd", f.netPnlTwd());
    money(g, "gross_pnl_twd", f.grossPnlTwd());
    if (!f.total()) {
      money(g, "net_pnl_points", f.netPnlPoints());
      money(g, "gross_pnl_points", f.grossPnlPoints());
    }
    money(g, "fees_twd", f.feesTwd());
    money(g, "tax_twd", f.taxTwd());
    money(g, "slippage_twd", f.slippageTwd());
    g.writeNumberField("trades", f.trades());
    g.writeNumberField("winners", f.winners());
    g.writeNumberField("losers", f.losers());
    decimal(g, "win_rate", f.winRate());
    decimal(g, "profit_factor", f.profitFactor());
    money(g, "max_drawdown_twd", f.maxDrawdownTwd());
    if (!f.total()) {
      money(g, "max_drawdown_points", f.maxDrawdownPoints());
    }
    money(g, "largest_loss_twd", f.largestLossTwd());
    if (!f.total()) {
      money(g, "largest_loss_points", f.largestLossPoints());
    }
    g.writeNumberField("exposure_ms", f.exposureMillis());
    decimal(g, "exposure_share", f.exposureShare());
    if (f.total()) {
      g.writeNumberField("open_instruments", f.openLots());
    } else {
      g.writeNumberField("open_lots", f.openLots());
    }
    g.writeEndObject();
  }

  private static void money(JsonGenerator g, String name, Price value) throws IOException {
    g.writeNumberField(name, value.toBigDecimal());
  }

  private static void decimal(JsonGenerator g, String name, BigDecimal value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      BigDecimal plain = value.stripTrailingZeros();
      g.writeNumberField(name, plain.scale() < 0 ? plain.setScale(0) : plain);
    }
  }

  private interface Fields {
    void write(JsonGenerator generator) throws IOException;
  }

  private void line(Fields fields) {
    StringWriter buffer = new StringWriter(1024);
    try (JsonGenerator generator = JSON.createGenerator(buffer)) {
      generator.writeStartObject();
      fields.write(generator);
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(buffer);
  }
}
