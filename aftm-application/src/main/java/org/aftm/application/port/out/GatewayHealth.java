package org.aftm.application.port.out;

/**
 * The gateway's {@code health_check} answer.
 *
 * @param healthy whether the broker is really usable (connected and logged in, breaker closed)
 * @param exchangeConnected whether the broker connection is up
 * @param loggedIn whether a user is logged in
 * @param serverRunning whether the gateway server is serving
 * @param breakerState the broker circuit breaker's state, e.g. {@code "CLOSED"}
 * @param uptimeSeconds seconds since the gateway started
 * @param timestampEpochSeconds when the answer was made
 */
public record GatewayHealth(
    boolean healthy,
    boolean exchangeConnected,
    boolean loggedIn,
    boolean serverRunning,
    String breakerState,
    long uptimeSeconds,
    long timestampEpochSeconds) {}
