package org.aftm.application.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aftm.application.port.in.DailyReport;
import org.aftm.application.port.in.TradeHistoryUseCase;
import org.aftm.application.port.in.TradeRow;
import org.aftm.application.port.out.FillHistoryPort;
import org.aftm.application.port.out.FillHistoryPort.RecordedFill;
import org.aftm.domain.calendar.TradingCalendar;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Fill;

/**
 * The trade blotter and the daily report, from the recorded fills alone. Every fill up to the day
 * is replayed, in the order it was recorded, as round trips per condition ({@link RoundTrips}): a
 * condition's exit realizes against its own entry's average price, as {@code aftm condition list}
 * shows it, and not against the average of every lot the account holds (the portfolio's view), so
 * two conditions on one instrument each get their own P&amp;L. Summed over a day that ends flat, it
 * is the portfolio's realized P&amp;L. A position the broker reported but no recorded fill opened
 * (adopted at a start) is not known here.
 *
 * <p>Costs ({@code AFTM_FEE_PER_LOT_TWD}, {@code AFTM_FUTURES_TAX_RATE}) are charged on every fill,
 * opening and closing: the fee is lots × fee per lot; the tax is price × point value × lots × rate,
 * rounded half up to whole TWD per fill.
 *
 * <p>Stateless apart from its collaborators; safe on any thread the port allows.
 */
public final class TradeHistoryService implements TradeHistoryUseCase {

  /** Two calendar days after a trading day's date: no fill of the day is that late. */
  private static final int DAYS_OF_MARGIN = 2;

  private final FillHistoryPort fills;
  private final TradingCalendar calendar;
  private final TradingCosts costs;

  public TradeHistoryService(FillHistoryPort fills, TradingCalendar calendar, TradingCosts costs) {
    this.fills = Objects.requireNonNull(fills, "fills");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.costs = Objects.requireNonNull(costs, "costs");
  }

  @Override
  public LocalDate tradingDayAt(long epochMillis) {
    return calendar.tradingDay(Instant.ofEpochMilli(epochMillis));
  }

  @Override
  public List<TradeRow> trades(LocalDate tradingDay) {
    Objects.requireNonNull(tradingDay, "tradingDay");
    // A night session belongs to the next day, so a day's fills all lie before its date + 2 in
    // any zone; the ones before the day still open the lots the day closes.
    long before =
        tradingDay.plusDays(DAYS_OF_MARGIN).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    Map<String, Long> pointValues = fills.pointValues();
    RoundTrips trips = new RoundTrips();
    List<TradeRow> rows = new ArrayList<>();
    for (RecordedFill recorded : fills.loadFillsBefore(before)) {
      Fill fill = recorded.fill();
      Optional<ConditionOrderId> order = ConditionOrderId.parse(fill.clientOrderId());
      RoundTrips.Applied applied = trips.apply(fill, order.map(ConditionOrderId::conditionId));
      if (!tradingDay.equals(tradingDayAt(fill.timeMillis()))) {
        continue;
      }
      long pointValue = pointValues.getOrDefault(fill.itemCode(), 0L);
      rows.add(
          new TradeRow(
              fill.timeMillis(),
              fill.orderAccount(),
              fill.itemCode(),
              fill.side(),
              fill.quantity(),
              fill.price(),
              order.map(ConditionOrderId::conditionId).orElse(0L),
              order.map(o -> o.leg().text()).orElse(leg(fill.clientOrderId())),
              fill.clientOrderId(),
              recorded.sender(),
              applied.closedLots(),
              applied.realizedPoints(),
              pointValue,
              costs.feePerLotTwd().times(fill.quantity()),
              tax(fill, pointValue)));
    }
    rows.sort(Comparator.comparingLong(TradeRow::timeMillis));
    return rows;
  }

