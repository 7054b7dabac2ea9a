package org.aftm.application.port.out;

import java.time.LocalDate;
import java.util.Optional;
import org.aftm.domain.risk.TradingStatus;

/**
 * Where the trading state and the day's realized P&amp;L are kept, so both survive a restart of the
 * main process. Writes are durable when the method returns; a failure is a {@link
 * RuntimeException}.
 */
public interface TradingStatePort {

  /** The last saved state, or empty on a fresh install. */
  Optional<TradingStatus> loadTradingStatus();

  void saveTradingStatus(TradingStatus status);

  /**
   * The realized P&amp;L in TWD (in {@link org.aftm.domain.model.Price} units) saved for {@code
   * tradingDay}, or empty when none was saved for that day.
   */
  Optional<Long> loadDailyRealizedPnl(LocalDate tradingDay);

  void saveDailyRealizedPnl(LocalDate tradingDay, long realizedPnlUnits);

  /**
   * Records an operator's decision of reconciliation (accepting the broker's view), with what
   * disagreed, in the audit trail.
   */
  void recordReconciliationDecision(String decision, String differences, long atMillis);
}
