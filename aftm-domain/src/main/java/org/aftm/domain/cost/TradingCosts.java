package org.aftm.domain.cost;

import java.math.BigDecimal;
import java.util.Objects;
import org.aftm.domain.model.Price;

/**
 * What trading costs beyond the price: the broker's fee per lot and side, the TAIFEX futures
 * transaction tax (a rate of the contract value, charged on each side), and slippage in ticks
 * against the price a backtest fills at. Immutable.
 *
 * @param feePerLotTwd fee per lot, per side (buy or sell), in TWD; zero for none
 * @param taxRate futures transaction tax as a fraction of the contract value (price × point value ×
 *     lots) on each side; TAIFEX stock index futures: 0.00002
 * @param slippageTicks ticks a backtest's market order fills worse than the tick's price
 */
public record TradingCosts(Price feePerLotTwd, BigDecimal taxRate, int slippageTicks) {

  /** No fee, no tax, no slippage: today's replay. */
  public static final TradingCosts NONE = new TradingCosts(Price.ZERO, BigDecimal.ZERO, 0);

  public TradingCosts {
    Objects.requireNonNull(feePerLotTwd, "feePerLotTwd");
    Objects.requireNonNull(taxRate, "taxRate");
    if (feePerLotTwd.isNegative()) {
      throw new IllegalArgumentException("fee per lot must be >= 0 but was " + feePerLotTwd);
    }
    if (taxRate.signum() < 0 || taxRate.compareTo(BigDecimal.ONE) >= 0) {
      throw new IllegalArgumentException("tax rate must be in [0, 1) but was " + taxRate);
    }
    if (slippageTicks < 0) {
      throw new IllegalArgumentException("slippage must be >= 0 ticks but was " + slippageTicks);
    }
  }
}
