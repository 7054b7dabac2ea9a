package org.aftm.app.wiring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.aftm.adapter.zmq.in.ZmqOrderGatewayServer;
import org.aftm.adapter.zmq.out.ZmqTickPublisher;
import org.aftm.app.metrics.ProcessLabel;
import org.aftm.app.metrics.PrometheusMetrics;
import org.aftm.app.process.ChildRole;
import org.aftm.app.process.ProcessSupervisor;
import org.aftm.app.status.OrderFlowMetrics;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.service.BackgroundOrderJournal;
import org.aftm.application.service.OrderLifecycle;
import org.aftm.application.service.Portfolio;
import org.aftm.application.service.TradingControl;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingState;

/**
 * The main process's own meters of the metric catalogue (docs/architecture.md, observability), each
 * a function of a counter or state the main process keeps anyway: nothing is added to the gateway's
 * or the broker's path. The refusal codes are registered at start (they are {@link ErrorCode}s, a
 * fixed list), so Prometheus sees each code's first refusal; meters whose tags appear while trading
 * (the broker's rejection codes, instruments) are registered at the next scrape.
 */
final class MainMeters {

  private final MeterRegistry registry;
  private final OrderFlowMetrics orders;
  private final Portfolio portfolio;
  private final String orderAccount;

  /** Tag sets registered so far; the starting thread and the scrape may both refresh. */
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  /**
   * The account's positions by instrument, taken once per scrape in {@link #refresh()}: the
   * position and P&L gauges read this rather than each taking the portfolio's lock.
   */
  private volatile Map<String, Position> positions = Map.of();

  /** The main process's parts the meters read. */
  record Sources(
      ZmqTickPublisher ticks,
      OrderFlowMetrics orders,
      OrderLifecycle lifecycle,
      Supplier<ProcessSupervisor> supervisor,
      ExchangeApi exchange,
      ZmqOrderGatewayServer gateway,
      BackgroundOrderJournal journal,
      Supplier<String> breakerState,
      TradingControl tradingControl,
      Portfolio portfolio,
      String orderAccount,
      Predicate<ChildRole> childUp,
      Predicate<ChildRole> childReady,
      BooleanSupplier mainReady) {}

  private MainMeters(MeterRegistry registry, Sources sources) {
    this.registry = registry;
    this.orders = sources.orders();
    this.portfolio = sources.portfolio();
    this.orderAccount = sources.orderAccount();
  }

  /**
   * Registers the main process's meters on {@code metrics}, and the refresh of the dynamic ones.
   */
  static void register(PrometheusMetrics metrics, Sources s) {
    MainMeters meters = new MainMeters(metrics.meters(), s);
    meters.registerFixed(s);
    for (ErrorCode code : ErrorCode.values()) {
      meters.orderCode("refused", code.wire());
    }
    meters.refresh();
    metrics.beforeEachScrape(meters::refresh);
  }

  private void registerFixed(Sources s) {
    counter("aftm.ticks", s.ticks(), ZmqTickPublisher::publishedCount);
    counter("aftm.orders", orders, OrderFlowMetrics::accepted, "outcome", "accepted", "code", "");
    counter(
        "aftm.gateway.requests",
        orders,
        o -> o.accepted() + sum(o.refusedByCode()) + sum(o.rejectedByCode()) + o.duplicates(),
        "result",
        "answered");
    counter("aftm.gateway.requests", orders, OrderFlowMetrics::errors, "result", "error");
    counter("aftm.fills", s.lifecycle(), OrderLifecycle::fillsApplied);
    for (ChildRole role : ChildRole.values()) {
      counter(
          "aftm.child.restarts",
          s.supervisor(),
          sup ->
              Optional.ofNullable(sup.get())
                  .map(current -> current.status().get(role))
                  .map(c -> (long) c.restarts())
                  .orElse(0L),
          "role",
          ProcessLabel.of(role));
    }
    gauge("aftm.link.connected", s.exchange(), e -> e.isConnected() ? 1 : 0, "link", "broker");
    BrokerReconnects reconnects = new BrokerReconnects();
    s.exchange().addListener(reconnects);
    counter("aftm.reconnects", reconnects, BrokerReconnects::count, "link", "broker");
    gauge("aftm.link.connected", s.gateway(), g -> g.isRunning() ? 1 : 0, "link", "gateway");
    gauge(
        "aftm.queue.depth",
        s.gateway(),
        ZmqOrderGatewayServer::queuedRequests,
        "queue",
        "gateway_requests");
    gauge(
        "aftm.queue.depth", s.journal(), BackgroundOrderJournal::waiting, "queue", "order_journal");
    Supplier<String> breaker = s.breakerState();
    gauge("aftm.breaker.open", breaker, b -> "CLOSED".equals(b.get()) ? 0 : 1);
    for (TradingState state : TradingState.values()) {
      gauge(
          "aftm.trading.state",
          s.tradingControl(),
          t -> t.tradingStatus().state() == state ? 1 : 0,
          "state",
          state.name());
    }
    gauge("aftm.process.up", this, m -> 1);
    gauge("aftm.process.ready", s.mainReady(), r -> r.getAsBoolean() ? 1 : 0);
    for (ChildRole role : ChildRole.values()) {
      Gauge.builder("aftm.process.up", s.childUp(), up -> up.test(role) ? 1 : 0)
          .description(PrometheusMetrics.help("aftm.process.up"))
          .tag(ProcessLabel.KEY, ProcessLabel.of(role))
          .strongReference(true)
          .register(registry);
      Gauge.builder("aftm.process.ready", s.childReady(), ready -> ready.test(role) ? 1 : 0)
          .description(PrometheusMetrics.help("aftm.process.ready"))
          .tag(ProcessLabel.KEY, ProcessLabel.of(role))
          .strongReference(true)
          .register(registry);
    }
  }

