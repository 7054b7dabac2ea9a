package org.aftm.app.system;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.process.ChildRole;
import org.aftm.app.wiring.MainProcess;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Position;

/**
 * The real main process with its two real child JVMs on free loopback ports and a temporary data
 * directory; the test drives the market tick by tick through the simulated broker.
 */
final class RunningSystem implements AutoCloseable {

  final AftmConfig config;
  final MainProcess main;
  final List<Fill> fills = new CopyOnWriteArrayList<>();
  private long ticksFed;

  RunningSystem(Path dataDir) {
    this.config =
        AftmConfig.defaults()
            .with(
                Map.of(
                    ConfigKey.AFTM_DATA_DIR, dataDir.toString(),
                    ConfigKey.ZMQ_TICK_PORT, "0",
                    ConfigKey.ZMQ_SIGNAL_PORT, "0",
                    ConfigKey.DLL_GATEWAY_PORT, "0",
                    ConfigKey.AFTM_HTTP_PORT, "-1",
                    ConfigKey.AFTM_MAX_SIGNAL_AGE_MS, "10000"));
    this.main =
        MainProcess.start(
            config, config.simDemoAccount(), config.simDemoPassword().toCharArray(), false);
    main.exchange()
        .addListener(
            new ExchangeListener() {
              @Override
              public void onFill(Fill fill) {
                fills.add(fill);
              }
            });
    warmUp();
  }

  /** PUB/SUB joins late: feed an instrument no condition watches until the strategy sees ticks. */
  private void warmUp() {
    await("strategy receiving ticks")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              feed("MXF", 21000);
              return strategyTicks() > 0;
            });
    ticksFed = strategyTicks();
  }

  void feed(String item, long points) {
    main.simulatedBroker()
        .feed(new MarketTick(item, Price.ofPoints(points).units(), 1, System.currentTimeMillis()));
  }

  /** Feeds one tick and waits until the strategy has processed it. */
  void tick(long points) {
    long target = strategyTicks() + 1;
    feed("TXF", points);
    ticksFed++;
    await("strategy processed tick at " + points)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> strategyTicks() >= target);
  }

  /**
   * The positions the main process stored, read through a second connection as another process
   * would.
   */
  List<Position> storedPositions() {
    try (SqliteDatabase database = SqliteDatabase.open(config.dataDir(), false)) {
      return new SqlitePersistenceAdapter(database).loadPositions(main.orderAccount());
    }
  }

  long strategyTicks() {
    return main.childReport(ChildRole.STRATEGY).map(r -> r.counter("ticks")).orElse(0L);
  }

  @Override
  public void close() {
    main.close();
  }
}
