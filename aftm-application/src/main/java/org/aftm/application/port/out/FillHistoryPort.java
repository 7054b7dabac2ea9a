package org.aftm.application.port.out;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aftm.domain.order.Fill;

/**
 * Reads the recorded fills back, for the operator's trade blotter and daily report ({@code aftm
 * trades}, {@code aftm report daily}). Off the order path: a tool or the console reads it, never
 * the gateway.
 */
public interface FillHistoryPort {

  /**
   * Every fill of every account that filled before {@code beforeMillis}, in the order they were
   * recorded (the order the portfolio applied them), each with who sent its order.
   */
  List<RecordedFill> loadFillsBefore(long beforeMillis);

  /**
   * Money (TWD) per point per lot of each instrument as last saved with the positions; an
   * instrument never saved is missing.
   */
  Map<String, Long> pointValues();

  /**
   * A stored fill.
   *
   * @param fill the fill
   * @param sender the name of who sent its order as the audit recorded it ({@code order-executor},
   *     {@code main-process}, ...), or {@code unrecorded} when the order is not in the audit
   */
  record RecordedFill(Fill fill, String sender) {
    public RecordedFill {
      Objects.requireNonNull(fill, "fill");
      Objects.requireNonNull(sender, "sender");
    }
  }
}