  @Override
  public DailyReport dailyReport(LocalDate tradingDay) {
    List<TradeRow> rows = trades(tradingDay);
    Map<String, Tally> instruments = new TreeMap<>();
    Map<Long, Tally> conditions = new TreeMap<>();
    Map<String, Tally> others = new TreeMap<>();
    Tally total = new Tally("", 0, false);
    TreeSet<String> unpriced = new TreeSet<>();
    for (TradeRow row : rows) {
      if (!row.priced()) {
        unpriced.add(row.itemCode());
      }
      instruments.computeIfAbsent(row.itemCode(), item -> new Tally(item, 0, true)).add(row);
      if (row.conditionId() != 0) {
        conditions
            .computeIfAbsent(row.conditionId(), id -> new Tally(row.itemCode(), id, true))
            .add(row);
      } else {
        others.computeIfAbsent(row.itemCode(), item -> new Tally(item, 0, true)).add(row);
      }
      total.add(row);
    }
    return new DailyReport(
        tradingDay,
        instruments.values().stream().map(Tally::line).toList(),
        conditions.values().stream().map(Tally::line).toList(),
        others.values().stream().map(Tally::line).toList(),
        total.line(),
        total.largestLoss(),
        List.copyOf(unpriced));
  }

  /** What an order of no condition is, by its id. */
  private static String leg(String clientOrderId) {
    return clientOrderId.startsWith("flatten-") ? "flatten" : "order";
  }

  private Price tax(Fill fill, long pointValue) {
    if (costs.taxRate().signum() == 0 || pointValue <= 0) {
      return Price.ZERO;
    }
    BigDecimal value =
        fill.price()
            .toBigDecimal()
            .multiply(BigDecimal.valueOf(pointValue))
            .multiply(BigDecimal.valueOf(fill.quantity()))
            .multiply(costs.taxRate());
    return Price.of(value.setScale(0, RoundingMode.HALF_UP));
  }

  /** The sums of one line; its trades keyed by condition, or by order for no condition. */
  private static final class Tally {
    private final String itemCode;
    private final long conditionId;
    private final boolean withPoints;
    private final Map<String, DailyReport.Trade> trades = new LinkedHashMap<>();
    private int fills;
    private int lots;
    private long pointsUnits;
    private long twdUnits;
    private long feesUnits;
    private long taxUnits;

    Tally(String itemCode, long conditionId, boolean withPoints) {
      this.itemCode = itemCode;
      this.conditionId = conditionId;
      this.withPoints = withPoints;
    }

    void add(TradeRow row) {
      fills++;
      lots += row.quantity();
      feesUnits = Math.addExact(feesUnits, row.feeTwd().units());
      taxUnits = Math.addExact(taxUnits, row.taxTwd().units());
      if (!row.closing()) {
        return;
      }
      pointsUnits = Math.addExact(pointsUnits, row.realizedPoints().units());
      twdUnits = Math.addExact(twdUnits, row.realizedTwd().units());
      String key =
          row.account()
              + '\u0000'
              + (row.conditionId() != 0 ? "c" + row.conditionId() : "o" + row.clientOrderId());
      trades.merge(
          key,
          new DailyReport.Trade(
              row.itemCode(),
              row.conditionId(),
              row.clientOrderId(),
              row.closedLots(),
              row.realizedPoints(),
              row.realizedTwd(),
              row.timeMillis()),
          (a, b) ->
              new DailyReport.Trade(
                  a.itemCode(),
                  a.conditionId(),
                  b.clientOrderId(),
                  a.closedLots() + b.closedLots(),
                  a.realizedPoints().plus(b.realizedPoints()),
                  a.realizedTwd().plus(b.realizedTwd()),
                  b.closedAtMillis()));
    }

    Optional<DailyReport.Trade> largestLoss() {
      return trades.values().stream()
          .filter(t -> t.realizedTwd().isNegative() || t.realizedPoints().isNegative())
          .min(
              Comparator.comparing(DailyReport.Trade::realizedTwd)
                  .thenComparing(DailyReport.Trade::realizedPoints));
    }

    DailyReport.Line line() {
      int wins =
          (int) trades.values().stream().filter(t -> t.realizedPoints().isPositive()).count();
      return new DailyReport.Line(
          itemCode,
          conditionId,
          fills,
          lots,
          trades.size(),
          wins,
          withPoints ? Price.ofUnits(pointsUnits) : null,
          Price.ofUnits(twdUnits),
          Price.ofUnits(feesUnits),
          Price.ofUnits(taxUnits),
          largestLoss().map(DailyReport.Trade::realizedTwd).orElse(Price.ZERO));
    }
  }
}
