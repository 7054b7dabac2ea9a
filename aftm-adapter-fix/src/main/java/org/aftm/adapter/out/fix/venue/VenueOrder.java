package org.aftm.adapter.out.fix.venue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.aftm.domain.model.Price;

/**
 * One order the venue took over FIX, as its ExecutionReports describe it: the fields a report
 * repeats (symbol, side, quantity, the venue's OrderID) and the running totals. Guarded by the
 * venue's order lock.
 */
final class VenueOrder {

  /** OrderID(37) of an order the broker has not acknowledged (or never knew). */
  static final String NO_ORDER_ID = "NONE";

  final String clOrdId;
  final String symbol;
  final char side;
  final int quantity;
  String orderId = NO_ORDER_ID;
  int cumQty;
  long costUnits;
  char ordStatus = OrdStatus.NEW;
  boolean finished;

  /** ClOrdID(11) of the cancel request under way, named by the Canceled report; else null. */
  String cancelClOrdId;

  VenueOrder(String clOrdId, String symbol, char side, int quantity) {
    this.clOrdId = clOrdId;
    this.symbol = symbol;
    this.side = side;
    this.quantity = quantity;
  }

  int leavesQty() {
    return finished ? 0 : quantity - cumQty;
  }

  BigDecimal averagePrice() {
    return averagePrice(cumQty, costUnits);
  }

  /** The exact average of fills, to a price's four places (the FIX AvgPx a client shows). */
  static BigDecimal averagePrice(int lots, long costUnits) {
    if (lots == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal average =
        BigDecimal.valueOf(costUnits, Price.SCALE)
            .divide(BigDecimal.valueOf(lots), Price.SCALE, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    return average.scale() < 0 ? average.setScale(0) : average;
  }

  /** OrdStatus(39) values the venue sends. */
  static final class OrdStatus {
    static final char NEW = '0';
    static final char PARTIALLY_FILLED = '1';
    static final char FILLED = '2';
    static final char CANCELED = '4';
    static final char REJECTED = '8';
    static final char EXPIRED = 'C';

    private OrdStatus() {}
  }
}
