package org.aftm.application.service;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.aftm.application.port.out.GatewayHealth;
import org.aftm.application.port.out.OrderGateway;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strategy's gateway, with command acknowledgements sent off the strategy's thread: a round
 * trip per acknowledged command would hold up ticks behind an operator adding many conditions.
 * Everything else goes straight to {@code gateway} on the caller's thread; acknowledgements go, in
 * order, through {@code acknowledgements} (a gateway of their own, since a gateway client is not
 * thread-safe) on one thread named {@code command-acks}.
 */
public final class OffThreadAcknowledgements implements OrderGateway, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OffThreadAcknowledgements.class);

  private final OrderGateway gateway;
  private final OrderGateway acknowledgements;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "command-acks");
            thread.setDaemon(true);
            return thread;
          });

  public OffThreadAcknowledgements(OrderGateway gateway, OrderGateway acknowledgements) {
    this.gateway = gateway;
    this.acknowledgements = acknowledgements;
  }

  @Override
  public void acknowledgeCommand(long commandId) {
    sender.execute(
        () -> {
          try {
            acknowledgements.acknowledgeCommand(commandId);
          } catch (RuntimeException e) {
            // The operator's command then says "not confirmed"; the change itself is applied.
            LOG.warn("Could not acknowledge condition command {}: {}", commandId, e.toString());
          }
        });
  }

  @Override
  public OrderResult sendOrder(OrderRequest request, long originNanos) {
    return gateway.sendOrder(request, originNanos);
  }

  @Override
  public OrderResult sendOrder(OrderRequest request, long originNanos, String closesClientOrderId) {
    return gateway.sendOrder(request, originNanos, closesClientOrderId);
  }

  @Override
  public GatewayHealth healthCheck() {
    return gateway.healthCheck();
  }

  @Override
  public List<OrderUpdate> orderStates(List<String> clientOrderIds) {
    return gateway.orderStates(clientOrderIds);
  }

  @Override
  public List<Position> positions(String account) {
    return gateway.positions(account);
  }

  /** Sends the acknowledgements still queued, then stops. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("Command acknowledgements still queued after 5 s were dropped");
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
