package org.aftm.app.wiring;

import java.util.Arrays;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.SimSettings;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.out.LoginResult;

/** Builds the simulated broker from the configuration. */
public final class SimulatedBrokers {

  private SimulatedBrokers() {}

  /**
   * The simulated broker as configured, keeping its orders and positions in the data directory as a
   * real broker would keep them across a restart of the main process; not logged in.
   */
  public static SimExchangeApi create(AftmConfig config) {
    return new SimExchangeApi(settings(config).withStateDirectory(config.dataDir()));
  }

  private static SimSettings settings(AftmConfig config) {
    char[] demoPassword = config.simDemoPassword().toCharArray();
    try {
      return SimSettings.defaults()
          .withDemoCredentials(config.simDemoAccount(), demoPassword)
          .withSeed(config.simSeed())
          .withTicksPerSecond(config.simTickRate())
          .withStartingPrice("TXF", config.simStartPrice())
          .withStartingPrice("MXF", config.simStartPrice())
          .withRejectRate(config.simRejectRate())
          .withPartialFillRate(config.simPartialFillRate())
          .withAckDelayMillis(config.simAckDelayMs())
          .withFillDelayMillis(config.simFillDelayMs());
    } finally {
      Arrays.fill(demoPassword, '\0');
    }
  }

  /**
   * A simulated broker logged in with its demo credentials, for replays: in memory only, no
   * generator, no delays (each order fills at its tick's price).
   */
  public static SimExchangeApi forReplay(AftmConfig config) {
    SimExchangeApi broker =
        new SimExchangeApi(settings(config).withAckDelayMillis(0).withFillDelayMillis(0));
    char[] password = config.simDemoPassword().toCharArray();
    try {
      LoginResult login = broker.login(config.simDemoAccount(), password);
      if (!login.success()) {
        broker.close();
        throw new IllegalStateException(
            "simulated broker refused its own demo login: " + login.message());
      }
      return broker;
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
