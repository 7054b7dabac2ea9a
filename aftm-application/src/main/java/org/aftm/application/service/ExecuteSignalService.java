package org.aftm.application.service;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aftm.application.log.LogScope;
import org.aftm.application.port.in.ExecuteSignalUseCase;
import org.aftm.application.port.out.HopLatencyPort;
import org.aftm.application.port.out.OrderGateway;
import org.aftm.application.port.out.OrderGatewayUnavailableException;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.strategy.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each signal into one {@code send_order} (docs/architecture.md §4): Market, price 0, IOC,
 * open/close AUTO for an entry and N for an exit, day trade N, and a client order id derived from
 * the signal id, so a retry or a re-emitted signal never places twice. No health check and no sleep
 * on this path. An entry older than the age limit is counted and still sent: the gateway refuses
 * it, so the refusal reaches the strategy; an exit is never held back for its age.
 *
 * <p>Not thread-safe: the executor agent's thread calls it. The counters may be read from any
 * thread.
 */
public final class ExecuteSignalService implements ExecuteSignalUseCase {

  private static final Logger LOG = LoggerFactory.getLogger(ExecuteSignalService.class);

  private final OrderGateway gateway;
  private final ExecutionSettings settings;
  private final LongSupplier nanoClock;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();

  private final HopLatencyPort hops;

  public ExecuteSignalService(
      OrderGateway gateway, ExecutionSettings settings, LongSupplier nanoClock) {
    this(gateway, settings, nanoClock, HopLatencyPort.NONE);
  }

  /**
   * @param hops where signal → executor, executor → gateway reply and tick → order accepted are
   *     timed
   */
  public ExecuteSignalService(
      OrderGateway gateway,
      ExecutionSettings settings,
      LongSupplier nanoClock,
      HopLatencyPort hops) {
    this.hops = hops;
    this.gateway = gateway;
    this.settings = settings;
    this.nanoClock = nanoClock;
  }

  @Override
  public ExecutionOutcome execute(Signal signal) {
    // Its lines, and the gateway client's retries of its order, carry the signal's ids.
    try (LogScope scope = LogScope.signal(signal)) {
      return place(signal);
    }
  }

  private ExecutionOutcome place(Signal signal) {
    long received = nanoClock.getAsLong();
    if (signal.createdNanos() != 0) {
      hops.record(HopLatencyPort.Hop.SIGNAL_TO_EXECUTOR, received - signal.createdNanos());
    }
    long origin =
        signal.tickPublishNanos() != 0 ? signal.tickPublishNanos() : signal.createdNanos();
    long age = received - origin;
    if (!signal.reason().isExit() && age > settings.maxSignalAgeNanos()) {
      // Sent anyway: the gateway's pre-trade check refuses it (STALE_ORDER), never placing it late,
      // and the refusal reaches the strategy as an order update, so its condition may enter anew.
      // An exit is never held back for its age: late beats never.
      stale.incrementAndGet();
      LOG.warn(
          "Entry signal {} is {} ms old (limit {} ms); the gateway will refuse it",
          signal.signalId(),
          age / 1_000_000,
          settings.maxSignalAgeNanos() / 1_000_000);
    }
    OrderRequest request = SignalOrders.orderFor(signal, settings.orderAccount());
    try {
      // An exit names the entry it closes, so the gateway caps it at what that entry filled.
      String closes = SignalOrders.entryClientOrderIdFor(signal);
      long sending = nanoClock.getAsLong();
      OrderResult result = gateway.sendOrder(request, signal.tickPublishNanos(), closes);
      long answered = nanoClock.getAsLong();
      hops.record(HopLatencyPort.Hop.EXECUTOR_TO_GATEWAY_REPLY, answered - sending);
      if (result.sent()) {
        sent.incrementAndGet();
        if (signal.tickPublishNanos() != 0) {
          hops.record(HopLatencyPort.Hop.TICK_TO_ORDER, answered - signal.tickPublishNanos());
        }
        LOG.info(
            "Order {} for signal {} ({} {} {} x{}): {}; tick→signal {} µs, signal→executor {} µs, executor→answer {} µs",
            result.orderSerial(),
            signal.signalId(),
            signal.reason().wire(),
            signal.side().wire(),
            UntrustedText.quote(signal.itemCode(), 40),
            request.quantity(),
            result.status().wire(),
            micros(signal.createdNanos() - signal.tickPublishNanos()),
            micros(received - signal.createdNanos()),
            micros(answered - received));
        return ExecutionOutcome.SENT;
      }
      refused.incrementAndGet();
      LOG.warn(
          "Order for signal {} refused: {} {}",
          signal.signalId(),
          UntrustedText.quote(result.errorCode(), 40),
          UntrustedText.quote(result.errorMessage()));
      return ExecutionOutcome.REFUSED;
    } catch (OrderGatewayUnavailableException e) {
      unavailable.incrementAndGet();
      LOG.error(
          "Order for signal {} not confirmed: {}",
          signal.signalId(),
          UntrustedText.oneLine(String.valueOf(e.getMessage()), UntrustedText.MAX_CHARS));
      return ExecutionOutcome.GATEWAY_UNAVAILABLE;
    }
  }

  private static long micros(long nanos) {
    return nanos / 1_000;
  }

  public long sentCount() {
    return sent.get();
  }

  public long refusedCount() {
    return refused.get();
  }

  public long staleCount() {
    return stale.get();
  }

  public long unavailableCount() {
    return unavailable.get();
  }
}
