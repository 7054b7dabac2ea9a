package org.aftm.application.port.in;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aftm.domain.model.Price;

/**
 * A trading day's report: per instrument, per condition and in total. A trade is one closed round
 * trip: the closing fills of one condition's orders, or of one order of no condition (a flatten);
 * it wins when it realized more than zero. Points are only ever summed within one instrument: the
 * total has TWD only.
 *
 * @param tradingDay the day
 * @param instruments one line per instrument traded, by item code
 * @param conditions one line per condition traded, by id
 * @param others one line per instrument for its fills of no condition (flatten, manual orders)
 * @param total every fill of the day; its points are null
 * @param largestLoss the trade that lost the most TWD, if any lost
 * @param unpriced instruments whose point value is not known, so whose TWD amounts are missing
 */
public record DailyReport(
    LocalDate tradingDay,
    List<Line> instruments,
    List<Line> conditions,
    List<Line> others,
    Line total,
    Optional<Trade> largestLoss,
    List<String> unpriced) {

  public DailyReport {
    Objects.requireNonNull(tradingDay, "tradingDay");
    instruments = List.copyOf(instruments);
    conditions = List.copyOf(conditions);
    others = List.copyOf(others);
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(largestLoss, "largestLoss");
    unpriced = List.copyOf(unpriced);
  }

  /**
   * One line of the report.
   *
   * @param itemCode the instrument, or empty for the total
   * @param conditionId the condition, or 0 for an instrument's line and the total
   * @param fills fills of the day
   * @param lots lots filled
   * @param trades closed round trips
   * @param wins trades that realized more than zero
   * @param realizedPoints points realized, summed over lots; null for the total
   * @param realizedTwd TWD realized
   * @param feesTwd the broker's fees of the day's fills
   * @param taxTwd the futures transaction tax of the day's fills
   * @param largestLossTwd the worst trade's TWD when it lost, else zero
   */
  public record Line(
      String itemCode,
      long conditionId,
      int fills,
      int lots,
      int trades,
      int wins,
      Price realizedPoints,
      Price realizedTwd,
      Price feesTwd,
      Price taxTwd,
      Price largestLossTwd) {

    /** Realized minus fees and tax. */
    public Price netTwd() {
      return realizedTwd.minus(feesTwd).minus(taxTwd);
    }
  }

  /**
   * One closed round trip.
   *
   * @param itemCode the instrument
   * @param conditionId its condition, 0 for an order of no condition
   * @param clientOrderId the last closing order's id
   * @param closedLots lots closed
   * @param realizedPoints points realized, summed over lots
   * @param realizedTwd TWD realized
   * @param closedAtMillis the time of its last closing fill
   */
  public record Trade(
      String itemCode,
      long conditionId,
      String clientOrderId,
      int closedLots,
      Price realizedPoints,
      Price realizedTwd,
      long closedAtMillis) {}
}
