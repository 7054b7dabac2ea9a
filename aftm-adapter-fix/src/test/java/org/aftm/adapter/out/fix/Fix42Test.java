package org.aftm.adapter.out.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.OrderEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;

/** FIX 4.2: the same adapter, with 4.2's fill ExecTypes (1 partial, 2 fill). */
class Fix42Test {

  @TempDir Path temp;

  @Test
  void aFix42VenueFillsInTwoReports() throws Exception {
    try (ScriptedVenue venue =
        new ScriptedVenue(temp.resolve("venue"), "FIX.4.2", false, null, null)) {
      FixSettings settings =
          FixSettings.of(
                  "127.0.0.1",
                  venue.port,
                  "AFTM",
                  "AFTM-VENUE",
                  FixVersion.FIX42,
                  30,
                  temp.resolve("store"))
              .withTimeouts(List.of(1), Duration.ofSeconds(10), Duration.ofSeconds(2));
      FixTestSupport.Recorder recorder = new FixTestSupport.Recorder();
      try (FixExchangeApi fix = new FixExchangeApi(settings)) {
        fix.addListener(recorder);
        assertThat(fix.login(ScriptedVenue.ACCOUNT, ScriptedVenue.PASSWORD.toCharArray()).success())
            .isTrue();
        fix.placeOrder(FixTestSupport.order("v42-1", 3));
        await().atMost(Duration.ofSeconds(20)).until(() -> venue.received("D").size() == 1);
        Message order = venue.received("D").get(0);
        assertThat(order.getHeader().getString(8)).isEqualTo("FIX.4.2");
        assertThat(order.getChar(21)).isEqualTo('1');
        venue.send(venue.report(order, '0', '0', 0, "0", 0, "0", null));
        venue.send(venue.report(order, '1', '1', 1, "22000.5", 1, "22000.5", null));
        venue.send(venue.report(order, '2', '2', 2, "22000", 3, "22000.1667", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.orderEvents.size() == 3);
        assertThat(recorder.orderEvents.get(1)).isInstanceOf(OrderEvent.Filled.class);
        OrderEvent.Filled last = (OrderEvent.Filled) recorder.orderEvents.get(2);
        assertThat(last.quantity()).isEqualTo(2);
        assertThat(last.price()).isEqualTo(Price.ofPoints(22000));
      }
    }
  }
}
