package org.aftm.application.port.out;

import java.util.List;
import java.util.Optional;
import org.aftm.domain.model.Contract;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;

/**
 * The broker, as its DLL offered it (docs/architecture.md §5): login, contracts, order accounts,
 * quotes, orders and positions. Only the main process holds one. Narrow on purpose, so an adapter
 * for a real broker (FIX, PFCF) is a single class.
 *
 * <p>Implementations are thread-safe: the gateway server, the CLI and the market-data publisher may
 * call them from different threads. Expected outcomes (a refused login, a refused order) are
 * values; exceptions ({@link ExchangeException}) mean the broker could not be reached or answered
 * nonsense.
 */
public interface ExchangeApi {

  /** Logs in. The password array is read, not kept; the caller clears it. */
  LoginResult login(String account, char[] password);

  void logout();

  /** Whether the connection to the broker is up. */
  boolean isConnected();

  /** Whether a login succeeded and has not been logged out. */
  boolean isLoggedIn();

  /** The contracts the broker lists today. */
  List<Contract> contracts();

  /** The order accounts of the logged-in user. */
  List<String> orderAccounts();

  /** Starts tick and best bid/offer events for one instrument. */
  void subscribeQuotes(String itemCode);

  void unsubscribeQuotes(String itemCode);

  /**
   * Registers a listener for quote, order-reply and fill events, delivered on the adapter's
   * threads.
   */
  void addListener(ExchangeListener listener);

  void removeListener(ExchangeListener listener);

  /**
   * Places an order and returns at once: an acknowledgement ({@code sent == true}, status {@code
   * submitted} or {@code accepted}, nothing filled yet) or a refusal ({@code sent == false} with
   * the broker's code and message). What becomes of an acknowledged order arrives later as {@link
   * ExchangeListener#onOrderEvent} events keyed by the request's client order id, which is required
   * here; an adapter may deliver them before this method returns, on the calling thread. This maps
   * onto FIX: NewOrderSingle out, one ExecutionReport per event back.
   */
  OrderResult placeOrder(OrderRequest request);

  /**
   * Asks the broker to take off the unfilled rest of a working order placed through {@link
   * #placeOrder}, and returns at once; the outcome arrives as an {@link
   * ExchangeListener#onOrderEvent} event ({@code Cancelled}), or none when the broker refuses (the
   * order already ended). FIX: OrderCancelRequest. By default a broker cannot cancel.
   *
   * @return whether the request went out: false for an order the broker adapter does not know or
   *     while it is not connected
   * @throws UnsupportedOperationException when the broker offers no cancel
   */
  default boolean cancelOrder(String clientOrderId) {
    throw new UnsupportedOperationException("this broker adapter cannot cancel orders");
  }

  /**
   * The broker's own word on one order, by client order id, for recovery: after a restart, the
   * lifecycle asks about the orders it left submitted or unknown (FIX: OrderStatusRequest). Empty
   * when the broker never received it.
   */
  Optional<OrderUpdate> orderState(String clientOrderId);

  /**
   * The account's orders still working at the broker (acknowledged and not final: submitted,
   * accepted, partially filled), oldest first, each as the broker's word on it. Asked at
   * reconciliation only (FIX: OrderMassStatusRequest for the account's open orders).
   */
  List<OrderUpdate> workingOrders(String account);

  /**
   * The account's positions valued at the last price, as the broker keeps them. Asked at start and
   * at reconciliation only: the main process's portfolio, built from fills, answers everything
   * else.
   */
  List<Position> positions(String account);
}
