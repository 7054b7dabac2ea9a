package org.aftm.app.system;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.wiring.MainProcess;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop under chaos: the real main process with its two child JVMs trades the simulated
 * broker's generated market for a minute while the broker rejects a fifth of the orders, fills
 * almost a third of them only in part and answers with small delays. Conditions, buy and sell on
 * the same instrument at once, are added near the current price as the market moves. Afterwards,
 * once no order is out, the conditions must account for every lot the broker holds, no condition
 * may claim a position it never got, every open position must still have an exit coming, and no
 * client order id may have reached the broker twice.
 *
 * <p>{@code -Daftm.it.chaos.seconds=N} shortens the trading minute for local runs.
 */
@Timeout(300)
class ClosedLoopChaosIT {

  private static final Duration TRADING =
      Duration.ofSeconds(Long.getLong("aftm.it.chaos.seconds", 60));

  /** Unfinished conditions above which no new pair is added. */
  private static final int MAX_ACTIVE = 8;

  /** How far the price must move before the next pair is added near it. */
  private static final long MOVE_POINTS = 5;

  private static final Pattern ENTRY_RETRY = Pattern.compile("aftm-\\d+-entry-\\d+");
  private static final Pattern EXIT_RETRY = Pattern.compile("aftm-\\d+-exit-\\d+");

