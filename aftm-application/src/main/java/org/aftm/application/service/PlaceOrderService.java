package org.aftm.application.service;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aftm.application.log.LogScope;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.in.PlaceOrderUseCase;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.application.port.out.TradingMetrics;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's order path, as named stages: a repeated client order id is answered with its first
 * answer (and the order's state is published again); then {@link RiskEngine} (a refusal of the
 * order rate stops here, unaudited, so a flood cannot grow the trail); then the audit trail
 * (durable before the broker sees anything); then {@link OrderLifecycle} registers the order; then
 * the broker acknowledges or refuses at once; then the answer is audited and returned. What becomes
 * of the order afterwards arrives as broker events in the lifecycle.
 *
 * <p>Thread-safe: orders are serialised under one lock, so a retry racing its original can never
 * place twice.
 */
public final class PlaceOrderService implements PlaceOrderUseCase {

  private static final Logger LOG = LoggerFactory.getLogger(PlaceOrderService.class);

  /**
   * Start of the ids given to orders that come without one ({@code gw-<start time>-<n>}); no client
   * may send such an id, or it could take the id the next order without one is given.
   */
  public static final String GENERATED_ID_PREFIX = "gw-";

  /** Answers kept in memory; older ones are read back from the audit trail. */
  static final int MAX_ANSWERS_IN_MEMORY = 10_000;

  private final ExchangeApi exchange;
  private final OrderAuditPort audit;
  private final RiskEngine risk;
  private final OrderLifecycle lifecycle;
  private final TradingMetrics metrics;
  private final InstantSource clock;
  private final LongSupplier nanoClock;
  private final StorageHealth storage;

  /** Rate-limit refusals not yet logged, and when they were last logged; guarded by lock. */
  private long throttledUnlogged;

  private long throttledLoggedAtNanos;
  private final AtomicLong throttled = new AtomicLong();
  private final Object lock = new Object();

  /** What became of the order {@link #place} last decided on; guarded by lock. */
  private TradingMetrics.OrderOutcome outcome = TradingMetrics.OrderOutcome.ERROR;

  private final AtomicLong generatedIds = new AtomicLong();
  private final String generatedIdPrefix;

