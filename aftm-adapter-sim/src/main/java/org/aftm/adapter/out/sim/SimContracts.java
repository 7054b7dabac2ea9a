package org.aftm.adapter.out.sim;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;

/**
 * The contracts the simulated broker lists: TAIEX futures (TXF) and Mini-TAIEX futures (MXF), front
 * and next month, with TAIFEX's item codes and ±10% price limits.
 */
final class SimContracts {

  /** A product root and its contract terms. */
  record Product(String root, String name, long pointValue, long tickUnits) {}

  static final Product TXF = new Product("TXF", "臺股期貨 TAIEX Futures", 200, Price.UNITS_PER_POINT);
  static final Product MXF =
      new Product("MXF", "小型臺指 Mini-TAIEX Futures", 50, Price.UNITS_PER_POINT);
  static final List<Product> PRODUCTS = List.of(TXF, MXF);

  static final Price DEFAULT_REFERENCE_PRICE = Price.ofPoints(22_000);

  /** Today's limits are this percentage either side of the reference price (TAIFEX's rule). */
  private static final long LIMIT_PERCENT = 10;

  private SimContracts() {}

  /**
   * The front month on {@code date}: TAIFEX futures expire on the third Wednesday of their month,
   * so after that day the next month is the front.
   */
  static YearMonth frontMonth(LocalDate date) {
    LocalDate expiry = date.with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.WEDNESDAY));
    YearMonth month = YearMonth.from(date);
    return date.isAfter(expiry) ? month.plusMonths(1) : month;
  }

  /**
   * TAIFEX's item code: root, month letter (A = January ... L = December), last digit of the year.
   */
  static String itemCode(String root, YearMonth month) {
    char letter = (char) ('A' + month.getMonthValue() - 1);
    return root + letter + (month.getYear() % 10);
  }

  /** Front and next month of each product, front first. */
  static List<Contract> listing(LocalDate date, Map<String, Price> referencePrices) {
    YearMonth front = frontMonth(date);
    List<Contract> contracts = new ArrayList<>();
    for (Product product : PRODUCTS) {
      Price reference = referencePrices.getOrDefault(product.root(), DEFAULT_REFERENCE_PRICE);
      contracts.add(contract(product, front, reference));
      contracts.add(contract(product, front.plusMonths(1), reference));
    }
    return List.copyOf(contracts);
  }

  private static Contract contract(Product product, YearMonth month, Price reference) {
    long tick = product.tickUnits();
    long band = Math.multiplyExact(reference.units(), LIMIT_PERCENT) / 100;
    // Limits sit on the tick grid, rounded inward so no limit price is ever off-grid.
    long up = Math.floorDiv(reference.units() + band, tick) * tick;
    long down = -Math.floorDiv(-(reference.units() - band), tick) * tick;
    return new Contract(
        itemCode(product.root(), month),
        product.root(),
        product.name(),
        String.format("%04d%02d", month.getYear(), month.getMonthValue()),
        Price.ofUnits(tick),
        product.pointValue(),
        Price.ofUnits(Math.max(down, tick)),
        Price.ofUnits(up));
  }
}
