package org.aftm.adapter.zmq.in;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's requests waiting to be served, per client, served round-robin: one request of each
 * client with requests waiting per turn, so one client's backlog delays another's request by at
 * most one request per waiting client (docs/architecture.md §12).
 *
 * <p>Everything is bounded: clients ({@link ClientLimits#maxClients()}, the least recently heard
 * idle one forgotten first), requests per client ({@link ClientLimits#maxQueuedRequests()}), and
 * waiting bytes in all. Owned by the {@code order-gateway} thread; the counts may be read from any
 * thread.
 */
final class FairQueue {

  /** What became of an offered request. */
  enum Admission {
    QUEUED,
    /** The client's token bucket is empty. */
    OVER_RATE,
    /** The client has its most requests waiting. */
    QUEUE_FULL,
    /** The requests waiting in all hold the gateway's byte budget. */
    GATEWAY_FULL
  }

  private final ClientLimits limits;
  private final long maxQueuedBytes;
  private final long intervalNanos;
  private final long burstNanos;
  private final RefusalLog refusalLog;
  // Access order: the eldest entry is the client heard from least recently.
  private final LinkedHashMap<ClientIdentity, GatewayClient> clients =
      new LinkedHashMap<>(16, 0.75f, true);
  private final ArrayDeque<GatewayClient> turns = new ArrayDeque<>();
  private long queuedBytes;
  private volatile int clientCount;
  private volatile int queuedRequests;

  FairQueue(ClientLimits limits, long maxQueuedBytes, RefusalLog refusalLog) {
    this.limits = limits;
    this.maxQueuedBytes = maxQueuedBytes;
    this.refusalLog = refusalLog;
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / limits.maxRequestsPerSecond();
    this.burstNanos = (limits.maxRequestsPerSecond() - 1) * intervalNanos;
  }

  /**
   * The client with this routing identity, taken on if new.
   *
   * @return null when the gateway knows its most clients and the least recently heard one still has
   *     requests waiting
   */
  GatewayClient client(byte[] identity, long nowNanos) {
    ClientIdentity key = new ClientIdentity(identity);
    GatewayClient client = clients.get(key);
    if (client != null) {
      return client;
    }
    if (clients.size() >= limits.maxClients()) {
      GatewayClient eldest = clients.values().iterator().next();
      if (eldest.hasWaiting()) {
        return null;
      }
      clients.remove(eldest.identity());
    }
    client = new GatewayClient(key, refusalLog, nowNanos);
    clients.put(key, client);
    clientCount = clients.size();
    return client;
  }

  /** Queues the request for its client's next turn, or says which limit refuses it. */
  Admission offer(QueuedRequest request, long nowNanos) {
    GatewayClient client = request.client();
    if (client.waitingCount() >= limits.maxQueuedRequests()) {
      return Admission.QUEUE_FULL;
    }
    long bytes = request.heapBytes();
    if (queuedBytes + bytes > maxQueuedBytes) {
      return Admission.GATEWAY_FULL;
    }
    if (!client.takeToken(nowNanos, intervalNanos, burstNanos)) {
      return Admission.OVER_RATE;
    }
    client.add(request);
    if (client.waitingCount() == 1) {
      turns.addLast(client);
    }
    queuedBytes += bytes;
    queuedRequests++;
    return Admission.QUEUED;
  }

  boolean hasWaiting() {
    return !turns.isEmpty();
  }

  /** The first waiting request of the client whose turn it is, or null when none waits. */
  QueuedRequest next() {
    GatewayClient client = turns.pollFirst();
    if (client == null) {
      return null;
    }
    QueuedRequest request = client.poll();
    if (client.hasWaiting()) {
      turns.addLast(client);
    }
    queuedBytes -= request.heapBytes();
    queuedRequests--;
    return request;
  }

  /** Clients the gateway keeps state for. */
  int clientCount() {
    return clientCount;
  }

  /** Requests waiting to be served. */
  int queuedRequests() {
    return queuedRequests;
  }
}
