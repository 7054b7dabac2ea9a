package org.aftm.application.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aftm.application.port.out.SavePositionsPort;
import org.aftm.domain.order.Position;

/** Positions stored as last known, in memory. */
final class FakeStoredPositions implements SavePositionsPort {

  private final Map<String, List<Position>> byAccount = new HashMap<>();
  int saves;

  @Override
  public synchronized void savePositions(String account, List<Position> positions) {
    saves++;
    byAccount.put(account, List.copyOf(positions));
  }

  @Override
  public synchronized List<Position> loadPositions(String account) {
    return byAccount.getOrDefault(account, List.of());
  }
}
