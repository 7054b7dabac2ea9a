package org.aftm.app.wiring;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.aftm.adapter.out.sim.DemoPassword;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.SimSettings;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.out.LoginResult;
import org.aftm.domain.model.Contract;

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

  /**
   * The simulated broker as a source of contracts and quotes only, beside a real broker ({@code
   * EXCHANGE_MODE=fix}): in memory, since it takes no orders.
   */
  public static SimExchangeApi forQuotes(AftmConfig config) {
    return new SimExchangeApi(settings(config));
  }

  /**
   * The simulated broker behind {@code aftm fix-venue}: configured as for {@code EXCHANGE_MODE=sim}
   * (the same demo credentials, seed, tick rate, rates and delays), keeping its orders and
   * positions in the venue's own directory, so the venue and an {@code aftm run} may share a data
   * directory; not logged in (each FIX logon logs in).
   */
  public static SimExchangeApi forVenue(AftmConfig config, Path stateDirectory) {
    return new SimExchangeApi(settings(config).withStateDirectory(stateDirectory));
  }

  /**
   * The contracts the simulated broker as configured lists today, without making one (the same list
   * a FIX broker falls back on when its venue sends none).
   */
  public static List<Contract> contracts(AftmConfig config) {
    return SimExchangeApi.listing(settings(config));
  }

  private static SimSettings settings(AftmConfig config) {
    return SimSettings.defaults()
        .withDemoCredentials(config.simDemoAccount(), demoPassword(config))
        .withSeed(config.simSeed())
        .withTicksPerSecond(config.simTickRate())
        .withStartingPrice("TXF", config.simStartPrice())
        .withStartingPrice("MXF", config.simStartPrice())
        .withRejectRate(config.simRejectRate())
        .withPartialFillRate(config.simPartialFillRate())
        .withAckDelayMillis(config.simAckDelayMs())
        .withFillDelayMillis(config.simFillDelayMs());
  }

  /**
   * Only the password's salted digest goes into the broker. A configured password is a String of
   * the configuration for good (a demo secret); {@code sha256:<hex>} keeps it out of the process.
   */
  private static DemoPassword demoPassword(AftmConfig config) {
    if (config.simDemoPasswordIsDigest()) {
      return DemoPassword.ofSha256(config.simDemoPassword());
    }
    char[] password = config.simDemoPassword().toCharArray();
    try {
      return DemoPassword.of(password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * A simulated broker logged in, for replays: in memory only, no generator, no delays (each order
   * fills at its tick's price). It has its own default demo credentials: nobody else logs in to it,
   * and a configured password may be known only by its digest.
   */
  public static SimExchangeApi forReplay(AftmConfig config) {
    SimExchangeApi broker =
        new SimExchangeApi(
            settings(config)
                .withDemoCredentials(
                    SimSettings.DEFAULT_DEMO_ACCOUNT,
                    DemoPassword.of(SimSettings.DEFAULT_DEMO_PASSWORD.toCharArray()))
                .withAckDelayMillis(0)
                .withFillDelayMillis(0));
    char[] password = SimSettings.DEFAULT_DEMO_PASSWORD.toCharArray();
    try {
      LoginResult login = broker.login(SimSettings.DEFAULT_DEMO_ACCOUNT, password);
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
