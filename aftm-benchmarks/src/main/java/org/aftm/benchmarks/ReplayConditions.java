package org.aftm.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aftm.application.service.RecordedTicks;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * Conditions spread evenly over the price range a recording visits, alternating buy and sell with a
 * mix of turning points, exits and trailing, so that most of them trigger, enter and exit at some
 * point of the replay.
 */
final class ReplayConditions {

  private ReplayConditions() {}

  static List<ConditionSpec> around(RecordedTicks ticks, int count) {
    if (ticks.size() == 0) {
      throw new IllegalArgumentException("no ticks to place conditions around");
    }
    long low = Long.MAX_VALUE;
    long high = Long.MIN_VALUE;
    for (int i = 0; i < ticks.size(); i++) {
      low = Math.min(low, ticks.priceUnits(i));
      high = Math.max(high, ticks.priceUnits(i));
    }
    String item = ticks.itemCode(0);
    long lowPoints = low / Price.UNITS_PER_POINT;
    long span = Math.max(1, (high - low) / Price.UNITS_PER_POINT);
    List<ConditionSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long trigger = lowPoints + span * (2L * i + 1) / (2L * count);
      Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
      specs.add(
          new ConditionSpec(
              item,
              side,
              Price.ofPoints(trigger),
              Price.ofPoints(10 + (i % 4) * 10L),
              1 + i % 3,
              Price.ofPoints(30 + (i % 3) * 30L),
              Price.ofPoints(30),
              i % 3 == 0));
    }
    return specs;
  }

  /** Writes the conditions in the format {@code aftm replay --conditions} reads. */
  static void writeJson(Path file, List<ConditionSpec> specs) {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < specs.size(); i++) {
      ConditionSpec spec = specs.get(i);
      json.append("  {\"item_code\": \"")
          .append(spec.itemCode())
          .append("\", \"action\": \"")
          .append(spec.action().wire())
          .append("\", \"trigger_price\": ")
          .append(spec.triggerPrice())
          .append(", \"turning_point\": ")
          .append(spec.turningPoint())
          .append(", \"quantity\": ")
          .append(spec.quantity())
          .append(", \"take_profit_point\": ")
          .append(spec.takeProfitPoint())
          .append(", \"stop_loss_point\": ")
          .append(spec.stopLossPoint())
          .append(", \"is_following\": ")
          .append(spec.following())
          .append(i + 1 < specs.size() ? "},\n" : "}\n");
    }
    json.append("]\n");
    try {
      Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
