package org.aftm.application.port.out;

import java.util.Optional;

/** Stores the non-secret session. */
public interface SessionPort {

  void saveSession(TradingSession session);

  Optional<TradingSession> loadSession();
}
