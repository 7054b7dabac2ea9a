package org.aftm.adapter.zmq.link;

import java.util.Objects;

/**
 * Who is at the other end of one message, as the link's authentication established it: the name the
 * allow-list gives a CURVE client key, and that key. On a link without CURVE ({@code
 * AFTM_LINK_SECURITY=none}) every peer is {@link #UNAUTHENTICATED}.
 *
 * @param name the allow-listed name of the client's key ({@code strategy}, {@code order-executor},
 *     {@code operator}, or an operator-added name), or {@code unauthenticated}
 * @param publicKey the client's CURVE public key in Z85 (40 characters), or empty when none
 * @param internal whether the key is one of AFTM's own (generated into the data directory), which
 *     may use the internal operations and the project's order-id namespace
 */
public record LinkPeer(String name, String publicKey, boolean internal) {

  /** A peer on a link without authentication. */
  public static final LinkPeer UNAUTHENTICATED = new LinkPeer("unauthenticated", "", false);

  /**
   * A message on a CURVE link that names no allow-listed key: treated as an external client, never
   * as an internal one nor as a plain link's unauthenticated peer.
   */
  public static final LinkPeer UNIDENTIFIED = new LinkPeer("unidentified", "unidentified", false);

  public LinkPeer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /** Whether the link authenticated this peer by its key. */
  public boolean authenticated() {
    return !publicKey.isEmpty();
  }
}
