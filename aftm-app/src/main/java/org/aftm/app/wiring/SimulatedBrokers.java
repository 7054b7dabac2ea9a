package org.aftm.app.wiring;

import java.util.Arrays;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.SimSettings;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.out.LoginResult;

/** Builds the simulated broker from the configuration. */
public final class SimulatedBrokers {

  private SimulatedBrokers() {}

  /** The simulated broker as configured; not logged in. */
  public static SimExchangeApi create(AftmConfig config) {
    char[] demoPassword = config.simDemoPassword().toCharArray();
    try {
      SimSettings settings =
          SimSettings.defaults()
              .withDemoCredentials(config.simDemoAccount(), demoPassword)
              .withSeed(config.simSeed())
              .withTicksPerSecond(config.simTickRate())
              .withStartingPrice("TXF", config.simStartPrice())
              .withStartingPrice("MXF", config.simStartPrice());
      return new SimExchangeApi(settings);
    } finally {
      Arrays.fill(demoPassword, '\0');
    }
  }

  /** A simulated broker logged in with its demo credentials, for replays: no generator runs. */
  public static SimExchangeApi forReplay(AftmConfig config) {
    SimExchangeApi broker = create(config);
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
