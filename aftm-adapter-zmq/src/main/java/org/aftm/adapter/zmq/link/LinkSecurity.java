package org.aftm.adapter.zmq.link;

import java.util.Objects;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * How one end of one link secures its socket, applied when the socket is created and before it
 * binds or connects ({@code AFTM_LINK_SECURITY}):
 *
 * <ul>
 *   <li>{@link #NONE}: plain ZeroMQ, only for loopback;
 *   <li>{@link #server}: a CURVE server with its own key pair, whose clients the context's {@link
 *       ZapAllowList} admits by key;
 *   <li>{@link #client}: a CURVE client with its own key pair that trusts one server key.
 * </ul>
 *
 * <p>Immutable; safe to share between threads and sockets.
 */
public final class LinkSecurity {

  /** Plain ZeroMQ: no encryption, every peer {@link LinkPeer#UNAUTHENTICATED}. */
  public static final LinkSecurity NONE = new LinkSecurity(null, null, null, null);

  private final CurveKeyPair own;
  private final String serverPublicKey;
  private final ZapAllowList allowList;
  private final String domain;

  private LinkSecurity(
      CurveKeyPair own, String serverPublicKey, ZapAllowList allowList, String domain) {
    this.own = own;
    this.serverPublicKey = serverPublicKey;
    this.allowList = allowList;
    this.domain = domain;
  }

  /**
   * A CURVE server end. Its sockets must live in the context {@code allowList} was started in:
   * {@link #apply} checks it, because a CURVE server in a context without a handler admits any key.
   */
  public static LinkSecurity server(CurveKeyPair own, ZapAllowList allowList) {
    return new LinkSecurity(
        Objects.requireNonNull(own, "own"),
        null,
        Objects.requireNonNull(allowList, "allowList"),
        ZapAllowList.OPEN_DOMAIN);
  }

  /** A CURVE client end that connects only to the server holding {@code serverPublicKey}. */
  public static LinkSecurity client(CurveKeyPair own, String serverPublicKey) {
    return new LinkSecurity(
        Objects.requireNonNull(own, "own"),
        CurveKeyPair.requireKey(serverPublicKey, "server public key"),
        null,
        null);
  }

  /**
   * This server end for a link only AFTM's own processes use (signals, telemetry): the allow-list's
   * external keys are refused on it.
   */
  public LinkSecurity internalOnly() {
    if (allowList == null) {
      return this;
    }
    return new LinkSecurity(own, null, allowList, ZapAllowList.INTERNAL_DOMAIN);
  }

  /** Whether the link uses CURVE. */
  public boolean isCurve() {
    return own != null;
  }

  /**
   * Sets the socket's CURVE options (none for {@link #NONE}); call before bind or connect.
   *
   * @param context the context the socket was created in
   * @throws IllegalArgumentException when a server socket's context has not this end's ZAP handler
   */
  public void apply(ZContext context, ZMQ.Socket socket) {
    if (own == null) {
      return;
    }
    if (allowList != null) {
      if (allowList.context() != context) {
        throw new IllegalArgumentException(
            "a CURVE server socket must live in the context of its ZAP handler");
      }
      socket.setZapDomain(domain);
      socket.setCurveServer(true);
      socket.setCurveSecretKey(CurveKeyPair.decode(own.secretKey()));
    } else {
      socket.setCurveServerKey(CurveKeyPair.decode(serverPublicKey));
      socket.setCurvePublicKey(CurveKeyPair.decode(own.publicKey()));
      socket.setCurveSecretKey(CurveKeyPair.decode(own.secretKey()));
    }
  }

  /**
   * Who sent a message received on a server socket of this end: the allow-listed peer its
   * connection's ZAP user id names, or {@link LinkPeer#UNAUTHENTICATED} without CURVE. On a CURVE
   * end a message that names no allow-listed peer (which an admitted connection never does) is
   * {@link LinkPeer#UNIDENTIFIED}: it fails closed, with no internal rights.
   */
  public LinkPeer peerOf(zmq.Msg message) {
    if (allowList == null) {
      return LinkPeer.UNAUTHENTICATED;
    }
    if (message == null || message.getMetadata() == null) {
      return LinkPeer.UNIDENTIFIED;
    }
    return allowList.peerNamed(message.getMetadata().get(zmq.io.Metadata.USER_ID));
  }

  @Override
  public String toString() {
    if (own == null) {
      return "LinkSecurity[none]";
    }
    return allowList != null
        ? "LinkSecurity[curve server " + own.publicKey() + ", domain " + domain + "]"
        : "LinkSecurity[curve client " + own.publicKey() + " -> " + serverPublicKey + "]";
  }
}
