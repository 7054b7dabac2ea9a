package org.aftm.app.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.aftm.app.process.ChildRole;
import org.aftm.app.process.ProcessSupervisor;
import org.aftm.app.wiring.MainProcess;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;

/** One line of what the running system is doing, for the operator's terminal. */
final class StatusLine {

  private StatusLine() {}

  static String format(MainProcess main, long elapsedSeconds, Histogram latency) {
    long signals = main.childTotals(ChildRole.STRATEGY).map(r -> r.counter("signals")).orElse(0L);
    StringBuilder line = new StringBuilder(160);
    line.append(
        String.format(
            Locale.ROOT,
            "[%4ds] ticks %-6d signals %-3d orders %-3d",
            elapsedSeconds,
            main.ticksPublished(),
            signals,
            main.metrics().sent()));
    if (main.metrics().refused() > 0) {
      line.append(String.format(Locale.ROOT, "(refused %d) ", main.metrics().refused()));
    }
    line.append(
        String.format(
            Locale.ROOT,
            "fills %-3d | last %s | %s",
            main.fills(),
            main.lastPriceUnits() == 0 ? "-" : Price.format(main.lastPriceUnits()),
            positionText(main.positions())));
    line.append(" | tick→order ").append(latencyText(latency));
    main.tradingStatus().ifPresent(status -> line.append(" | ").append(tradingText(status)));
    String problems = problems(main);
    if (!problems.isEmpty()) {
      line.append(" | !! ").append(problems);
    }
    return line.toString();
  }

  /** What an operator must notice: orders not sent, children restarted or unhealthy. */
  static String problems(MainProcess main) {
    StringBuilder problems = new StringBuilder();
    main.childTotals(ChildRole.ORDER_EXECUTOR)
        .ifPresent(
            executor -> {
              append(problems, executor.counter("entries_stale"), "stale entries refused");
              append(
                  problems,
                  executor.counter("gateway_unavailable"),
                  "orders without gateway answer");
            });
    main.childTotals(ChildRole.STRATEGY)
        .ifPresent(
            strategy -> {
              append(
                  problems, strategy.counter("signals_dropped"), "signals dropped from the hold");
              append(problems, strategy.counter("orders_resent"), "orders re-sent");
              append(problems, strategy.counter("order_update_gaps"), "order updates missed");
            });
    long refusedEvents = main.orderLifecycle() == null ? 0 : main.orderLifecycle().eventsRefused();
    append(problems, refusedEvents, "invalid order events");
    ProcessSupervisor supervisor = main.supervisor();
    Map<ChildRole, ProcessSupervisor.ChildStatus> children =
        supervisor == null ? Map.of() : supervisor.status();
    children.forEach(
        (role, child) -> {
          append(problems, child.restarts(), role.id() + " restarts");
          if (child.gaveUp()) {
            problems
                .append(problems.length() == 0 ? "" : ", ")
                .append(role.id())
                .append(" GAVE UP");
          }
        });
    if (problems.length() == 0 && main.tradingStarted() && !main.childrenHealthy()) {
      problems.append("a child process is not reporting");
    }
    return problems.toString();
  }

  /** {@code ACTIVE}, or the other state with its reason: the operator must see why. */
  static String tradingText(TradingStatus status) {
    return status.state() == TradingState.ACTIVE
        ? status.state().wire()
        : status.state().wire() + " (" + status.reason() + ")";
  }

  private static void append(StringBuilder problems, long count, String what) {
    if (count > 0) {
      problems.append(problems.length() == 0 ? "" : ", ").append(count).append(' ').append(what);
    }
  }

  static String positionText(List<Position> positions) {
    long unrealizedPoints = 0;
    long unrealizedMoney = 0;
    long realizedPoints = 0;
    long realizedMoney = 0;
    StringBuilder held = new StringBuilder();
    for (Position p : positions) {
      unrealizedPoints += p.unrealizedPnlPoints().units();
      unrealizedMoney += p.unrealizedPnl().units();
      realizedPoints += p.realizedPnlPoints().units();
      realizedMoney += p.realizedPnl().units();
      if (!p.isFlat()) {
        held.append(p.itemCode())
            .append(' ')
            .append(p.quantity() > 0 ? "+" : "")
            .append(p.quantity())
            .append(" @ ")
            .append(p.averagePrice())
            .append(' ');
      }
    }
    return String.format(
            Locale.ROOT,
            "pos %s| P&L realized %s pts (%s TWD) open %s pts",
            held.length() == 0 ? "flat " : held,
            signed(realizedPoints),
            signed(realizedMoney),
            signed(unrealizedPoints))
        + (unrealizedMoney == 0 ? "" : " (" + signed(unrealizedMoney) + " TWD)");
  }

  static String latencyText(Histogram h) {
    if (h == null || h.getTotalCount() == 0) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "p50 %s p99 %s (n=%d)",
        micros(h.getValueAtPercentile(50)),
        micros(h.getValueAtPercentile(99)),
        h.getTotalCount());
  }

  static String micros(long nanos) {
    return nanos >= 10_000_000
        ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%d µs", nanos / 1_000);
  }

  private static String signed(long units) {
    return (units > 0 ? "+" : "") + Price.format(units);
  }
}
