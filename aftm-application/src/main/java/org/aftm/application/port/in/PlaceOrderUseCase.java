package org.aftm.application.port.in;

import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderResult;

/**
 * Places an order at the broker, at most once per client order id. Refusals (risk, nothing to
 * close, not logged in, broker refused) are results with an {@link ErrorCode}.
 */
public interface PlaceOrderUseCase {

  OrderResult placeOrder(PlaceOrderCommand command);
}
