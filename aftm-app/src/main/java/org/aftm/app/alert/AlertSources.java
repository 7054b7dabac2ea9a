package org.aftm.app.alert;

import java.util.Optional;
import org.aftm.domain.risk.TradingState;

/**
 * What the alert rules read (docs/architecture.md, observability): each call returns the value now.
 * Implemented over the main process's metrics; called on the alert evaluator's thread only, so an
 * implementation may compute, but must not block on trading.
 */
public interface AlertSources {

  /** The components an alert can find down: the gateway and the two children. */
  enum Component {
    GATEWAY,
    STRATEGY,
    EXECUTOR
  }

  /**
   * For how long the component has been down, in seconds: 0 while it is up, and counting from the
   * moment it was last seen up (or from the start of the process when it was never up). A child is
   * up while it is ready to serve: one being restarted is down until its new process says ready.
   * The gateway is up while its server runs and its broker link is connected.
   */
  double secondsDown(Component component);

  /**
   * The 95th percentile of tick → order accepted over about the last minute, in seconds; {@code
   * Double.NaN} when no order was accepted in that window.
   */
  double tickToOrderP95Seconds();

  /** Order requests the gateway has answered since the process started (cumulative). */
  long gatewayRequests();

  /**
   * Of {@link #gatewayRequests()}, those answered with an error rather than a decision: malformed
   * or unreadable requests, the broker unavailable or timing out, internal faults. A refusal by a
   * risk check and a broker's reject are decisions, not errors (cumulative).
   */
  long gatewayErrors();

  /** Orders the gateway sent to the broker or refused, i.e. decided (cumulative). */
  long ordersDecided();

  /**
   * Of {@link #ordersDecided()}, those that failed: refused by a check or rejected by the broker
   * (cumulative). An order that expires unfilled after the broker accepted it is not counted.
   */
  long ordersFailed();

  /** Whether the gateway's circuit breaker to the broker is open (or half-open). */
  boolean breakerOpen();

  /** The trading state now; empty when it cannot be read (no verdict rather than a guess). */
  Optional<TradingState> tradingState();
}
