package org.aftm.app.wiring;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.aftm.application.port.out.ExchangeApi;

/**
 * How the main process reaches its broker: {@link #STANDARD} in production. Fault-injection tests
 * wrap the simulated broker ({@code faults}, applied before the deadlines and the breaker, so the
 * faults are met as a real broker's would be) and shorten the deadlines and the breaker's wait so
 * they run in seconds.
 *
 * @param faults wraps the simulated broker; {@link UnaryOperator#identity()} in production
 * @param orderDeadline how long the broker may take to acknowledge an order
 * @param queryDeadline how long the broker may take to answer a query
 * @param breakerWait how long the breaker stays open before trial calls
 */
public record BrokerSetup(
    UnaryOperator<ExchangeApi> faults,
    Duration orderDeadline,
    Duration queryDeadline,
    Duration breakerWait) {

  public static final BrokerSetup STANDARD =
      new BrokerSetup(
          UnaryOperator.identity(),
          TimeLimitedExchangeApi.STANDARD_ORDER_DEADLINE,
          TimeLimitedExchangeApi.STANDARD_QUERY_DEADLINE,
          CircuitBreakingExchangeApi.STANDARD_WAIT_IN_OPEN_STATE);

  public BrokerSetup {
    if (orderDeadline.isNegative()
        || orderDeadline.isZero()
        || queryDeadline.isNegative()
        || queryDeadline.isZero()
        || breakerWait.isNegative()
        || breakerWait.isZero()) {
      throw new IllegalArgumentException(
          "broker deadlines and the breaker's wait must be positive: " + this);
    }
  }
}
