package org.aftm.application.port.in;

/** Says whether the broker is really usable. */
public interface CheckHealthUseCase {

  HealthReport checkHealth();

  /**
   * @param healthy connected, logged in, and the breaker lets orders through
   * @param exchangeConnected whether the broker connection is up
   * @param loggedIn whether a user is logged in
   * @param breakerState the broker circuit breaker's state
   * @param uptimeSeconds seconds since the service started
   */
  record HealthReport(
      boolean healthy,
      boolean exchangeConnected,
      boolean loggedIn,
      String breakerState,
      long uptimeSeconds) {}
}
