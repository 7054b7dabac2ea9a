package org.aftm.domain.risk;

import org.aftm.domain.model.WireValue;

/**
 * How much the system may trade now (docs/architecture.md §12). The state is the main process's,
 * survives its restarts, and every order passes it in the risk engine.
 */
public enum TradingState implements WireValue {
  /** Every order that passes the limits is placed. */
  ACTIVE,
  /** Only orders that reduce a position pass: exits, closes, and flatten. */
  REDUCING,
  /** Nothing passes except flatten. */
  HALTED;

  /**
   * Whether an order may pass in this state.
   *
   * @param reducesPosition the order can only make the instrument's net position smaller
   * @param flatten the order is the operator's (or the session close's) flatten
   */
  public boolean allows(boolean reducesPosition, boolean flatten) {
    return switch (this) {
      case ACTIVE -> true;
      case REDUCING -> reducesPosition || flatten;
      case HALTED -> flatten;
    };
  }

  @Override
  public String wire() {
    return name();
  }
}
