package org.aftm.application.port.out;

import java.util.List;
import org.aftm.domain.model.Contract;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.Position;

/**
 * The broker, as its DLL offered it (DESIGN §5): login, contracts, order accounts, quotes, orders
 * and positions. Only the main process holds one. Narrow on purpose, so an adapter for a real
 * broker (FIX, PFCF) is a single class.
 *
 * <p>Implementations are thread-safe: the gateway server, the CLI and the market-data publisher
 * may call them from different threads. Expected outcomes (a refused login, a refused order) are
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

  /** Registers a listener for quote, order-reply and fill events, delivered on the adapter's threads. */
  void addListener(ExchangeListener listener);

  void removeListener(ExchangeListener listener);

  /**
   * Places an order. A refusal comes back as {@code sent == false} with the broker's code and
   * message.
   */
  OrderResult placeOrder(OrderRequest request);

  /** The account's positions valued at the last price. */
  List<Position> positions(String account);
}
