package org.aftm.app.backtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.TimeZone;
import org.aftm.application.backtest.BacktestResult;
import org.aftm.application.backtest.SampledSeries;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's PNG charts, drawn with JFreeChart off screen ({@code java.awt.headless=true}): the
 * net equity curve, and per instrument its price with the fills drawn on it (buys as green
 * triangles up, sells as red triangles down). Times on the axes are Taipei time.
 */
final class BacktestCharts {

  static final int WIDTH = 1000;
  static final int HEIGHT = 420;

  private static final TimeZone TAIPEI = TimeZone.getTimeZone("Asia/Taipei");
  private static final Color BUY = new Color(0x1a, 0x8f, 0x3c);
  private static final Color SELL = new Color(0xc6, 0x28, 0x28);

  static {
    // Rendering to a file needs no display; without this a server without one fails.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private BacktestCharts() {}

  /** The mark-to-market net equity (TWD) over time, as a step line. */
  static void equity(BacktestResult result, Path png) throws IOException {
    XYSeries series = series("net equity (TWD)", result.equity());
    XYPlot plot =
        new XYPlot(
            new XYSeriesCollection(series), timeAxis(), numberAxis("TWD"), new XYStepRenderer());
    plot.getRenderer().setSeriesPaint(0, new Color(0x1f, 0x4e, 0x9c));
    plot.getRenderer().setSeriesStroke(0, new BasicStroke(1.5f));
    save(new JFreeChart("Equity curve, net of costs (TWD)", plot), png);
  }

  /** One instrument's price with its fills drawn on it. */
  static void price(BacktestResult.PriceChart chart, Path png) throws IOException {
    XYSeries prices = series(chart.itemCode() + " price", chart.prices());
    XYPlot plot =
        new XYPlot(
            new XYSeriesCollection(prices),
            timeAxis(),
            numberAxis("points"),
            new XYLineAndShapeRenderer(true, false));
    plot.getRenderer().setSeriesPaint(0, Color.DARK_GRAY);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    XYSeries buys = new XYSeries("buy", false, true);
    XYSeries sells = new XYSeries("sell", false, true);
    for (BacktestResult.FillMark fill : chart.fills()) {
      (fill.side() == Side.BUY ? buys : sells)
          .add(fill.timeMillis(), fill.price().toBigDecimal().doubleValue());
    }
    XYSeriesCollection marks = new XYSeriesCollection();
    marks.addSeries(buys);
    marks.addSeries(sells);
    XYLineAndShapeRenderer markRenderer = new XYLineAndShapeRenderer(false, true);
    markRenderer.setSeriesShape(0, ShapeUtils.createUpTriangle(6f));
    markRenderer.setSeriesShape(1, ShapeUtils.createDownTriangle(6f));
    markRenderer.setSeriesPaint(0, BUY);
    markRenderer.setSeriesPaint(1, SELL);
    plot.setDataset(1, marks);
    plot.setRenderer(1, markRenderer);
    save(new JFreeChart(chart.itemCode() + ": price and fills", plot), png);
  }

  private static XYSeries series(String name, SampledSeries.Points points) {
    XYSeries series = new XYSeries(name, false, true);
    for (int i = 0; i < points.size(); i++) {
      series.add(points.times()[i], (double) points.values()[i] / Price.UNITS_PER_POINT, false);
    }
    series.fireSeriesChanged();
    return series;
  }

  private static DateAxis timeAxis() {
    DateAxis axis = new DateAxis("time (Taipei)");
    axis.setTimeZone(TAIPEI);
    return axis;
  }

  private static NumberAxis numberAxis(String label) {
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(false);
    return axis;
  }

  private static void save(JFreeChart chart, Path png) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }
}
