package org.aftm.application.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.domain.risk.TradingStatus;

/** The trading state's store in memory; survives a "restart" when the same instance is reused. */
final class InMemoryTradingStatePort implements TradingStatePort {

  final List<TradingStatus> saved = new ArrayList<>();
  final Map<LocalDate, Long> dailyRealized = new HashMap<>();
  volatile boolean failSaves;

  @Override
  public synchronized Optional<TradingStatus> loadTradingStatus() {
    return saved.isEmpty() ? Optional.empty() : Optional.of(saved.get(saved.size() - 1));
  }

  @Override
  public synchronized void saveTradingStatus(TradingStatus status) {
    if (failSaves) {
      throw new IllegalStateException("disk full");
    }
    saved.add(status);
  }

  @Override
  public synchronized Optional<Long> loadDailyRealizedPnl(LocalDate tradingDay) {
    return Optional.ofNullable(dailyRealized.get(tradingDay));
  }

  @Override
  public synchronized void saveDailyRealizedPnl(LocalDate tradingDay, long realizedPnlUnits) {
    dailyRealized.put(tradingDay, realizedPnlUnits);
  }

  @Override
  public void recordReconciliationDecision(String decision, String differences, long atMillis) {}
}
