package org.aftm.application.port.in;

import java.util.List;
import org.aftm.domain.order.Position;

/** Reads an account's positions from the broker. */
public interface GetPositionsUseCase {

  List<Position> getPositions(GetPositionsQuery query);

  /** Positions of one order account. */
  record GetPositionsQuery(String account) {
    public GetPositionsQuery {
      if (account == null || account.isBlank()) {
        throw new IllegalArgumentException("account is required");
      }
    }
  }
}
