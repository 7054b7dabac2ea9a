package org.aftm.application.port.in;

import java.util.Objects;
import org.aftm.domain.order.OrderRequest;

/**
 * Place one order.
 *
 * @param request the validated order
 * @param originNanos {@link System#nanoTime()} of the tick that caused it, or 0 when unknown
 */
public record PlaceOrderCommand(OrderRequest request, long originNanos) {

  public PlaceOrderCommand {
    Objects.requireNonNull(request, "request");
  }
}
