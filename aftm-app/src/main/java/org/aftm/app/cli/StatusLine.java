package org.aftm.app.cli;

import java.util.LinkedHashMap;
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

  /**
   * What is held and the P&L. Points of different contracts do not add up (a TXF point is worth 200
   * TWD, an MXF point 50), so the totals are in TWD, with points per instrument; only a single
   * instrument's line gives its points as the total.
   */
  static String positionText(List<Position> positions) {
    long unrealizedMoney = 0;
    long realizedMoney = 0;
    Map<String, long[]> pointsByItem = new LinkedHashMap<>();
    StringBuilder held = new StringBuilder();
    for (Position p : positions) {
      unrealizedMoney += p.unrealizedPnl().units();
      realizedMoney += p.realizedPnl().units();
      long[] points = pointsByItem.computeIfAbsent(p.itemCode(), item -> new long[2]);
      points[0] += p.realizedPnlPoints().units();
      points[1] += p.unrealizedPnlPoints().units();
      if (!p.isFlat()) {
        held.append(p.itemCode())
            .append(' ')
            .append(p.quantity() > 0 ? "+" : "")
            .append(p.quantity())
            .append(" @ ")
            .append(PriceText.average(p.averagePrice()))
            .append(' ');
      }
    }
    String pos = "pos " + (held.length() == 0 ? "flat " : held);
    if (pointsByItem.size() <= 1) {
      long[] points = pointsByItem.values().stream().findFirst().orElse(new long[2]);
      return String.format(
              Locale.ROOT,
              "%s| P&L realized %s pts (%s TWD) open %s pts",
              pos,
              signed(points[0]),
              signed(realizedMoney),
              signed(points[1]))
          + (unrealizedMoney == 0 ? "" : " (" + signed(unrealizedMoney) + " TWD)");
    }
    return String.format(
        Locale.ROOT,
        "%s| P&L realized %s TWD (%s) open %s TWD (%s)",
        pos,
        signed(realizedMoney),
        perItem(pointsByItem, 0),
        signed(unrealizedMoney),
        perItem(pointsByItem, 1));
  }

  /** {@code TXF +3 pts, MXF -1.5 pts}: column {@code index} of each instrument's points. */
  private static String perItem(Map<String, long[]> pointsByItem, int index) {
    StringBuilder text = new StringBuilder();
    pointsByItem.forEach(
        (item, points) ->
            text.append(text.length() == 0 ? "" : ", ")
                .append(item)
                .append(' ')
                .append(signed(points[index]))
                .append(" pts"));
    return text.toString();
  }

  static String latencyText(Histogram h) {
    if (h == null || h.getTotalCount() == 0) {
      return "-";
    }
    long p50 = h.getValueAtPercentile(50);
    long p99 = h.getValueAtPercentile(99);
    // One unit for the line, chosen by its largest figure: never "800 µs p99 12.0 ms".
    boolean ms = inMillis(p99);
    return String.format(
        Locale.ROOT,
        "p50 %s p99 %s (n=%d)",
        duration(p50, ms),
        duration(p99, ms),
        h.getTotalCount());
  }

  /**
   * Whether a line whose largest duration is {@code maxNanos} shows milliseconds (from 10 ms)
   * rather than microseconds.
   */
  static boolean inMillis(long maxNanos) {
    return maxNanos >= 10_000_000;
  }

  /** A duration in the line's unit: {@code 12.3 ms} (0.1 ms) or {@code 812 µs} (whole µs). */
  static String duration(long nanos, boolean inMillis) {
    return inMillis
        ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%d µs", nanos / 1_000);
  }

  /** A duration on its own, in the unit that suits it. */
  static String micros(long nanos) {
    return duration(nanos, inMillis(nanos));
  }

  /**
   * Signed, to 0.01 at most: lots of several conditions are valued against the account's average,
   * which the domain truncates to four places ({@code +9.3334 pts}); {@link PriceText}.
   */
  private static String signed(long units) {
    return (units > 0 ? "+" : "") + PriceText.average(Price.ofUnits(units));
  }
}
