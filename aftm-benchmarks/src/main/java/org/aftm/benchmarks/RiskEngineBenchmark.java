package org.aftm.benchmarks;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.application.port.out.PublishOrderUpdatesPort;
import org.aftm.application.service.OrderLifecycle;
import org.aftm.application.service.OrderRateWindow;
import org.aftm.application.service.Portfolio;
import org.aftm.application.service.RiskEngine;
import org.aftm.application.service.RiskLimits;
import org.aftm.domain.calendar.TaifexCalendar;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.risk.TradingStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@code RiskEngine.check} with every check on, as in the main process: the trading state,
 * TAIFEX hours (inside a session), the order-rate window, the price band, and the position (an
 * entry) or the entry's closable lots (an exit that names its entry). The nano clock advances 1 ms
 * per call, so the rate window never fills and every order passes.
 *
 * <p>Run: {@code java -cp
 * 'aftm-benchmarks/target/aftm-benchmarks-0.1.0-SNAPSHOT.jar:aftm-benchmarks/target/lib/*'
 * org.openjdk.jmh.Main RiskEngineBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RiskEngineBenchmark {

  private static final String ACC = "ACC-1";
  private static final String TXF = "TXFF6";

  private RiskEngine engine;
  private PlaceOrderCommand entry;
  private PlaceOrderCommand exit;
  private long nanos;

  @Setup(Level.Trial)
  public void setUp() {
    Portfolio portfolio = new Portfolio(item -> 200);
    OrderLifecycle lifecycle =
        new OrderLifecycle(portfolio, new NoJournal(), new NoUpdates(), InstantSource.system());
    OrderRequest entryRequest = request(Side.BUY, OpenClose.AUTO, "aftm-1-entry");
    lifecycle.submit(entryRequest, null);
    lifecycle.onOrderEvent(new OrderEvent.Accepted("aftm-1-entry", "S1", 0));
    lifecycle.onOrderEvent(
        new OrderEvent.Filled("aftm-1-entry", "S1", "E1", 1, Price.ofPoints(20_000), 0));
    portfolio.onPrice(TXF, Price.ofPoints(20_000).units());
    Instant inDaySession =
        LocalDateTime.parse("2026-01-06T10:00:00").atZone(ZoneId.of("Asia/Taipei")).toInstant();
    TradingStatus active = TradingStatus.initial(0);
    engine =
        new RiskEngine(
            new RiskLimits(10, 10, 1_000_000_000L),
            portfolio,
            lifecycle,
            () -> true,
            () -> nanos += 1_000_000,
            () -> active,
            new TaifexCalendar(Set.of()),
            InstantSource.fixed(inDaySession),
            new OrderRateWindow(100_000, 6_000_000),
            5);
    entry =
        new PlaceOrderCommand(
            request(Side.BUY, OpenClose.AUTO, "aftm-2-entry"), 0, null, OrderOrigin.STRATEGY);
    exit =
        new PlaceOrderCommand(
            request(Side.SELL, OpenClose.CLOSE, "aftm-1-exit"),
            0,
            "aftm-1-entry",
            OrderOrigin.STRATEGY);
    if (engine.check(entry).refused() || engine.check(exit).refused()) {
      throw new IllegalStateException("the benchmark's orders must pass");
    }
  }

  private static OrderRequest request(Side side, OpenClose openClose, String id) {
    return new OrderRequest(
        ACC,
        TXF,
        side,
        OrderType.LIMIT,
        Price.ofPoints(20_010),
        1,
        openClose,
        "bench",
        DayTrade.NO,
        TimeInForce.IOC,
        id);
  }

  @Benchmark
  public RiskEngine.Decision entry() {
    return engine.check(entry);
  }

  @Benchmark
  public RiskEngine.Decision exit() {
    return engine.check(exit);
  }

  private static final class NoJournal implements OrderJournalPort {
    @Override
    public void recordOrderChange(Order order, Fill fill, long epochMillis) {}

    @Override
    public Optional<Order> loadOrder(String clientOrderId) {
      return Optional.empty();
    }

    @Override
    public List<Order> loadOrdersClosing(String entryClientOrderId) {
      return List.of();
    }

    @Override
    public List<Order> loadWorkingOrders() {
      return List.of();
    }
  }

  private static final class NoUpdates implements PublishOrderUpdatesPort {
    @Override
    public void publish(OrderUpdate update) {}

    @Override
    public void publish(ConditionCommand command) {}
  }
}
