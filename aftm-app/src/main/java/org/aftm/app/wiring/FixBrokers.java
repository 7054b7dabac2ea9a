package org.aftm.app.wiring;

import java.util.List;
import java.util.function.Function;
import org.aftm.adapter.out.fix.FixExchangeApi;
import org.aftm.adapter.out.fix.FixSettings;
import org.aftm.adapter.out.fix.FixVersion;
import org.aftm.app.config.AftmConfig;
import org.aftm.domain.model.Contract;
import org.aftm.domain.order.Position;

/** Builds the FIX broker ({@code EXCHANGE_MODE=fix}) from the configuration. */
public final class FixBrokers {

  private FixBrokers() {}

  /**
   * The FIX adapter as configured, its session store in {@code <data>/fix/store}; not logged in.
   *
   * @param fallbackContracts the contracts to list when the venue sends no SecurityList
   * @param fallbackPositions the caller's own positions, for a venue without RequestForPositions
   */
  public static FixExchangeApi create(
      AftmConfig config,
      List<Contract> fallbackContracts,
      Function<String, List<Position>> fallbackPositions) {
    return new FixExchangeApi(settings(config).withFallbacks(fallbackContracts, fallbackPositions));
  }

  static FixSettings settings(AftmConfig config) {
    return FixSettings.of(
            config.fixHost(),
            config.fixPort(),
            config.fixSenderCompId(),
            config.fixTargetCompId(),
            FixVersion.parse(config.fixVersion()),
            config.fixHeartbeatSeconds(),
            config.dataDir().resolve("fix").resolve("store"))
        .withAccount(config.fixAccount())
        .withTls(config.fixTls(), null, "");
  }
}
