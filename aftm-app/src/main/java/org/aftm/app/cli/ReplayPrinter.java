package org.aftm.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.aftm.application.service.ReplayService.ReplayListener;
import org.aftm.application.service.ReplayService.ReplaySummary;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.strategy.Signal;

/**
 * Presents a replay: human-readable lines, or with {@code --json} one JSON object per line in the
 * exact shape the issue fixes (signal lines, fill lines, and a summary last).
 */
final class ReplayPrinter implements ReplayListener {

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private final PrintWriter out;
  private final boolean json;

  ReplayPrinter(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  @Override
  public void onSignal(int tickNumber, Signal signal) {
    if (json) {
      line(
          g -> {
            g.writeStringField("event", "signal");
            g.writeNumberField("tick", tickNumber);
            g.writeStringField("condition_id", Long.toString(signal.conditionId()));
            if (!signal.fromCondition()) {
              // Only a plugin instance's lines name the signal: a condition's stay as they were.
              g.writeStringField("signal_id", signal.signalId());
            }
            g.writeStringField("item_code", signal.itemCode());
            g.writeStringField("side", signal.side().wire());
            g.writeNumberField("quantity", signal.quantity());
            g.writeStringField("reason", signal.reason().wire());
            g.writeNumberField("price", Price.ofUnits(signal.priceUnits()).toBigDecimal());
          });
    } else if (!signal.fromCondition()) {
      out.printf(
          "tick %-8d signal  %-14s %-4s %s x%d at %s (%s)%n",
          tickNumber,
          signal.signalId(),
          signal.side().wire(),
          signal.itemCode(),
          signal.quantity(),
          Price.format(signal.priceUnits()),
          signal.reason().wire());
    } else {
      out.printf(
          "tick %-8d signal  condition %-4d %-4s %s x%d at %s (%s)%n",
          tickNumber,
          signal.conditionId(),
          signal.side().wire(),
          signal.itemCode(),
          signal.quantity(),
          Price.format(signal.priceUnits()),
          signal.reason().wire());
    }
  }

  @Override
  public void onFill(int tickNumber, Fill fill) {
    if (json) {
      line(
          g -> {
            g.writeStringField("event", "fill");
            g.writeNumberField("tick", tickNumber);
            g.writeStringField("order_serial", fill.orderSerial());
            g.writeStringField("item_code", fill.itemCode());
            g.writeStringField("side", fill.side().wire());
            g.writeNumberField("quantity", fill.quantity());
            g.writeNumberField("price", fill.price().toBigDecimal());
          });
    } else {
      out.printf(
          "tick %-8d fill    order %-9s %-4s %s x%d at %s%n",
          tickNumber,
          fill.orderSerial(),
          fill.side().wire(),
          fill.itemCode(),
          fill.quantity(),
          fill.price());
    }
  }

  @Override
  public void onRefused(int tickNumber, Signal signal, OrderResult result) {
    if (json) {
      line(
          g -> {
            g.writeStringField("event", "refused");
            g.writeNumberField("tick", tickNumber);
            g.writeStringField("condition_id", Long.toString(signal.conditionId()));
            if (!signal.fromCondition()) {
              g.writeStringField("signal_id", signal.signalId());
            }
            g.writeStringField("error_code", result.errorCode());
            g.writeStringField("error_message", result.errorMessage());
          });
    } else {
      out.printf(
          "tick %-8d refused condition %-4d %s: %s%n",
          tickNumber, signal.conditionId(), result.errorCode(), result.errorMessage());
    }
  }

  void summary(ReplaySummary summary) {
    if (json) {
      line(
          g -> {
            g.writeStringField("event", "result");
            g.writeNumberField("ticks", summary.ticks());
            g.writeNumberField("fills", summary.fills());
            g.writeNumberField("realized_pnl_twd", summary.realizedPnl().toBigDecimal());
          });
      line(
          g -> {
            g.writeStringField("event", "summary");
            g.writeNumberField("signals", summary.signals());
            g.writeNumberField("round_trips", summary.roundTrips());
            g.writeNumberField("realized_pnl_points", summary.realizedPnlPoints().toBigDecimal());
          });
    } else {
      out.printf(
          "%nReplayed %d ticks: %d signals, %d fills, %d round trips, realized P&L %s points (%s TWD)%n",
          summary.ticks(),
          summary.signals(),
          summary.fills(),
          summary.roundTrips(),
          summary.realizedPnlPoints(),
          summary.realizedPnl());
    }
    out.flush();
  }

  private interface Fields {
    void write(JsonGenerator generator) throws IOException;
  }

  private void line(Fields fields) {
    StringWriter buffer = new StringWriter(160);
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
