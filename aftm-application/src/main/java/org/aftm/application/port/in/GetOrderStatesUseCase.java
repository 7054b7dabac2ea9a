package org.aftm.application.port.in;

import java.util.List;
import org.aftm.domain.order.OrderUpdate;

/** What became of orders, by client order id, from the main process's order lifecycle. */
public interface GetOrderStatesUseCase {

  /** At most this many ids per query. */
  int MAX_IDS = 1_000;

  /** The current state of each known order among these ids; unknown ids are left out. */
  List<OrderUpdate> orderStates(List<String> clientOrderIds);
}
