package org.aftm.adapter.zmq.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.in.PlaceOrderUseCase;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;

/**
 * Places orders in memory, answering a repeated client order id with the first answer, like
 * PlaceOrderService.
 */
public final class FakePlaceOrder implements PlaceOrderUseCase {

  public final List<PlaceOrderCommand> commands = new CopyOnWriteArrayList<>();
  public final AtomicInteger placed = new AtomicInteger();
  private final Map<String, OrderResult> answered = new ConcurrentHashMap<>();
  public volatile RuntimeException failure;
  public volatile OrderResult refusal;

  /**
   * When set, the first call waits for it (up to 10 s) before answering, to force a client timeout.
   */
  public volatile CountDownLatch firstCallGate;

  @Override
  public synchronized OrderResult placeOrder(PlaceOrderCommand command) {
    commands.add(command);
    CountDownLatch gate = firstCallGate;
    if (gate != null && commands.size() == 1) {
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) {
      throw failure;
    }
    if (refusal != null) {
      return refusal;
    }
    OrderRequest request = command.request();
    if (request.clientOrderId() != null && answered.containsKey(request.clientOrderId())) {
      return answered.get(request.clientOrderId());
    }
    OrderResult result =
        OrderResult.accepted(
            request.note(),
            "S" + placed.incrementAndGet(),
            request.clientOrderId(),
            OrderState.FILLED,
            request.quantity());
    if (request.clientOrderId() != null) {
      answered.put(request.clientOrderId(), result);
    }
    return result;
  }
}
