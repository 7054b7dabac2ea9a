package org.aftm.adapter.zmq.in;

/**
 * What one client of the order gateway may ask of it (docs/architecture.md §12): a client is one
 * ZeroMQ routing identity, i.e. one connected REQ or DEALER socket. A request over a limit is
 * answered at once with {@code CLIENT_LIMIT} and never processed.
 *
 * @param maxRequestsPerSecond the token bucket's rate and burst ({@code
 *     AFTM_GATEWAY_CLIENT_MAX_RPS})
 * @param maxQueuedRequests most requests of one client waiting to be served ({@code
 *     AFTM_GATEWAY_CLIENT_MAX_QUEUE})
 * @param maxClients most clients the gateway keeps state for; the least recently heard idle one is
 *     forgotten to make room, and while every known client has requests waiting a new one is
 *     refused
 */
public record ClientLimits(int maxRequestsPerSecond, int maxQueuedRequests, int maxClients) {

  /** Clients remembered by default: far more than the two children and a few operator tools. */
  public static final int DEFAULT_MAX_CLIENTS = 4096;

  /** The defaults of {@code AFTM_GATEWAY_CLIENT_MAX_RPS} and {@code _MAX_QUEUE}. */
  public static final ClientLimits DEFAULT = new ClientLimits(1000, 256);

  public ClientLimits {
    positive("maxRequestsPerSecond", maxRequestsPerSecond);
    positive("maxQueuedRequests", maxQueuedRequests);
    positive("maxClients", maxClients);
  }

  /** Limits with {@link #DEFAULT_MAX_CLIENTS}. */
  public ClientLimits(int maxRequestsPerSecond, int maxQueuedRequests) {
    this(maxRequestsPerSecond, maxQueuedRequests, DEFAULT_MAX_CLIENTS);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 but was " + value);
    }
  }
}
