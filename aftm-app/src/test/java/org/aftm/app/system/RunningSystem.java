package org.aftm.app.system;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.process.ChildRole;
import org.aftm.app.security.LinkKeyStore;
import org.aftm.app.wiring.MainProcess;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.Position;
import org.zeromq.ZContext;

/**
 * The real main process with its two real child JVMs on free loopback ports and a temporary data
 * directory; the test drives the market tick by tick through the simulated broker. Fills are
 * recorded as the broker reports them (order events), with the side of their order.
 */
final class RunningSystem implements AutoCloseable {

  /** A condition id no test stores: deleting it changes nothing but is applied and acknowledged. */
  private static final long NO_SUCH_CONDITION = Long.MAX_VALUE;

  final AftmConfig config;
  final MainProcess main;
  final List<Fill> fills = new CopyOnWriteArrayList<>();

  RunningSystem(Path dataDir) {
    this(dataDir, Map.of());
  }

  /**
   * @param overrides configuration on top of the free ports and the temporary data directory
   */
  RunningSystem(Path dataDir, Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.AFTM_DATA_DIR, dataDir.toString());
    values.put(ConfigKey.ZMQ_TICK_PORT, "0");
    values.put(ConfigKey.ZMQ_SIGNAL_PORT, "0");
    values.put(ConfigKey.DLL_GATEWAY_PORT, "0");
    values.put(ConfigKey.AFTM_ORDER_EVENT_PORT, "0");
    values.put(ConfigKey.AFTM_HTTP_PORT, "-1");
    values.put(ConfigKey.AFTM_MAX_SIGNAL_AGE_MS, "10000");
    values.putAll(overrides);
    this.config = AftmConfig.defaults().with(values);
    this.main =
        MainProcess.start(
            config, config.simDemoAccount(), config.simDemoPassword().toCharArray(), false);
    try {
      main.exchange()
          .addListener(
              new ExchangeListener() {
                @Override
                public void onOrderEvent(OrderEvent event) {
                  if (event instanceof OrderEvent.Filled filled) {
                    fills.add(fillOf(filled));
                  }
                }
              });
      warmUp();
    } catch (RuntimeException | Error e) {
      main.close();
      throw e;
    }
  }

  /**
   * The fill as the broker reported it, with the side of the order it belongs to (the lifecycle,
   * registered as a listener before this one, knows every order placed through the gateway).
   */
  private Fill fillOf(OrderEvent.Filled filled) {
    OrderRequest request =
        main.orderLifecycle().find(filled.clientOrderId()).orElseThrow().request();
    return new Fill(
        filled.clientOrderId(),
        filled.executionId(),
        filled.orderSerial(),
        request.orderAccount(),
        request.itemCode(),
        request.side(),
        filled.quantity(),
        filled.price(),
        filled.timeMillis());
  }

  /**
   * PUB/SUB joins late, on both channels to the strategy: feed an instrument no condition watches
   * until the strategy sees ticks, and relay a change of a condition nobody has until the strategy
   * acknowledges one.
   */
  void warmUp() {
    warmUp(0);
  }

  /**
   * @param commandsAppliedBefore commands the strategy (this incarnation) had applied before
   */
  void warmUp(long commandsAppliedBefore) {
    await("strategy receiving ticks")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              feed("MXF", 21000);
              return strategyTicks() > 0;
            });
    List<Long> relayed = new ArrayList<>();
    try (ZContext context = new ZContext();
        ZmqOrderGatewayClient gateway =
            new ZmqOrderGatewayClient(context, main.gatewayEndpoint(), Duration.ofSeconds(2), 0)
                .securedBy(LinkKeyStore.operatorClient(config.dataDir(), config.linkSecurity()))
                .proveFreshConnections()) {
      await("strategy receiving the main process's commands")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                for (long commandId : relayed) {
                  if (gateway.isCommandAcknowledged(commandId)) {
                    return true;
                  }
                }
                relayed.add(
                    gateway.relayConditionChange(
                        ConditionCommand.Change.DELETED, NO_SUCH_CONDITION));
                return false;
              });
      // Once one arrived, every later one arrives too (in order); those before it were lost while
      // the subscription joined. Wait for all, so the strategy's count of applied commands is
      // known.
      int first = 0;
      while (!gateway.isCommandAcknowledged(relayed.get(first))) {
        first++;
      }
      for (long commandId : relayed.subList(first, relayed.size())) {
        await("acknowledgement of warm-up command " + commandId)
            .atMost(Duration.ofSeconds(10))
            .until(() -> gateway.isCommandAcknowledged(commandId));
      }
      long applied = 0;
      for (long commandId : relayed) {
        if (gateway.isCommandAcknowledged(commandId)) {
          applied++;
        }
      }
      awaitCommandsApplied(commandsAppliedBefore + applied);
    }
  }

  /**
   * The buy condition of the reference trace (docs/architecture.md §3.5): TXF, trigger 22000,
   * turning 30, take profit 120, stop loss 30, following on. The ticks 22010, 21990, 21950 trigger
   * it and trail it to 21950, 21985 enters, 22100 takes profit.
   */
  static ConditionSpec referenceBuy(int quantity) {
    return new ConditionSpec(
        "TXF",
        Side.BUY,
        Price.ofPoints(22000),
        Price.ofPoints(30),
        quantity,
        Price.ofPoints(120),
        Price.ofPoints(30),
        true);
  }

  /** Registers a condition in the main process and waits until the running strategy applied it. */
  ConditionSnapshot register(ConditionSpec spec) {
    long applied = strategyCounter("commands_applied");
    ConditionSnapshot condition = main.conditions().registerCondition(spec);
    awaitCommandsApplied(applied + 1);
    return condition;
  }

  void feed(String item, long points) {
    main.simulatedBroker()
        .feed(new MarketTick(item, Price.ofPoints(points).units(), 1, System.currentTimeMillis()));
  }

  /** Feeds one tick and waits until the strategy has processed it. */
  void tick(long points) {
    long target = strategyTicks() + 1;
    feed("TXF", points);
    await("strategy processed tick at " + points)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> strategyTicks() >= target);
  }

  /** Waits for at least {@code count} fills at the broker. */
  void awaitFills(int count) {
    await(count + " fill(s)").atMost(Duration.ofSeconds(15)).until(() -> fills.size() >= count);
  }

  /**
   * Waits until the strategy has stored the condition in {@code state}: the strategy moved it (on
   * an order update, or a tick) and acts on that state from its next message on.
   */
  void awaitState(long conditionId, ConditionState state) {
    await("condition " + conditionId + " " + state.text())
        .atMost(Duration.ofSeconds(20))
        .until(() -> stateOf(conditionId) == state);
  }

  ConditionState stateOf(long conditionId) {
    return main.conditions().listConditions(true).stream()
        .filter(c -> c.id() == conditionId)
        .findFirst()
        .map(ConditionSnapshot::state)
        .orElseThrow(() -> new AssertionError("no condition " + conditionId));
  }

  /** Waits until the strategy reports having applied {@code count} operator commands in all. */
  void awaitCommandsApplied(long count) {
    await("strategy applied " + count + " command(s)")
        .atMost(Duration.ofSeconds(10))
        .until(() -> strategyCounter("commands_applied") >= count);
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
    return strategyCounter("ticks");
  }

  long strategyCounter(String name) {
    return main.childReport(ChildRole.STRATEGY).map(r -> r.counter(name)).orElse(0L);
  }

  @Override
  public void close() {
    main.close();
  }
}
