package org.aftm.application.port.out;

import java.util.List;
import org.aftm.domain.order.Position;

/** Keeps positions as last known, for the operator after a restart. */
public interface SavePositionsPort {

  /** Replaces the stored positions of the account with these. */
  void savePositions(String account, List<Position> positions);

  List<Position> loadPositions(String account);
}