  /**
   * Takes the positions the gauges read, and registers meters for codes and instruments seen since
   * the last call.
   */
  private void refresh() {
    orders.refusedByCode().keySet().forEach(code -> orderCode("refused", code));
    orders.rejectedByCode().keySet().forEach(code -> orderCode("rejected", code));
    Map<String, Position> now = new HashMap<>();
    for (Position p : portfolio.positions(orderAccount)) {
      now.put(p.itemCode(), p);
    }
    positions = now;
    now.keySet().forEach(this::position);
  }

  private void orderCode(String outcome, String code) {
    if (!registered.add(outcome + "/" + code)) {
      return;
    }
    ToLongFunction<OrderFlowMetrics> count =
        "refused".equals(outcome) ? o -> o.refused(code) : o -> o.rejected(code);
    counter("aftm.orders", orders, count, "outcome", outcome, "code", code);
  }

  private void position(String itemCode) {
    if (!registered.add("position/" + itemCode)) {
      return;
    }
    Function<Position, Double> lots = p -> (double) p.quantity();
    positionGauge("aftm.position.lots", itemCode, lots);
    positionGauge(
        "aftm.pnl.points",
        itemCode,
        p -> p.realizedPnlPoints().toBigDecimal().doubleValue(),
        "kind",
        "realized");
    positionGauge(
        "aftm.pnl.points",
        itemCode,
        p -> p.unrealizedPnlPoints().toBigDecimal().doubleValue(),
        "kind",
        "unrealized");
    positionGauge(
        "aftm.pnl.twd",
        itemCode,
        p -> p.realizedPnl().toBigDecimal().doubleValue(),
        "kind",
        "realized");
    positionGauge(
        "aftm.pnl.twd",
        itemCode,
        p -> p.unrealizedPnl().toBigDecimal().doubleValue(),
        "kind",
        "unrealized");
  }

  private void positionGauge(
      String name, String itemCode, Function<Position, Double> value, String... tags) {
    gauge(
        name,
        this,
        meters -> Optional.ofNullable(meters.positions.get(itemCode)).map(value).orElse(0.0),
        withItem(itemCode, tags));
  }

  private static String[] withItem(String itemCode, String... tags) {
    String[] all = new String[tags.length + 2];
    all[0] = "item_code";
    all[1] = itemCode;
    System.arraycopy(tags, 0, all, 2, tags.length);
    return all;
  }

  private static long sum(Map<String, Long> byCode) {
    return byCode.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Micrometer holds {@code source} weakly: it must be an object the process holds for as long as
   * the meter is served (a lambda made here would be collected and its counter read 0).
   */
  private <T> void counter(String name, T source, ToLongFunction<T> count, String... tags) {
    FunctionCounter.builder(name, source, t -> count.applyAsLong(t))
        .description(PrometheusMetrics.help(name))
        .tag(ProcessLabel.KEY, ProcessLabel.MAIN)
        .tags(tags)
        .register(registry);
  }

  private <T> void gauge(String name, T source, ToDoubleFunction<T> value, String... tags) {
    // Strong: a gauge's source may be a lambda nothing else holds.
    Gauge.builder(name, source, value)
        .description(PrometheusMetrics.help(name))
        .tag(ProcessLabel.KEY, ProcessLabel.MAIN)
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }
}
