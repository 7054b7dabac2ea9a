package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.junit.jupiter.api.Test;

/** What the lifecycle keeps in memory stays bounded however many orders pass through it. */
class OrderLifecycleBoundsTest {

  private static final int KEPT = 20;
  private static final int ROUND_TRIPS = 2_000;

  private final FakeOrderJournal journal = new FakeOrderJournal();
  private final Portfolio portfolio = new Portfolio(item -> 200);
  private final OrderLifecycle lifecycle =
      new OrderLifecycle(portfolio, journal, new RecordingOrderUpdates(), OrderPath.CLOCK, KEPT);

  @Test
  void shouldKeepOrdersAndExitBookkeepingBoundedOverManyRoundTrips() {
    for (int i = 0; i < ROUND_TRIPS; i++) {
      String entry = "aftm-" + i + "-entry";
      String exit = "aftm-" + i + "-exit";
      lifecycle.submit(order(Side.BUY, OpenClose.AUTO, entry), null);
      lifecycle.onOrderEvent(filled(entry, "E" + i));
      lifecycle.submit(order(Side.SELL, OpenClose.CLOSE, exit), entry);
      lifecycle.onOrderEvent(filled(exit, "X" + i));
      // An entry refused before the broker, never submitted.
      lifecycle.refuse(order(Side.BUY, OpenClose.AUTO, "aftm-" + i + "-refused"), null, "RISK", "");
    }

    assertThat(lifecycle.ordersInMemory()).isLessThanOrEqualTo(KEPT);
    assertThat(lifecycle.exitBookkeepingSize())
        .as("ids kept for exits after %d round trips", ROUND_TRIPS)
        .isLessThanOrEqualTo(3 * (KEPT + 1));
  }

  @Test
  void shouldStillKnowWhatAnEntryLongGoneMayClose() {
    lifecycle.submit(order(Side.BUY, OpenClose.AUTO, "old-entry"), null);
    lifecycle.onOrderEvent(filled("old-entry", "E-old"));
    lifecycle.submit(order(Side.SELL, OpenClose.CLOSE, "old-exit"), "old-entry");
    lifecycle.onOrderEvent(filled("old-exit", "X-old"));
    for (int i = 0; i < 5 * KEPT; i++) {
      lifecycle.refuse(order(Side.BUY, OpenClose.AUTO, "later-" + i), null, "RISK", "");
    }

    assertThat(lifecycle.closableFor("old-entry"))
        .as("the exit read back from the journal closed the entry's lot")
        .isZero();
  }

  private static OrderRequest order(Side side, OpenClose openClose, String id) {
    return new OrderRequest(
        "ACC-1",
        "TXFF6",
        side,
        OrderType.MARKET,
        Price.ZERO,
        1,
        openClose,
        "",
        DayTrade.NO,
        TimeInForce.IOC,
        id);
  }

  private static OrderEvent filled(String id, String execution) {
    return new OrderEvent.Filled(id, "S1", execution, 1, Price.ofPoints(22000), 0);
  }
}
