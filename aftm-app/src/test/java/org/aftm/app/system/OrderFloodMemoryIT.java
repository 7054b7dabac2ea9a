package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.SimulatedBrokers;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.out.PublishOrderUpdatesPort;
import org.aftm.application.port.out.TradingMetrics;
import org.aftm.application.service.BackgroundOrderJournal;
import org.aftm.application.service.OrderLifecycle;
import org.aftm.application.service.PlaceOrderService;
import org.aftm.application.service.Portfolio;
import org.aftm.application.service.RiskEngine;
import org.aftm.application.service.RiskLimits;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders with unique ids through the main process's real order path (the order service, its SQLite
 * audit trail and journal, the lifecycle, the simulated broker): once the in-memory caches are
 * full, the heap stops growing. The failure message names the classes that grew. A measurement, not
 * in CI: about 4 ms an order on a loaded 2-core machine (the audit trail's writes), so it runs only
 * when asked, e.g. {@code -Dflood.warm=60000 -Dflood.measured=40000}.
 */
@EnabledIfSystemProperty(named = "flood.warm", matches = "\\d+")
@Timeout(1800)
class OrderFloodMemoryIT {

  private static final Logger LOG = LoggerFactory.getLogger(OrderFloodMemoryIT.class);

  @TempDir Path dataDir;
  private SqliteDatabase database;
  private SimExchangeApi broker;
  private BackgroundOrderJournal journal;

  @AfterEach
  void stop() {
    if (journal != null) {
      journal.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void shouldNotGrowTheHeapPerOrderOnceTheCachesAreFull() throws Exception {
    database = SqliteDatabase.open(dataDir, true);
    SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
    broker = SimulatedBrokers.forReplay(AftmConfig.defaults());
    broker.feed(
        new MarketTick("TXF", Price.ofPoints(22000).units(), 1, System.currentTimeMillis()));
    Portfolio portfolio = new Portfolio(item -> 200L);
    journal = new BackgroundOrderJournal(store, store, portfolio);
    PublishOrderUpdatesPort nowhere =
        new PublishOrderUpdatesPort() {
          @Override
          public void publish(OrderUpdate update) {}

          @Override
          public void publish(ConditionCommand command) {}
        };
    OrderLifecycle lifecycle = new OrderLifecycle(portfolio, journal, nowhere, Clock.systemUTC());
    broker.addListener(lifecycle);
    RiskEngine risk =
        new RiskEngine(
            new RiskLimits(10, 10), portfolio, lifecycle, broker::isLoggedIn, System::nanoTime);
    PlaceOrderService orders =
        new PlaceOrderService(
            broker,
            store,
            risk,
            lifecycle,
            TradingMetrics.NONE,
            Clock.systemUTC(),
            System::nanoTime);

    int warm = Integer.getInteger("flood.warm", 60_000);
    int measured = Integer.getInteger("flood.measured", 40_000);
    place(orders, 0, warm);
    long before = usedHeapAfterGc();
    Map<String, long[]> histogramBefore = histogram();
    place(orders, warm, measured);
    long after = usedHeapAfterGc();
    String grew = growth(histogramBefore, histogram(), measured);
    double perOrder = (after - before) / (double) measured;
    LOG.info(
        "Heap after {} orders {} KiB, after {} more {} KiB: {} B per order",
        warm,
        before / 1024,
        measured,
        after / 1024,
        Math.round(perOrder));

    assertThat(perOrder)
        .as("heap growth per order once the caches are full; grew:%s", grew)
        .isLessThan(20);
  }

  private static void place(PlaceOrderService orders, int first, int count) {
    for (int i = first; i < first + count; i++) {
      OrderRequest request =
          new OrderRequest(
              "SIM-0001",
              "TXF",
              i % 2 == 0 ? Side.BUY : Side.SELL,
              OrderType.MARKET,
              Price.ZERO,
              1,
              OpenClose.AUTO,
              "flood",
              DayTrade.NO,
              TimeInForce.IOC,
              "flood-" + i);
      OrderResult result = orders.placeOrder(new PlaceOrderCommand(request, 0));
      if (!result.sent()) {
        throw new AssertionError("order " + i + " refused: " + result);
      }
    }
  }

  /** Instances and bytes by class, from the JVM's own class histogram (which collects first). */
  private static Map<String, long[]> histogram() throws Exception {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {null},
                    new String[] {String[].class.getName()});
    Map<String, long[]> byClass = new HashMap<>();
    Matcher line = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*").matcher("");
    for (String row : text.split("\\R")) {
      if (line.reset(row).matches()) {
        byClass.put(
            line.group(3),
            new long[] {Long.parseLong(line.group(1)), Long.parseLong(line.group(2))});
      }
    }
    return byClass;
  }

  /** The classes that grew by at least one instance per ten orders, largest first. */
  private static String growth(Map<String, long[]> before, Map<String, long[]> after, int orders) {
    StringBuilder text = new StringBuilder();
    after.entrySet().stream()
        .map(
            e -> {
              long[] was = before.getOrDefault(e.getKey(), new long[2]);
              return Map.entry(
                  e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
            })
        .filter(e -> e.getValue()[0] >= orders / 10)
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .limit(15)
        .forEach(
            e ->
                text.append(
                    String.format(
                        "%n  %s +%d instances, %d B per order",
                        e.getKey(), e.getValue()[0], e.getValue()[1] / orders)));
    return text.toString();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100); // lets the collector and the journal's thread settle; not synchronisation
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
