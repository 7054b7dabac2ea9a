package org.aftm.adapter.zmq.gateway;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;

/**
 * Keeps the state in memory and records each call as {@code "halt:reason"}, {@code "flatten:TXF"}
 * or {@code "flatten:*"}; {@link #failure}, when set, is thrown by every call.
 */
public final class FakeControlTrading implements ControlTradingUseCase {

  public final List<String> calls = new CopyOnWriteArrayList<>();
  public volatile TradingStatus status =
      new TradingStatus(TradingState.ACTIVE, "initial state", false, 1_700_000_000_123L);
  public volatile FlattenReport flattenReport = new FlattenReport(List.of());
  public volatile RuntimeException failure;

  @Override
  public TradingStatus tradingStatus() {
    fail();
    return status;
  }

  @Override
  public TradingStatus halt(String reason) {
    return change("halt", TradingState.HALTED, reason);
  }

  @Override
  public TradingStatus reduce(String reason) {
    return change("reduce", TradingState.REDUCING, reason);
  }

  @Override
  public TradingStatus resume(String reason) {
    return change("resume", TradingState.ACTIVE, reason);
  }

  @Override
  public FlattenReport flatten(Optional<String> itemCode) {
    fail();
    calls.add("flatten:" + itemCode.orElse("*"));
    return flattenReport;
  }

  private TradingStatus change(String call, TradingState state, String reason) {
    fail();
    calls.add(call + ":" + reason);
    status = new TradingStatus(state, reason, false, status.sinceMillis() + 1);
    return status;
  }

  private void fail() {
    RuntimeException e = failure;
    if (e != null) {
      throw e;
    }
  }
}
