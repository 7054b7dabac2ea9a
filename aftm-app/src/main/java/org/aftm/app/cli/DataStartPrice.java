package org.aftm.app.cli;

import java.util.Map;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.application.service.RecordedTicks;
import org.aftm.domain.model.Price;

/**
 * The simulated broker's reference price for a replay or a backtest: {@code AFTM_SIM_START_PRICE}
 * when the operator set it, else the data's first price. Today's price limits (±10% of the
 * reference), which a conditions file and the broker's limit orders are checked against, then fit
 * the data: real TAIFEX data far from the default 22,000 is not refused.
 */
final class DataStartPrice {

  private DataStartPrice() {}

  /**
   * {@code config}, with the reference price taken from {@code ticks} unless the operator set it.
   */
  static AftmConfig of(AftmConfig config, ConfigOptions options, RecordedTicks ticks) {
    if (ticks.size() == 0
        || ticks.priceUnits(0) <= 0
        || options.gives(ConfigKey.AFTM_SIM_START_PRICE)) {
      return config;
    }
    return config.with(Map.of(ConfigKey.AFTM_SIM_START_PRICE, Price.format(ticks.priceUnits(0))));
  }
}
