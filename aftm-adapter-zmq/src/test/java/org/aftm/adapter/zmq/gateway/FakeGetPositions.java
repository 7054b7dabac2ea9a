package org.aftm.adapter.zmq.gateway;

import java.util.List;
import org.aftm.application.port.in.GetPositionsUseCase;
import org.aftm.domain.order.Position;

/** Answers every account with the same positions, or fails. */
public final class FakeGetPositions implements GetPositionsUseCase {

  public volatile List<Position> positions = List.of();
  public volatile RuntimeException failure;
  public volatile String lastAccount;

  @Override
  public List<Position> getPositions(GetPositionsQuery query) {
    lastAccount = query.account();
    if (failure != null) {
      throw failure;
    }
    return positions;
  }
}
