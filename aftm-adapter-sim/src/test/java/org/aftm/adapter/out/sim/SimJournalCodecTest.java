package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.junit.jupiter.api.Test;

class SimJournalCodecTest {

  @Test
  void aPlacedOrderRoundTripsWithAwkwardText() {
    OrderRequest request =
        new OrderRequest(
            "SIM-0001",
            "TXFL6",
            Side.SELL,
            OrderType.LIMIT,
            Price.parse("21999.5"),
            3,
            OpenClose.CLOSE,
            "tab\there\nnew line \\ back\\slash\r",
            DayTrade.YES,
            TimeInForce.FOK,
            "id\twith tab");

    String line = SimJournalCodec.placed(7, 1_763_859_600_000L, request);

    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    assertThat(SimJournalCodec.parse(line))
        .isEqualTo(new SimJournalCodec.Placed(7, 1_763_859_600_000L, request));
  }

  @Test
  void everyEventRoundTrips() {
    List<OrderEvent> events =
        List.of(
            new OrderEvent.Accepted("c-1", "4", 10),
            new OrderEvent.Rejected("c-1", "BROKER_REJECTED", "simulated broker rejection", 11),
            new OrderEvent.Filled("c-1", "4", "4-1", 2, Price.parse("22000.25"), 12),
            new OrderEvent.Cancelled("c-1", "4", "only 2 of 5 lots", 13),
            new OrderEvent.Expired("c-1", "4", "no longer listed", 14));

    for (OrderEvent event : events) {
      assertThat(SimJournalCodec.parse(SimJournalCodec.event(event)))
          .isEqualTo(new SimJournalCodec.Event(event));
    }
    assertThat(SimJournalCodec.parse(SimJournalCodec.rested("c-1")))
        .isEqualTo(new SimJournalCodec.Rested("c-1"));
  }

  @Test
  void badLinesNameTheProblem() {
    assertThatThrownBy(() -> SimJournalCodec.parse("accepted\tc-1\t4"))
        .hasMessageContaining("accepted record needs 4 fields but has 3");
    assertThatThrownBy(() -> SimJournalCodec.parse("accepted\tc-1\t4\tsoon"))
        .hasMessageContaining("time is not a count: 'soon'");
    assertThatThrownBy(() -> SimJournalCodec.parse("rested\tc\\q"))
        .hasMessageContaining("unknown escape");
    assertThatThrownBy(() -> SimJournalCodec.parse(null)).hasMessageContaining("UTF-8");
  }
}