  @TempDir Path dataDir;
  private MainProcess main;
  private final List<ProcessHandle> children = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    try {
      if (main != null) {
        main.close();
      }
      KeptDataDir.copyIfAsked(dataDir);
    } finally {
      // Whatever the close left (it should leave nothing) must not outlive the test.
      children.forEach(ProcessHandle::destroyForcibly);
      await("child JVMs gone")
          .atMost(Duration.ofSeconds(30))
          .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }
  }

  @Test
  void conditionsAccountForEveryLotTheBrokerHoldsAfterAMinuteOfRejectionsAndPartialFills() {
    AftmConfig config =
        AftmConfig.defaults()
            .with(
                Map.ofEntries(
                    entry(ConfigKey.AFTM_DATA_DIR, dataDir.toString()),
                    entry(ConfigKey.ZMQ_TICK_PORT, "0"),
                    entry(ConfigKey.ZMQ_SIGNAL_PORT, "0"),
                    entry(ConfigKey.DLL_GATEWAY_PORT, "0"),
                    entry(ConfigKey.AFTM_ORDER_EVENT_PORT, "0"),
                    entry(ConfigKey.AFTM_HTTP_PORT, "-1"),
                    entry(ConfigKey.AFTM_SIM_TICK_RATE, "50"),
                    entry(ConfigKey.AFTM_SIM_REJECT_RATE, "0.2"),
                    entry(ConfigKey.AFTM_SIM_PARTIAL_FILL_RATE, "0.3"),
                    entry(ConfigKey.AFTM_SIM_ACK_DELAY_MS, "5"),
                    entry(ConfigKey.AFTM_SIM_FILL_DELAY_MS, "5"),
                    entry(ConfigKey.AFTM_MAX_POSITION_QTY, "100")));
    main =
        MainProcess.start(
            config, config.simDemoAccount(), config.simDemoPassword().toCharArray(), true);
    main.supervisor()
        .status()
        .values()
        .forEach(child -> ProcessHandle.of(child.pid()).ifPresent(children::add));
    assertThat(children).hasSize(2);
    String item = main.itemCode();
    await("first generated tick")
        .atMost(Duration.ofSeconds(10))
        .until(() -> main.lastPriceUnits() > 0);

    Random random = new Random(20240611L);
    long end = System.nanoTime() + TRADING.toNanos();
    long lastAddedAt = 0;
    int added = 0;
    while (System.nanoTime() < end) {
      long addedAt = lastAddedAt;
      // Paced by the market: the next pair goes in once the price moved away from the last one
      // and not too many conditions are still at work.
      boolean ready =
          await("price moved and room for conditions")
                  .atMost(TRADING.plusSeconds(5))
                  .pollInterval(Duration.ofMillis(50))
                  .until(
                      () ->
                          System.nanoTime() >= end
                              || (Math.abs(main.lastPriceUnits() - addedAt)
                                      >= Price.ofPoints(MOVE_POINTS).units()
                                  && main.conditions().listConditions(false).size()
                                      <= MAX_ACTIVE - 2),
                      done -> done)
              && System.nanoTime() < end;
      if (!ready) {
        break;
      }
      long price = main.lastPriceUnits();
      lastAddedAt = price;
      main.conditions().registerCondition(spec(item, Side.BUY, price, random));
      main.conditions().registerCondition(spec(item, Side.SELL, price, random));
      added += 2;
    }

    // Freeze the market: no more triggers, entries or exits; what is in flight finishes.
    main.exchange().unsubscribeQuotes(item);
    AtomicReference<String> previous = new AtomicReference<>("");
    await("no condition with an order out, and nothing changing")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              List<ConditionSnapshot> conditions = main.conditions().listConditions(true);
              boolean orderOut =
                  conditions.stream().anyMatch(ConditionSnapshot::hasOrderOut)
                      || !main.orderLifecycle().workingOrders().isEmpty();
              String now = fingerprint(conditions) + brokerNet();
              return !orderOut && now.equals(previous.getAndSet(now));
            });

    List<ConditionSnapshot> conditions = main.conditions().listConditions(true);
    BrokerJournalRecords journal = BrokerJournalRecords.read(dataDir);
    System.out.printf(
        "ClosedLoopChaosIT: %d conditions (%s), %d orders placed, %d rejected, %d partial,"
            + " broker %s, failures %s, events refused %d, orders refused %d, duplicates %d%n",
        conditions.size(),
        countByState(conditions),
        journal.placed.size(),
        journal.rejections(SimExchangeApi.SIMULATED_REJECTION),
        journal.partialFills(),
        main.simulatedBroker().positions(main.orderAccount()),
        failures(conditions),
        main.orderLifecycle().eventsRefused(),
        main.metrics().refused(),
        main.metrics().duplicates());
    assertThat(conditions).hasSize(added);

    // The invariant: per instrument, the broker's net lots are what the conditions hold.
    Map<String, Integer> byConditions = new TreeMap<>();
    for (ConditionSnapshot c : conditions) {
      byConditions.merge(
          c.spec().itemCode(),
          c.spec().action().sign() * (c.entryFilled() - c.exitFilled()),
          Integer::sum);
    }
    Map<String, Integer> broker = brokerNet();
    TreeSet<String> items = new TreeSet<>(broker.keySet());
    items.addAll(byConditions.keySet());
    for (String code : items) {
      assertThat(broker.getOrDefault(code, 0))
          .as("%s: broker's net lots vs the conditions' %s", code, describe(conditions))
          .isEqualTo(byConditions.getOrDefault(code, 0));
    }
    // The broker's record of its fills, and the main process's portfolio, say the same.
    assertThat(withoutFlat(journal.netByItem())).isEqualTo(withoutFlat(broker));
    Map<String, Integer> portfolio = new TreeMap<>();
    for (Position p : main.positions()) {
      portfolio.put(p.itemCode(), p.quantity());
    }
    assertThat(withoutFlat(portfolio)).isEqualTo(withoutFlat(broker));

    // No condition claims a position it never got; finished ones closed all they had.
    for (ConditionSnapshot c : conditions) {
      switch (c.state()) {
        case ENTERED, EXITING ->
            assertThat(c.entryFilled()).as("condition %d %s", c.id(), c.state()).isPositive();
        case EXITED -> {
          assertThat(c.entryFilled()).as("condition %d exited", c.id()).isPositive();
          assertThat(c.exitFilled()).as("condition %d exited", c.id()).isEqualTo(c.entryFilled());
        }
        default -> {}
      }
      assertThat(c.exitFilled()).as("condition %d", c.id()).isLessThanOrEqualTo(c.entryFilled());
      // Every open position still has its exit coming.
      if (c.entryFilled() - c.exitFilled() > 0) {
        assertThat(c.state())
            .as("condition %d holds %d lots", c.id(), c.entryFilled() - c.exitFilled())
            .isIn(ConditionState.ENTERED, ConditionState.EXITING);
      }
    }

    // Every broker event found its order and was a valid step of its lifecycle.
    assertThat(main.orderLifecycle().eventsRefused()).isZero();
    // The broker acknowledged each client order id at most once.
    assertThat(journal.placementsById()).allSatisfy((id, count) -> assertThat(count).isOne());

    // The chaos was real, and the loop went round several times.
    assertThat(journal.rejections(SimExchangeApi.SIMULATED_REJECTION)).isPositive();
    assertThat(journal.partialFills()).isPositive();
    assertThat(journal.placed)
        .filteredOn(p -> ENTRY_RETRY.matcher(p.clientOrderId()).matches())
        .isNotEmpty();
    assertThat(journal.placed)
        .filteredOn(p -> EXIT_RETRY.matcher(p.clientOrderId()).matches())
        .isNotEmpty();
    assertThat(conditions)
        .filteredOn(c -> c.state() == ConditionState.EXITED)
        .hasSizeGreaterThanOrEqualTo(3);
  }

  private static ConditionSpec spec(String item, Side side, long priceUnits, Random random) {
    long trigger = Math.max(1, priceUnits / Price.UNITS_PER_POINT);
    return new ConditionSpec(
        item,
        side,
        Price.ofPoints(trigger),
        Price.ofPoints(2),
        1 + random.nextInt(3),
        Price.ofPoints(4 + random.nextInt(5)),
        Price.ofPoints(4 + random.nextInt(5)),
        true);
  }

  private Map<String, Integer> brokerNet() {
    Map<String, Integer> net = new TreeMap<>();
    for (Position p : main.simulatedBroker().positions(main.orderAccount())) {
      net.put(p.itemCode(), p.quantity());
    }
    return net;
  }

  private static Map<String, Integer> withoutFlat(Map<String, Integer> positions) {
    Map<String, Integer> open = new TreeMap<>(positions);
    open.values().removeIf(q -> q == 0);
    return open;
  }

  private static String fingerprint(List<ConditionSnapshot> conditions) {
    StringBuilder text = new StringBuilder();
    for (ConditionSnapshot c : conditions) {
      text.append(c.id())
          .append(c.state().text())
          .append(c.entryFilled())
          .append('/')
          .append(c.exitFilled())
          .append(';');
    }
    return text.toString();
  }

  private static Map<String, Long> countByState(List<ConditionSnapshot> conditions) {
    Map<String, Long> counts = new TreeMap<>();
    conditions.forEach(c -> counts.merge(c.state().text(), 1L, Long::sum));
    return counts;
  }

  private static Map<String, Long> failures(List<ConditionSnapshot> conditions) {
    Map<String, Long> counts = new TreeMap<>();
    conditions.stream()
        .filter(c -> c.state() == ConditionState.FAILED)
        .forEach(
            c -> {
              String why = c.progress().failure();
              counts.merge(why.substring(0, Math.min(60, why.length())), 1L, Long::sum);
            });
    return counts;
  }

  private static String describe(List<ConditionSnapshot> conditions) {
    StringBuilder text = new StringBuilder();
    for (ConditionSnapshot c : conditions) {
      if (c.entryFilled() != 0 || c.state() != ConditionState.FAILED) {
        text.append(
            String.format(
                "%n  %d %s %s q%d filled %d/%d attempts %d/%d %s",
                c.id(),
                c.spec().action().wire(),
                c.state().text(),
                c.spec().quantity(),
                c.entryFilled(),
                c.exitFilled(),
                c.progress().entryAttempts(),
                c.progress().exitAttempts(),
                c.progress().failure()));
      }
    }
    return text.toString();
  }
}
