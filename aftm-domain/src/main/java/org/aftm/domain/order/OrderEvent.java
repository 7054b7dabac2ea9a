package org.aftm.domain.order;

import java.util.Objects;
import org.aftm.domain.model.Price;

/**
 * One change of an order, as a broker reports it: one FIX ExecutionReport maps to one event. An
 * {@link Order} applies an event only if its lifecycle allows it.
 */
public sealed interface OrderEvent
    permits OrderEvent.Accepted,
        OrderEvent.Rejected,
        OrderEvent.Filled,
        OrderEvent.Cancelled,
        OrderEvent.Expired,
        OrderEvent.Unknown {

  /** The order's idempotency key, as the caller gave it. */
  String clientOrderId();

  /** When it happened, epoch milliseconds. */
  long timeMillis();

  /** The broker took the order. */
  record Accepted(String clientOrderId, String orderSerial, long timeMillis) implements OrderEvent {
    public Accepted {
      requireId(clientOrderId);
      Objects.requireNonNull(orderSerial, "orderSerial");
    }
  }

  /**
   * The broker, or a check before it, refused the order; nothing was placed.
   *
   * @param errorCode an {@link ErrorCode}'s wire name, or a broker's own code
   */
  record Rejected(String clientOrderId, String errorCode, String reason, long timeMillis)
      implements OrderEvent {
    public Rejected {
      requireId(clientOrderId);
      Objects.requireNonNull(errorCode, "errorCode");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Part or all of the order traded.
   *
   * @param executionId the broker's unique id of this execution, so a repeated report applies once
   * @param quantity lots in this execution, &gt; 0
   */
  record Filled(
      String clientOrderId,
      String orderSerial,
      String executionId,
      int quantity,
      Price price,
      long timeMillis)
      implements OrderEvent {
    public Filled {
      requireId(clientOrderId);
      Objects.requireNonNull(orderSerial, "orderSerial");
      Objects.requireNonNull(executionId, "executionId");
      Objects.requireNonNull(price, "price");
      if (quantity <= 0) {
        throw new IllegalArgumentException("fill quantity must be > 0 but was " + quantity);
      }
    }
  }

  /** The unfilled rest was taken off (an IOC with no more liquidity, or a cancel request). */
  record Cancelled(String clientOrderId, String orderSerial, String reason, long timeMillis)
      implements OrderEvent {
    public Cancelled {
      requireId(clientOrderId);
      Objects.requireNonNull(orderSerial, "orderSerial");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The order's time in force ran out with its unfilled rest. */
  record Expired(String clientOrderId, String orderSerial, String reason, long timeMillis)
      implements OrderEvent {
    public Expired {
      requireId(clientOrderId);
      Objects.requireNonNull(orderSerial, "orderSerial");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Nobody knows what became of the order: the broker failed after the request left. */
  record Unknown(String clientOrderId, String reason, long timeMillis) implements OrderEvent {
    public Unknown {
      requireId(clientOrderId);
      Objects.requireNonNull(reason, "reason");
    }
  }

  private static void requireId(String clientOrderId) {
    if (clientOrderId == null || clientOrderId.isBlank()) {
      throw new IllegalArgumentException("clientOrderId is required");
    }
  }
}
