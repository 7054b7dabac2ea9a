package org.aftm.application.service;

import java.util.List;
import org.aftm.application.port.in.GetPositionsUseCase;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.domain.order.Position;

/** Reads positions from the broker. Thread-safe as the {@link ExchangeApi} is. */
public final class GetPositionsService implements GetPositionsUseCase {

  private final ExchangeApi exchange;

  public GetPositionsService(ExchangeApi exchange) {
    this.exchange = exchange;
  }

  @Override
  public List<Position> getPositions(GetPositionsQuery query) {
    return exchange.positions(query.account());
  }
}
