package org.aftm.application.service;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.domain.risk.TradingStatus;

/** The trading-state store in memory; keeps the reconciliation decisions recorded. */
final class FakeTradingState implements TradingStatePort {

  record Decision(String decision, String differences, long atMillis) {}

  final List<Decision> decisions = new CopyOnWriteArrayList<>();
  private volatile TradingStatus status;

  @Override
  public Optional<TradingStatus> loadTradingStatus() {
    return Optional.ofNullable(status);
  }

  @Override
  public void saveTradingStatus(TradingStatus saved) {
    status = saved;
  }

  @Override
  public Optional<Long> loadDailyRealizedPnl(LocalDate tradingDay) {
    return Optional.empty();
  }

  @Override
  public void saveDailyRealizedPnl(LocalDate tradingDay, long realizedPnlUnits) {}

  @Override
  public void recordReconciliationDecision(String decision, String differences, long atMillis) {
    decisions.add(new Decision(decision, differences, atMillis));
  }
}
