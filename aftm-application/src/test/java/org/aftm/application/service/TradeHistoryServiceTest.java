package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aftm.application.port.in.DailyReport;
import org.aftm.application.port.in.TradeRow;
import org.aftm.application.port.out.FillHistoryPort;
import org.aftm.domain.calendar.AlwaysOpenCalendar;
import org.aftm.domain.calendar.TaifexCalendar;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.junit.jupiter.api.Test;

/**
 * The blotter's P&amp;L is the portfolio's: lots opened at several prices and closed in parts
 * realize against their average, each part possibly inexact, the whole exact; and a TAIFEX night
 * session counts with the next trading day.
 */
class TradeHistoryServiceTest {

  private static final long DAY_MS = 1_764_554_400_000L; // 2025-12-01T02:00:00Z, 10:00 Taipei

  private final List<FillHistoryPort.RecordedFill> fills = new ArrayList<>();
  private final FillHistoryPort port =
      new FillHistoryPort() {
        @Override
        public List<RecordedFill> loadFillsBefore(long beforeMillis) {
          return fills.stream().filter(f -> f.fill().timeMillis() < beforeMillis).toList();
        }

        @Override
        public Map<String, Long> pointValues() {
          return Map.of("TXF", 200L);
        }
      };

  @Test
  void partialClosesAgainstAnAverageSumToWhatThePortfolioRealized() {
    add("aftm-1-entry", Side.BUY, 1, "22000", DAY_MS);
    add("aftm-1-entry", Side.BUY, 1, "22000", DAY_MS + 1);
    add("aftm-1-entry", Side.BUY, 1, "22001", DAY_MS + 2);
    add("aftm-1-exit", Side.SELL, 1, "22010", DAY_MS + 3);
    add("aftm-1-exit", Side.SELL, 2, "22010", DAY_MS + 4);
    Portfolio portfolio = new Portfolio(item -> 200L);
    fills.forEach(f -> portfolio.onFill(f.fill()));
    TradeHistoryService history =
        new TradeHistoryService(port, AlwaysOpenCalendar.INSTANCE, TradingCosts.NONE);

    List<TradeRow> rows = history.trades(LocalDate.of(2025, 12, 1));
    DailyReport report = history.dailyReport(LocalDate.of(2025, 12, 1));

    // Average 22000.3333: the first lot realizes 9.6667, the other two 19.3333; 29 in all.
    assertThat(rows).extracting(TradeRow::closedLots).containsExactly(0, 0, 0, 1, 2);
    assertThat(rows.get(3).realizedPoints()).isEqualTo(Price.parse("9.6667"));
    assertThat(rows.get(3).realizedPoints().plus(rows.get(4).realizedPoints()))
        .isEqualTo(Price.ofPoints(29));
    assertThat(report.total().realizedTwd().units())
        .isEqualTo(portfolio.pnlTotals().realizedUnits())
        .isEqualTo(Price.ofPoints(29 * 200).units());
    assertThat(report.total().trades()).as("one condition, one round trip").isEqualTo(1);
    assertThat(report.total().wins()).isEqualTo(1);
  }

  @Test
  void twoConditionsOnOneInstrumentEachRealizeAgainstTheirOwnEntry() {
    add("aftm-1-entry", Side.BUY, 1, "21996", DAY_MS);
    add("aftm-2-entry", Side.BUY, 2, "21998", DAY_MS + 1);
    add("aftm-2-exit", Side.SELL, 2, "22002", DAY_MS + 2);
    add("aftm-1-exit", Side.SELL, 1, "22007", DAY_MS + 3);
    Portfolio portfolio = new Portfolio(item -> 200L);
    fills.forEach(f -> portfolio.onFill(f.fill()));
    TradeHistoryService history =
        new TradeHistoryService(port, AlwaysOpenCalendar.INSTANCE, TradingCosts.NONE);

    List<TradeRow> rows = history.trades(LocalDate.of(2025, 12, 1));
    DailyReport report = history.dailyReport(LocalDate.of(2025, 12, 1));

    // Against the account's average (21997.3333) condition 2 would show 9.3334: it made 2 x 4.
    assertThat(rows.get(2).realizedPoints()).isEqualTo(Price.ofPoints(8));
    assertThat(rows.get(3).realizedPoints()).isEqualTo(Price.ofPoints(11));
    assertThat(report.conditions())
        .extracting(DailyReport.Line::realizedTwd)
        .containsExactly(Price.ofPoints(2200), Price.ofPoints(1600));
    assertThat(report.total().realizedTwd().units())
        .as("flat at the end: the portfolio's sum")
        .isEqualTo(portfolio.pnlTotals().realizedUnits());
  }

  @Test
  void aFlattenClosesTheConditionsLotsLongestHeldFirst() {
    add("aftm-1-entry", Side.BUY, 1, "22000", DAY_MS);
    add("aftm-2-entry", Side.BUY, 2, "22010", DAY_MS + 1);
    add("flatten-a-TXF", Side.SELL, 2, "21990", DAY_MS + 2); // 1 of #1 (-10), 1 of #2 (-20)
    add("aftm-2-exit", Side.SELL, 1, "22020", DAY_MS + 3); // #2's last lot: +10
    add("flatten-b-TXF", Side.SELL, 1, "21980", DAY_MS + 4); // nothing held: opens short
    add("flatten-c-TXF", Side.BUY, 1, "21970", DAY_MS + 5); // closes it: +10
    TradeHistoryService history =
        new TradeHistoryService(port, AlwaysOpenCalendar.INSTANCE, TradingCosts.NONE);

    List<TradeRow> rows = history.trades(LocalDate.of(2025, 12, 1));

    assertThat(rows).extracting(TradeRow::closedLots).containsExactly(0, 0, 2, 1, 0, 1);
    assertThat(rows)
        .extracting(TradeRow::realizedPoints)
        .containsExactly(
            Price.ZERO,
            Price.ZERO,
            Price.ofPoints(-30),
            Price.ofPoints(10),
            Price.ZERO,
            Price.ofPoints(10));
    DailyReport report = history.dailyReport(LocalDate.of(2025, 12, 1));
    assertThat(report.total().trades()).as("flatten a, #2, flatten c").isEqualTo(3);
    assertThat(report.largestLoss())
        .map(DailyReport.Trade::clientOrderId)
        .contains("flatten-a-TXF");
  }

  @Test
  void aNightSessionFillCountsWithTheNextTradingDay() {
    // 2025-12-01 (Monday) 20:00 Taipei: the night session of Tuesday 2025-12-02.
    long night = Instant.parse("2025-12-01T12:00:00Z").toEpochMilli();
    add("aftm-2-entry", Side.SELL, 1, "22000", night);
    add("aftm-2-exit", Side.BUY, 1, "21990", night + 60_000);
    TradeHistoryService history =
        new TradeHistoryService(port, new TaifexCalendar(java.util.Set.of()), TradingCosts.NONE);

    assertThat(history.trades(LocalDate.of(2025, 12, 1))).isEmpty();
    assertThat(history.trades(LocalDate.of(2025, 12, 2)))
        .extracting(TradeRow::realizedTwd)
        .containsExactly(Price.ZERO, Price.ofPoints(2000));
  }

  private void add(String clientOrderId, Side side, int quantity, String price, long time) {
    fills.add(
        new FillHistoryPort.RecordedFill(
            new Fill(
                clientOrderId,
                "E" + fills.size(),
                "S" + fills.size(),
                "FA1",
                "TXF",
                side,
                quantity,
                Price.parse(price),
                time),
            "order-executor"));
  }
}
