package org.aftm.application.port.in;

import java.util.List;
import java.util.Optional;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.risk.TradingStatus;

/**
 * The operator's controls of the trading state (docs/architecture.md §12): {@code aftm halt},
 * {@code reduce}, {@code resume} and {@code flatten}, and their HTTP twins. Every change is logged
 * with its reason and survives a restart of the main process.
 */
public interface ControlTradingUseCase {

  /** The state now. */
  TradingStatus tradingStatus();

  /** Nothing passes except flatten. */
  TradingStatus halt(String reason);

  /** Only orders that reduce a position pass. */
  TradingStatus reduce(String reason);

  /** Back to {@code ACTIVE}. */
  TradingStatus resume(String reason);

  /**
   * Closes at market, through the order path and its audit, the net position of one instrument or
   * of all of them; allowed in every state.
   *
   * @param itemCode one instrument, or empty for all
   */
  FlattenReport flatten(Optional<String> itemCode);

  /**
   * What a flatten sent.
   *
   * @param orders one answer per instrument that was not flat
   */
  record FlattenReport(List<OrderResult> orders) {
    public FlattenReport {
      orders = List.copyOf(orders);
    }

    /** Whether every order it sent was accepted by the broker. */
    public boolean allSent() {
      return orders.stream().allMatch(OrderResult::sent);
    }
  }
}
