package org.aftm.application.service;

import java.util.List;
import org.aftm.application.port.in.GetPositionsUseCase;
import org.aftm.domain.order.Position;

/**
 * Reads positions from the main process's {@link Portfolio}, built from fills: the broker is not
 * asked. Thread-safe.
 */
public final class GetPositionsService implements GetPositionsUseCase {

  private final Portfolio portfolio;

  public GetPositionsService(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public List<Position> getPositions(GetPositionsQuery query) {
    return portfolio.positions(query.account());
  }
}
