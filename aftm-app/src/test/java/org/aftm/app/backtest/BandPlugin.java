package org.aftm.app.backtest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.Tick;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.aftm.domain.strategy.Strategy;
import org.aftm.domain.strategy.StrategyListener;
import org.aftm.domain.strategy.StrategyParameter;
import org.aftm.domain.strategy.StrategyPlugin;
import org.aftm.domain.strategy.StrategySetup;

/**
 * A tiny strategy for sweep tests, handed to the backtest directly (not registered, so it never
 * shows in the installed catalog): per instrument it buys one lot {@code band} points below its
 * reference price, sells it {@code band} points above the entry (or {@code 2 × band} below), and
 * takes the exit price as the next reference.
 */
final class BandPlugin implements StrategyPlugin {

  @Override
  public String name() {
    return "test-band";
  }

  @Override
  public String description() {
    return "Test: buy a band below the reference, sell a band above the entry.";
  }

  @Override
  public List<StrategyParameter> parameters() {
    return List.of(StrategyParameter.integer("band", 20, 1, 100_000, "Band in points."));
  }

  @Override
  public Strategy create(StrategySetup setup) {
    return new Band(setup.parameters().integer("band") * Price.UNITS_PER_POINT);
  }

  private static final class Band implements Strategy {
    private final long band;
    private final Map<String, long[]> states = new HashMap<>(); // reference, entry, condition id
    private long conditions;

    Band(long band) {
      this.band = band;
    }

    @Override
    public String name() {
      return "test-band";
    }

    @Override
    public void onTick(Tick tick, StrategyListener listener) {
      long price = tick.priceUnits();
      long[] state = states.get(tick.itemCode());
      if (state == null) {
        states.put(tick.itemCode(), new long[] {price, 0, 0});
        return;
      }
      if (state[1] == 0 && price <= state[0] - band) {
        state[1] = price;
        state[2] = ++conditions;
        listener.onSignal(signal(tick, state[2], Side.BUY, SignalReason.ENTRY));
      } else if (state[1] != 0 && (price >= state[1] + band || price <= state[1] - 2 * band)) {
        SignalReason reason =
            price >= state[1] + band ? SignalReason.TAKE_PROFIT : SignalReason.STOP_LOSS;
        listener.onSignal(signal(tick, state[2], Side.SELL, reason));
        state[0] = price;
        state[1] = 0;
      }
    }

    private static Signal signal(Tick tick, long condition, Side side, SignalReason reason) {
      return new Signal(
          Signal.idFor(condition, reason),
          condition,
          tick.itemCode(),
          side,
          1,
          reason,
          tick.priceUnits(),
          tick.sequence(),
          tick.exchangeTimeMillis(),
          0,
          0);
    }
  }
}
