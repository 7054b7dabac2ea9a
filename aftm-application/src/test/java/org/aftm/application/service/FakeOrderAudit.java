package org.aftm.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;

/** The audit trail in memory. */
final class FakeOrderAudit implements OrderAuditPort {

  /** One audited order: the request, then its answer once recorded. */
  static final class Entry {
    final long id;
    final OrderRequest request;
    final String closes;
    final long requestedAt;
    final OrderSender sender;
    OrderResult result;

    Entry(long id, OrderRequest request, String closes, long requestedAt, OrderSender sender) {
      this.id = id;
      this.request = request;
      this.closes = closes;
      this.requestedAt = requestedAt;
      this.sender = sender;
    }
  }

  final List<Entry> entries = new ArrayList<>();

  /** Makes recording a request fail, as a locked or full database would. */
  volatile boolean failRequests;

  /** Makes recording an answer fail, as a full disk would. */
  volatile boolean failResults;

  @Override
  public synchronized long recordRequest(
      OrderRequest request, String closesClientOrderId, OrderSender sender, long epochMillis) {
    if (failRequests) {
      throw new IllegalStateException("database is locked");
    }
    Entry entry = new Entry(entries.size() + 1, request, closesClientOrderId, epochMillis, sender);
    entries.add(entry);
    return entry.id;
  }

  @Override
  public synchronized void recordResult(long auditId, OrderResult result, long epochMillis) {
    if (failResults) {
      throw new IllegalStateException("disk full");
    }
    entries.get((int) auditId - 1).result = result;
  }

  @Override
  public synchronized Optional<OrderResult> findResultByClientOrderId(String clientOrderId) {
    return entries.stream()
        .filter(e -> clientOrderId.equals(e.request.clientOrderId()) && e.result != null)
        .map(e -> e.result)
        .findFirst();
  }

  @Override
  public synchronized List<UnansweredRequest> findRequestsWithoutResult(
      long fromMillis, long beforeMillis, int limit) {
    List<UnansweredRequest> unanswered = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.result == null
          && entry.request.clientOrderId() != null
          && entry.requestedAt >= fromMillis
          && entry.requestedAt < beforeMillis
          && unanswered.size() < limit) {
        unanswered.add(
            new UnansweredRequest(
                entry.id, entry.request, entry.closes, entry.requestedAt, entry.sender));
      }
    }
    return unanswered;
  }

  synchronized List<Entry> snapshot() {
    return List.copyOf(entries);
  }
}
