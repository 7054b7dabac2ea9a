package org.aftm.app.wiring;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;

/**
 * The broker behind a circuit breaker (ADR 0002): after repeated {@link ExchangeException}s (the
 * broker unreachable or answering nonsense) orders are refused at once with {@code
 * EXCHANGE_UNAVAILABLE} instead of piling up on a dead connection. A broker's refusal of an order
 * is a result, not an exception, so it never trips the breaker.
 */
public final class CircuitBreakingExchangeApi extends ForwardingExchangeApi {

  private final CircuitBreaker breaker;

  public CircuitBreakingExchangeApi(ExchangeApi delegate, CircuitBreaker breaker) {
    super(delegate);
    this.breaker = breaker;
  }

  /** How long the standard breaker stays open before it lets trial calls through. */
  public static final Duration STANDARD_WAIT_IN_OPEN_STATE = Duration.ofSeconds(10);

  /**
   * The standard breaker: opens at 50% failures over the last 10 calls (at least 5), retries after
   * 10 s.
   */
  public static CircuitBreaker standardBreaker() {
    return standardBreaker(STANDARD_WAIT_IN_OPEN_STATE);
  }

  /**
   * The standard breaker with another wait in the open state (tests shorten it): after the wait,
   * two trial calls decide whether it closes again.
   */
  public static CircuitBreaker standardBreaker(Duration waitInOpenState) {
    return CircuitBreaker.of(
        "exchange",
        CircuitBreakerConfig.custom()
            .slidingWindowSize(10)
            .minimumNumberOfCalls(5)
            .failureRateThreshold(50)
            .waitDurationInOpenState(waitInOpenState)
            .permittedNumberOfCallsInHalfOpenState(2)
            .recordExceptions(ExchangeException.class)
            .build());
  }

  public String breakerState() {
    return breaker.getState().name();
  }

  @Override
  public OrderResult placeOrder(OrderRequest request) {
    try {
      return breaker.executeSupplier(() -> delegate.placeOrder(request));
    } catch (CallNotPermittedException e) {
      return OrderResult.rejected(
          request.note(),
          ErrorCode.EXCHANGE_UNAVAILABLE.wire(),
          "broker unavailable: circuit breaker open after repeated failures; retry later",
          request.clientOrderId());
    }
  }

  @Override
  public List<Position> positions(String account) {
    return guarded(() -> delegate.positions(account));
  }

  @Override
  public Optional<OrderUpdate> orderState(String clientOrderId) {
    return guarded(() -> delegate.orderState(clientOrderId));
  }

  @Override
  public List<OrderUpdate> workingOrders(String account) {
    return guarded(() -> delegate.workingOrders(account));
  }

  /** A query through the breaker; an open breaker is the broker being unavailable. */
  private <T> T guarded(Supplier<T> query) {
    try {
      return breaker.executeSupplier(query);
    } catch (CallNotPermittedException e) {
      throw new ExchangeException(
          "broker unavailable: circuit breaker open after repeated failures", e);
    }
  }
}