  /** Answers by client order id, bounded; guarded by lock. The audit trail is the durable copy. */
  private final Map<String, OrderResult> answered =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OrderResult> eldest) {
          return size() > MAX_ANSWERS_IN_MEMORY;
        }
      };

  public PlaceOrderService(
      ExchangeApi exchange,
      OrderAuditPort audit,
      RiskEngine risk,
      OrderLifecycle lifecycle,
      TradingMetrics metrics,
      InstantSource clock,
      LongSupplier nanoClock) {
    this(exchange, audit, risk, lifecycle, metrics, clock, nanoClock, StorageHealth.detached());
  }

  /**
   * @param storage told of each audit write's success or failure
   */
  public PlaceOrderService(
      ExchangeApi exchange,
      OrderAuditPort audit,
      RiskEngine risk,
      OrderLifecycle lifecycle,
      TradingMetrics metrics,
      InstantSource clock,
      LongSupplier nanoClock,
      StorageHealth storage) {
    this.storage = storage;
    this.exchange = exchange;
    this.audit = audit;
    this.risk = risk;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
    this.clock = clock;
    this.nanoClock = nanoClock;
    // Ids for clients that send none (the Python system's); unique across restarts.
    this.generatedIdPrefix = GENERATED_ID_PREFIX + Long.toString(clock.millis(), 36) + "-";
  }

  @Override
  public OrderResult placeOrder(PlaceOrderCommand command) {
    if (command.originNanos() > 0) {
      metrics.orderReceived(nanoClock.getAsLong() - command.originNanos());
    }
    OrderRequest request = command.request();
    if (request.clientOrderId() == null) {
      request = request.withClientOrderId(generatedIdPrefix + generatedIds.incrementAndGet());
      command = command.withRequest(request);
    }
    String clientOrderId = request.clientOrderId();
    try (LogScope scope = LogScope.order(clientOrderId, request.itemCode())) {
      return placeUnderLock(command, clientOrderId);
    }
  }

  private OrderResult placeUnderLock(PlaceOrderCommand command, String clientOrderId) {
    synchronized (lock) {
      Optional<OrderResult> first = firstAnswer(clientOrderId);
      if (first.isPresent()) {
        metrics.duplicateOrderAnswered();
        LOG.info(
            "Repeated client_order_id {}: answering with the first answer, placing nothing",
            UntrustedText.quote(clientOrderId));
        resolveIfUnknown(clientOrderId);
        lifecycle.republish(clientOrderId);
        return first.get();
      }
      OrderResult result = place(command);
      answered.put(clientOrderId, result);
      long origin = command.originNanos();
      metrics.orderAnswered(
          outcome,
          result.errorCode(),
          result.sent() && origin > 0 ? nanoClock.getAsLong() - origin : 0);
      return result;
    }
  }

  /** Guarded by lock. */
  private OrderResult place(PlaceOrderCommand command) {
    RiskEngine.Decision decision = risk.check(command);
    OrderRequest request = decision.request();
    String closes = command.closesClientOrderId();
    if (decision.throttled()) {
      return throttle(decision, closes);
    }
    long auditId;
    try {
      // Durable before anything reaches the broker: after a crash, a retry finds it and is told
      // the outcome instead of placing a second order.
      auditId = audit.recordRequest(request, closes, command.sender(), clock.millis());
      storage.recordSuccess("the audit trail");
    } catch (RuntimeException e) {
      storage.recordFailure("the audit trail", e);
      LOG.error(
          "Could not record order {} in the audit trail; not placed",
          UntrustedText.quote(request),
          e);
      outcome = TradingMetrics.OrderOutcome.ERROR;
      OrderResult refused =
          OrderResult.rejected(
              request.note(),
              ErrorCode.AUDIT_FAILED.wire(),
              "the audit trail could not record the order, so it was not placed: " + e.getMessage(),
              request.clientOrderId());
      lifecycle.refuse(request, closes, refused.errorCode(), refused.errorMessage());
      return refused;
    }
    OrderResult result;
    if (decision.refused()) {
      outcome = TradingMetrics.OrderOutcome.REFUSED;
      result =
          OrderResult.rejected(
              request.note(),
              decision.refusal().wire(),
              decision.message(),
              request.clientOrderId());
      lifecycle.refuse(request, closes, result.errorCode(), result.errorMessage());
    } else {
      result = submit(request, closes);
    }
    try {
      audit.recordResult(auditId, result, clock.millis());
    } catch (RuntimeException e) {
      storage.recordFailure("the audit trail", e);
      // The broker's answer stands: reporting a live order as refused would be worse than a gap
      // in the trail, and a retry is answered from memory meanwhile.
      LOG.error(
          "Could not record the answer to audit request {} ({}): {}",
          auditId,
          result,
          e.toString());
    }
    return result;
  }

  /**
   * A refusal of the order rate: nothing durable (no audit row, no journal row), so a flood cannot
   * grow the trail; the sender is answered and the strategy told, and the refusals are logged as a
   * count at most once a second. Guarded by lock.
   */
  private OrderResult throttle(RiskEngine.Decision decision, String closes) {
    OrderRequest request = decision.request();
    outcome = TradingMetrics.OrderOutcome.REFUSED;
    OrderResult result =
        OrderResult.rejected(
            request.note(), decision.refusal().wire(), decision.message(), request.clientOrderId());
    lifecycle.publishRefusal(request, closes, result.errorCode(), result.errorMessage());
    throttled.incrementAndGet();
    throttledUnlogged++;
    long now = nanoClock.getAsLong();
    if (throttledLoggedAtNanos == 0 || now - throttledLoggedAtNanos >= 1_000_000_000L) {
      LOG.warn(
          "{} orders refused by the order rate limit since the last report (not audited): {}",
          throttledUnlogged,
          decision.message());
      throttledUnlogged = 0;
      throttledLoggedAtNanos = now;
    }
    return result;
  }

  /** Orders refused by the order rate limit since start. */
  public long throttledCount() {
    return throttled.get();
  }

  /** Guarded by lock. */
  private OrderResult submit(OrderRequest request, String closes) {
    lifecycle.submit(request, closes);
    OrderResult result;
    try {
      result = withClientOrderId(exchange.placeOrder(request), request.clientOrderId());
    } catch (RuntimeException e) {
      // ExchangeException is the broker's failure; anything else from an adapter is a defect. In
      // both cases nobody knows whether the order left, so it must not stay "submitted".
      LOG.error(
          "Broker failed while placing {}: {}", UntrustedText.quote(request), e.getMessage(), e);
      lifecycle.onOrderEvent(
          new OrderEvent.Unknown(
              request.clientOrderId(), "broker failed: " + e.getMessage(), clock.millis()));
      // Not sent as far as anyone knows, but not refused either: the state says unknown, and the
      // lifecycle resolves it when the broker reports the order or at the next reconciliation.
      outcome = TradingMetrics.OrderOutcome.ERROR;
      return new OrderResult(
          false,
          request.note(),
          "",
          ErrorCode.ORDER_EXECUTION_ERROR.wire(),
          "broker error, the order may or may not be placed; check orders and positions: "
              + e.getMessage(),
          request.clientOrderId(),
          OrderState.UNKNOWN,
          0);
    }
    // The breaker answers for a broker it does not call: no decision, like a broker failure.
    boolean unavailable = ErrorCode.EXCHANGE_UNAVAILABLE.wire().equals(result.errorCode());
    outcome =
        result.sent()
            ? TradingMetrics.OrderOutcome.ACCEPTED
            : unavailable
                ? TradingMetrics.OrderOutcome.ERROR
                : TradingMetrics.OrderOutcome.REJECTED;
    if (!result.sent()) {
      lifecycle.onOrderEvent(
          new OrderEvent.Rejected(
              request.clientOrderId(), result.errorCode(), result.errorMessage(), clock.millis()));
    }
    return result;
  }

  /**
   * A repeat of an order whose outcome is unknown (the broker failed while it was placed) asks the
   * broker what became of it, so the sender learns the outcome instead of waiting for a restart.
   * Guarded by lock.
   */
  private void resolveIfUnknown(String clientOrderId) {
    if (lifecycle.stateOf(clientOrderId).orElse(null) != OrderState.UNKNOWN) {
      return;
    }
    try {
      lifecycle.resolve(clientOrderId, exchange.orderState(clientOrderId).orElse(null));
    } catch (RuntimeException e) {
      LOG.warn(
          "Order {} is still unknown: the broker did not answer ({})",
          UntrustedText.quote(clientOrderId),
          e.toString());
    }
  }

  private Optional<OrderResult> firstAnswer(String clientOrderId) {
    OrderResult cached = answered.get(clientOrderId);
    return cached != null ? Optional.of(cached) : audit.findResultByClientOrderId(clientOrderId);
  }

  private static OrderResult withClientOrderId(OrderResult result, String clientOrderId) {
    if (clientOrderId.equals(result.clientOrderId())) {
      return result;
    }
    return new OrderResult(
        result.sent(),
        result.note(),
        result.orderSerial(),
        result.errorCode(),
        result.errorMessage(),
        clientOrderId,
        result.status(),
        result.filledQuantity());
  }
}
