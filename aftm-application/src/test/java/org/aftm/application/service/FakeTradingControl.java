package org.aftm.application.service;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;

/** The trading state in memory, recording each change asked for. */
final class FakeTradingControl implements ControlTradingUseCase {

  final List<TradingStatus> changes = new CopyOnWriteArrayList<>();
  private volatile TradingStatus status = TradingStatus.initial(0);

  @Override
  public TradingStatus tradingStatus() {
    return status;
  }

  @Override
  public TradingStatus halt(String reason) {
    return change(TradingState.HALTED, reason);
  }

  @Override
  public TradingStatus reduce(String reason) {
    return change(TradingState.REDUCING, reason);
  }

  @Override
  public TradingStatus resume(String reason) {
    return change(TradingState.ACTIVE, reason);
  }

  @Override
  public FlattenReport flatten(Optional<String> itemCode) {
    throw new UnsupportedOperationException("not in these tests");
  }

  private TradingStatus change(TradingState state, String reason) {
    status = new TradingStatus(state, reason, false, 0);
    changes.add(status);
    return status;
  }
}
