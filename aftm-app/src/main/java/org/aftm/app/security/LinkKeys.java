package org.aftm.app.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.aftm.adapter.zmq.link.CurveKeyPair;
import org.aftm.adapter.zmq.link.LinkPeer;

/**
 * The install's link keys, as {@link LinkKeyStore} keeps them under {@code <data>/keys/}: a CURVE
 * key pair per AFTM party, the order-id secret, and the public keys of the external clients the
 * operator allowed. Held by the main process; the children get only their part, as {@link
 * ChildLinkKeys}. Immutable.
 *
 * @param main the main process: server of the gateway, ticks, order updates and telemetry
 * @param orderExecutor the order executor: gateway client, server of the signal link
 * @param strategy the strategy: client of every link
 * @param operator the operator's commands that talk to the gateway
 * @param clients external clients' public keys by name ({@code keys/clients/<name>.pub})
 */
public record LinkKeys(
    CurveKeyPair main,
    CurveKeyPair orderExecutor,
    CurveKeyPair strategy,
    CurveKeyPair operator,
    byte[] orderIdSecret,
    Map<String, String> clients) {

  /** Names of AFTM's own parties, which external clients may not take. */
  public static final List<String> INTERNAL_NAMES =
      List.of("main", "order-executor", "strategy", "operator");

  public LinkKeys {
    Objects.requireNonNull(main, "main");
    Objects.requireNonNull(orderExecutor, "orderExecutor");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(operator, "operator");
    orderIdSecret = orderIdSecret.clone();
    clients = Map.copyOf(new TreeMap<>(clients));
  }

  /** The per-install secret of the order-id proofs; a copy, which the caller may wipe. */
  @Override
  public byte[] orderIdSecret() {
    return orderIdSecret.clone();
  }

  /**
   * Who may connect to the main process's links: AFTM's own parties (internal) and the allow-listed
   * external clients.
   */
  public List<LinkPeer> mainClients() {
    List<LinkPeer> peers = new ArrayList<>();
    peers.add(new LinkPeer("strategy", strategy.publicKey(), true));
    peers.add(new LinkPeer("order-executor", orderExecutor.publicKey(), true));
    peers.add(new LinkPeer("operator", operator.publicKey(), true));
    clients.forEach((name, key) -> peers.add(new LinkPeer(name, key, false)));
    return peers;
  }

  /** Who may connect to the order executor's signal link: the strategy only. */
  public List<LinkPeer> orderExecutorClients() {
    return List.of(new LinkPeer("strategy", strategy.publicKey(), true));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LinkKeys keys
        && main.equals(keys.main)
        && orderExecutor.equals(keys.orderExecutor)
        && strategy.equals(keys.strategy)
        && operator.equals(keys.operator)
        && java.util.Arrays.equals(orderIdSecret, keys.orderIdSecret)
        && clients.equals(keys.clients);
  }

  @Override
  public int hashCode() {
    return Objects.hash(main, orderExecutor, strategy, operator, clients);
  }

  @Override
  public String toString() {
    return "LinkKeys[main="
        + main.publicKey()
        + ", orderExecutor="
        + orderExecutor.publicKey()
        + ", strategy="
        + strategy.publicKey()
        + ", operator="
        + operator.publicKey()
        + ", clients="
        + clients.keySet()
        + "]";
  }
}
