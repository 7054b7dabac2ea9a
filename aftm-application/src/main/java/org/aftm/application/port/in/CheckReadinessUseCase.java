package org.aftm.application.port.in;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Says whether the whole system is ready to trade (docs/architecture.md, observability): logged in,
 * both children ready, the gateway healthy and the breaker closed.
 */
public interface CheckReadinessUseCase {

  ReadinessReport checkReadiness();

  /**
   * @param ready every component is in its ready state
   * @param components each component's state, by name, in a stable order (e.g. {@code strategy} →
   *     {@code ready}, {@code breaker} → {@code open})
   */
  record ReadinessReport(boolean ready, Map<String, String> components) {
    public ReadinessReport {
      components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }
  }
}
