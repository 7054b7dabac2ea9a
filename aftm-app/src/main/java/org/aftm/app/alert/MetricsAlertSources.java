package org.aftm.app.alert;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aftm.app.status.BucketCounts;
import org.aftm.domain.risk.TradingState;

/**
 * {@link AlertSources} read from the main process's meters (the catalogue's names, docs/
 * architecture.md, observability) and the order executor's tick → order histogram.
 *
 * <p>Down time counts from the last call that saw the component up (or from construction): the
 * evaluator calls at least every 10 s, so a down time is at most one evaluation period short. The
 * P95 is over the observations since the newest sample at least a minute old, samples being taken
 * at each call.
 *
 * <p>Not thread-safe: the alert evaluator's thread calls it, as {@link AlertSources} says.
 */
public final class MetricsAlertSources implements AlertSources {

  static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final MeterRegistry meters;
  private final Supplier<BucketCounts> tickToOrder;
  private final LongSupplier nanoClock;
  private final Map<Component, Long> lastUpNanos = new EnumMap<>(Component.class);
  private final Deque<Sample> samples = new ArrayDeque<>();

  private record Sample(long nanos, BucketCounts counts) {}

  /**
   * @param meters the registry with the main process's and the children's meters
   * @param tickToOrder the executor's tick → order accepted histogram, summed over its restarts
   * @param nanoClock {@link System#nanoTime()} but in tests
   */
  public MetricsAlertSources(
      MeterRegistry meters, Supplier<BucketCounts> tickToOrder, LongSupplier nanoClock) {
    this.meters = meters;
    this.tickToOrder = tickToOrder;
    this.nanoClock = nanoClock;
    long now = nanoClock.getAsLong();
    for (Component component : Component.values()) {
      lastUpNanos.put(component, now);
    }
    samples.add(new Sample(now, tickToOrder.get()));
  }

  @Override
  public double secondsDown(Component component) {
    long now = nanoClock.getAsLong();
    if (isUp(component)) {
      lastUpNanos.put(component, now);
      return 0;
    }
    return (now - lastUpNanos.get(component)) / 1_000_000_000.0;
  }

  private boolean isUp(Component component) {
    return switch (component) {
      case GATEWAY ->
          gauge("aftm.link.connected", "process", "main", "link", "broker") == 1
              && gauge("aftm.link.connected", "process", "main", "link", "gateway") == 1;
      case STRATEGY -> gauge("aftm.process.ready", "process", "strategy") == 1;
      case EXECUTOR -> gauge("aftm.process.ready", "process", "executor") == 1;
    };
  }

  @Override
  public double tickToOrderP95Seconds() {
    long now = nanoClock.getAsLong();
    BucketCounts current = tickToOrder.get();
    samples.addLast(new Sample(now, current));
    // Keep the newest sample at least a window old as the baseline, drop the older ones.
    while (samples.size() > 2) {
      Sample second = secondOldest();
      if (now - second.nanos() >= WINDOW_NANOS) {
        samples.removeFirst();
      } else {
        break;
      }
    }
    BucketCounts window = current.since(samples.peekFirst().counts());
    return window.count() == 0 ? Double.NaN : window.quantileSeconds(0.95);
  }

  private Sample secondOldest() {
    var iterator = samples.iterator();
    iterator.next();
    return iterator.next();
  }

  @Override
  public long gatewayRequests() {
    return sum("aftm.gateway.requests", "result", Set.of("answered", "error"));
  }

  @Override
  public long gatewayErrors() {
    return sum("aftm.gateway.requests", "result", Set.of("error"));
  }

  @Override
  public long ordersDecided() {
    return sum("aftm.orders", "outcome", Set.of("accepted", "rejected", "refused"));
  }

  @Override
  public long ordersFailed() {
    return sum("aftm.orders", "outcome", Set.of("rejected", "refused"));
  }

  @Override
  public boolean breakerOpen() {
    return gauge("aftm.breaker.open", "process", "main") == 1;
  }

  @Override
  public TradingState tradingState() {
    for (TradingState state : TradingState.values()) {
      if (gauge("aftm.trading.state", "process", "main", "state", state.name()) == 1) {
        return state;
      }
    }
    return TradingState.ACTIVE;
  }

  private double gauge(String name, String... tags) {
    Gauge gauge = meters.find(name).tags(tags).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  /** The main process's function counters of {@code name} whose {@code key} is one of values. */
  private long sum(String name, String key, Set<String> values) {
    double total = 0;
    for (FunctionCounter counter : meters.find(name).tag("process", "main").functionCounters()) {
      if (values.contains(counter.getId().getTag(key))) {
        total += counter.count();
      }
    }
    return (long) total;
  }
}
