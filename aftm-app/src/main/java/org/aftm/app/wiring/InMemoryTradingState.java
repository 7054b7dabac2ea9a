package org.aftm.app.wiring;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.domain.risk.TradingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in {@link TradingStatePort} kept in memory, until the SQLite adapter implements the port:
 * the state and the day's realized P&amp;L do NOT survive a restart with it. Thread-safe.
 */
final class InMemoryTradingState implements TradingStatePort {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryTradingState.class);

  private TradingStatus status;
  private final Map<LocalDate, Long> dailyRealized = new HashMap<>();

  @Override
  public synchronized Optional<TradingStatus> loadTradingStatus() {
    return Optional.ofNullable(status);
  }

  @Override
  public synchronized void saveTradingStatus(TradingStatus tradingStatus) {
    status = tradingStatus;
  }

  @Override
  public synchronized Optional<Long> loadDailyRealizedPnl(LocalDate tradingDay) {
    return Optional.ofNullable(dailyRealized.get(tradingDay));
  }

  @Override
  public synchronized void saveDailyRealizedPnl(LocalDate tradingDay, long realizedPnlUnits) {
    dailyRealized.clear();
    dailyRealized.put(tradingDay, realizedPnlUnits);
  }

  @Override
  public void recordReconciliationDecision(String decision, String differences, long atMillis) {
    LOG.warn("Reconciliation decision (not stored): {}; differences: {}", decision, differences);
  }
}
