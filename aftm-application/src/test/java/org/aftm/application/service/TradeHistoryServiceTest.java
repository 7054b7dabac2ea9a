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
